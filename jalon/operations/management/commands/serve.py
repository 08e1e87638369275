import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


class Command(BaseCommand):
    help = (
        "Serve the web application: Django's development server, or with --production "
        "gunicorn (jalon/operations/gunicorn.conf.py), static files by WhiteNoise, DEBUG off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")
        parser.add_argument(
            "--production", action="store_true", help="gunicorn with the repository's configuration"
        )

    def handle(self, *args, host: str, port: int, production: bool, **options):
        if not production:
            self.stdout.write(
                f"jalon on http://{host}:{port}/ (API at /api/v1/docs/); Ctrl-C stops it."
            )
            call_command("runserver", f"{host}:{port}", use_reloader=False)
            return
        # The command line (`jalon serve --production`) has turned DEBUG off by default.
        call_command("check", deploy=True, fail_level="ERROR")
        call_command("collectstatic", interactive=False, verbosity=0)
        environment = {**os.environ, "JALON_BIND": os.environ.get("JALON_BIND", f"{host}:{port}")}
        environment.setdefault("JALON_DEBUG", "0" if not settings.DEBUG else "1")
        self.stdout.write(f"jalon (gunicorn) on http://{environment['JALON_BIND']}/")
        self.stdout.flush()
        os.execvpe(
            sys.executable,
            [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "jalon.wsgi:application"],
            environment,
        )
