"""WSGI entry point (gunicorn jalon.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")
application = get_wsgi_application()

# The URL configuration and all it imports (every view, the document writers, matplotlib
# for the charts: about a second) are loaded here rather than at a worker's first
# request: `jalon serve --production` preloads this module in gunicorn's master, so each
# worker forked from it, and each one recycled, starts with them. No database connection
# is opened (a connection inherited across fork would be shared by the workers).
reverse("healthz")
