"""Domain errors as HTTP answers with a clear body: {"code", "detail", …}."""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.views.defaults import page_not_found
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from jalon.core.programme import DocumentError
from jalon.core.rules import CheckError
from jalon.reporting.models import FrozenSessionError, StaleVersionError
from jalon.reporting.services import NotFoundError, ReportingError

logger = logging.getLogger("jalon.api")


def exception_handler(exc, context):
    if isinstance(exc, StaleVersionError):
        return Response(
            {"code": "stale_version", "detail": " ".join(exc.messages),
             "current_version": exc.current_version},
            status=status.HTTP_409_CONFLICT,
        )  # fmt: skip
    if isinstance(exc, FrozenSessionError):
        return Response(
            {"code": "frozen", "detail": " ".join(exc.messages), "session": exc.session_code},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, NotFoundError):
        return Response({"code": "not_found", "detail": str(exc)}, status=404)
    if isinstance(exc, (ReportingError, DocumentError, CheckError)):
        return Response({"code": "invalid", "detail": str(exc)}, status=400)
    if isinstance(exc, DjangoValidationError):
        return Response({"code": "invalid", "detail": " ".join(exc.messages)}, status=400)
    if isinstance(exc, PermissionDenied):
        return Response({"code": "forbidden", "detail": str(exc)}, status=403)
    response = drf_exception_handler(exc, context)
    if response is None:
        # A fault of ours: logged with its traceback, answered as the documented error.
        view = context.get("view")
        logger.exception("API error in %s", type(view).__name__ if view else "?", exc_info=exc)
        set_rollback()
        response = Response(
            {"code": "server_error", "detail": "An error on the server; it has been logged."},
            status=500,
        )
    return response


def not_found(request, exception=None):
    """404 for a URL no view answers: JSON under /api/, the usual page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "not_found", "detail": "No such URL."}, status=404)
    return page_not_found(request, exception)
