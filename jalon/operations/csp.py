"""The Content-Security-Policy header (django-csp), its policy built once.

django-csp builds the policy from the settings for every response: two dataclass copies
and two passes over the directives, ~85 µs — the largest share of the middleware's cost
on an API answer. A response that asks for no policy of its own (no @csp_update,
@csp_replace, @csp …) to a request that drew no nonce gets the same header every time: it
is built once, and again only when the settings change.
"""

import http.client as http_client
from dataclasses import asdict

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, PolicyParts
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

_POLICIES: dict[bool, str] = {}  # report_only: the policy of the settings


@receiver(setting_changed)
def _forget_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _POLICIES.clear()


def policy(parts: PolicyParts, report_only: bool = False) -> str:
    """`build_policy(**asdict(parts), report_only=…)`, remembered for the settings' own
    policy (no part of the response's or the request's)."""
    if parts != PolicyParts():
        return build_policy(**asdict(parts), report_only=report_only)
    found = _POLICIES.get(report_only)
    if found is None:
        found = _POLICIES[report_only] = build_policy(report_only=report_only)
    return found


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware; its process_response is the library's (4.0), but for the
    policy, read from `policy()`."""

    def process_response(self, request, response):
        # csp.middleware.CSPMiddleware.process_response (4.0), its two build_policy(
        # **asdict(…)) calls replaced by policy(), the policy and the report-only policy
        # set by one loop.
        exempted_debug_codes = (http_client.INTERNAL_SERVER_ERROR, http_client.NOT_FOUND)
        if response.status_code in exempted_debug_codes and settings.DEBUG:
            return response

        for report_only, header, exempt, setting in (
            (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            parts = self.get_policy_parts(request=request, response=response,
                                          report_only=report_only)  # fmt: skip
            csp = policy(parts, report_only=report_only)
            if csp:
                is_not_exempt = getattr(response, exempt, False) is False
                no_header = header not in response
                config = getattr(settings, setting, None) or {}
                prefixes = config.get("EXCLUDE_URL_PREFIXES", None) or ()
                is_not_excluded = not request.path_info.startswith(tuple(prefixes))
                if no_header and is_not_exempt and is_not_excluded:
                    response[header] = csp

        # As django-csp: a nonce asked for after the header is written is an error.
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
