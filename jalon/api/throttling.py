"""Rate limits per API token, at the rate of the token's role (settings: REST_FRAMEWORK
DEFAULT_THROTTLE_RATES, by role; `JALON_API_RATE_<ROLE>`). Over the limit: 429 with
Retry-After. The counts live in the "throttle" cache: Redis, shared by the processes of a
server, when JALON_CACHE_URL is redis://; otherwise each process's memory (a database
cache would cost a write per request), so a limit then holds per worker process."""

from django.core.cache import caches
from rest_framework.authtoken.models import Token
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from jalon.accounts.roles import role_of


class RoleRateThrottle(SimpleRateThrottle):
    cache = caches["throttle"]

    def __init__(self):
        pass  # the rate depends on the request's user: see allow_request

    def allow_request(self, request, view):
        self.scope = role_of(request.user)
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) if self.scope else None
        if self.rate is None:
            return True  # no role (refused anyway), or no limit for this role
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        # Per token: two tokens of one person are two clients; the web session counts apart.
        ident = request.auth.key if isinstance(request.auth, Token) else f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
