"""The health check and the error pages."""

from functools import cache

from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@cache
def _expected_migrations() -> frozenset[tuple[str, str]]:
    """Every migration the code has: read from disk once per process."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers and every migration is applied, else 503.

    No sign-in and no data in the answer: a load balancer or a monitor may call it.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = set(cursor.fetchall())
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "reason": "database"}, status=503)
    if not _expected_migrations() <= applied:
        return JsonResponse({"status": "unavailable", "reason": "migrations"}, status=503)
    return JsonResponse({"status": "ok"})


def server_error(request):
    """500: JSON under /api/ (the API's documented error body), the page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": "server_error", "detail": "The server failed; the error is logged."},
            status=500,
        )
    # No request context: whatever failed (the database, say) must not fail the page too.
    return HttpResponseServerError(loader.render_to_string("500.html"))
