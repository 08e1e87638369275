"""Domain errors as HTTP answers with a clear body: {"code", "detail", …}."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.defaults import page_not_found
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, ValidationError
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
        return Response({"code": "permission_denied", "detail": str(exc)}, status=403)
    if isinstance(exc, Http404):  # DRF would turn it into NotFound out of our sight
        exc = NotFound(*exc.args)
    return _normalise(drf_exception_handler(exc, context), exc)


def _normalise(response, exc):
    """One error shape everywhere: {"code", "detail"}, and for invalid fields `fields`
    (the messages by field name)."""
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        data = response.data
        data = data if isinstance(data, dict) else {"non_field_errors": data}
        fields = {name: [str(m) for m in _messages(messages)] for name, messages in data.items()}
        summary = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in fields.items())
        response.data = {"code": "invalid", "detail": summary, "fields": fields}
    elif isinstance(exc, APIException):
        codes = exc.get_codes()
        response.data = {
            "code": codes if isinstance(codes, str) else exc.default_code,
            "detail": str(response.data.get("detail", exc.default_detail))
            if isinstance(response.data, dict) else str(exc.detail),
        }  # fmt: skip
    return response


def _messages(messages) -> list:
    """The messages of a field, flattened (a nested serializer gives a dict)."""
    if isinstance(messages, dict):
        return [m for value in messages.values() for m in _messages(value)]
    if isinstance(messages, list):
        return [m for value in messages for m in _messages(value)]
    return [messages]


def not_found(request, exception=None):
    """404 for a URL no view answers: JSON under /api/, the usual page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "not_found", "detail": "No such URL."}, status=404)
    return page_not_found(request, exception)
