"""The client's address, for the sign-in brute-force protection (django-axes)."""

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, unless it is one of JALON_TRUSTED_PROXIES: then the address that proxy
    saw, the right-most X-Forwarded-For entry that is not itself a trusted proxy. Without
    trusted proxies the header is ignored: anyone can write it."""
    remote = request.META.get("REMOTE_ADDR")
    trusted = settings.TRUSTED_PROXIES
    if not trusted or remote not in trusted:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed(forwarded):
        if address and address not in trusted:
            return address
    return remote
