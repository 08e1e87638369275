"""The benchmarks' Django process: a throw-away database (or JALON_BENCH_DATABASE_URL) and
production settings — DEBUG off, as `jalon serve --production` runs, so that no figure
includes Django's query log."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(prefix: str, hosts: str = "testserver") -> None:
    """Configure and set up Django for a bench script (a new working folder each run)."""
    workdir = tempfile.mkdtemp(prefix=prefix)
    os.environ["JALON_DATABASE_URL"] = os.environ.get(
        "JALON_BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
    )
    os.environ["JALON_VAR_DIR"] = workdir
    os.makedirs(f"{workdir}/static")  # whitenoise's folder (`jalon collectstatic` in production)
    os.environ["JALON_ALLOWED_HOSTS"] = hosts
    os.environ["JALON_DEBUG"] = "0"
    os.environ.setdefault("JALON_SECRET_KEY", "benchmark-only-secret-key")
    os.environ["JALON_SSL_REDIRECT"] = "0"  # the test client speaks plain HTTP
    os.environ.setdefault("JALON_LOG_LEVEL", "WARNING")  # the table, not every import event
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
