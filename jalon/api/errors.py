"""Domain errors as HTTP answers with a clear body: {"code", "detail", …}."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.views.defaults import page_not_found
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from jalon.core.programme import DocumentError
from jalon.core.rules import CheckError
from jalon.reporting.models import FrozenSessionError, StaleVersionError
from jalon.reporting.services import NotFoundError, ReportingError


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
    # Anything else is a fault of ours: Django logs it with its traceback and answers
    # the documented JSON error (jalon.operations.views).
    return drf_exception_handler(exc, context)


def not_found(request, exception=None):
    """404 for a URL no view answers: JSON under /api/, the usual page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "not_found", "detail": "No such URL."}, status=404)
    return page_not_found(request, exception)
