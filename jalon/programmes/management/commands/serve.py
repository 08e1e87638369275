from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the web application for local use (Django's development server)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")

    def handle(self, *args, host: str, port: int, **options):
        self.stdout.write(
            f"jalon on http://{host}:{port}/ (API at /api/v1/docs/); Ctrl-C stops it."
        )
        call_command("runserver", f"{host}:{port}", use_reloader=False)
