"""The API's middleware: its version on every answer; and the web's middleware that a
token's read of the API has no use for, passed by."""

from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware as BaseAuthentication
from django.contrib.messages.middleware import MessageMiddleware as BaseMessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware as BaseSessionMiddleware
from simple_history.middleware import HistoryRequestMiddleware as history_request

PREFIX = "/api/v1/"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class ApiVersionMiddleware:
    """Every answer under /api/v1/ says the API's version (the schema's info.version)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(PREFIX):
            response["API-Version"] = settings.SPECTACULAR_SETTINGS["VERSION"]
        return response


def token_read(request) -> bool:
    """A read of the API (GET, HEAD, OPTIONS under /api/v1/) with a token and no cookie.

    DRF's token authentication, first, answers it alone: `Authorization: Token …` is
    either a valid token or refused, the session is never consulted. It carries no cookie:
    no session to read or to renew, no messages, no CSRF cookie. It writes nothing: no
    audit entry needs its user. So the session, the signed-in user, the messages and the
    audit trail's request have nothing to do for it: their work (a cookie signer, message
    storages, lazy objects) is passed by. (CSRF and axes's middleware cost next to nothing
    then and stay.)"""
    found = getattr(request, "_jalon_token_read", None)
    if found is None:
        words = request.META.get("HTTP_AUTHORIZATION", "").split()
        found = request._jalon_token_read = (
            request.method in SAFE_METHODS
            and request.path_info.startswith(PREFIX)
            and bool(words)
            and words[0].lower() == "token"
            and not request.META.get("HTTP_COOKIE")
        )
    return found


class PassedByTokenReads:
    """Mixin: the middleware does nothing for a token's read of the API (token_read)."""

    def __call__(self, request):
        if token_read(request):
            return self.get_response(request)
        return super().__call__(request)


class SessionMiddleware(PassedByTokenReads, BaseSessionMiddleware):
    pass


class AuthenticationMiddleware(PassedByTokenReads, BaseAuthentication):
    pass


class MessageMiddleware(PassedByTokenReads, BaseMessageMiddleware):
    pass


class HistoryRequestMiddleware:
    """django-simple-history's (the user of each audit entry), passed by token reads."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.history = history_request(get_response)

    def __call__(self, request):
        if token_read(request):
            return self.get_response(request)
        return self.history(request)
