"""WSGI entry point (gunicorn jalon.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")
application = get_wsgi_application()
