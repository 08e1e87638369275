"""jalon's own events in the log: failed sign-ins (the web and the admin).

Imports, rounds opened, freezes and unfreezes are logged where they happen
(jalon.interchange.store, jalon.reporting) on the same `jalon.events` logger, each line
with an `event` field naming it.
"""

import logging

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("jalon.events")


@receiver(user_login_failed)
def sign_in_failed(sender, credentials, request=None, **kwargs):
    remote = request.META.get("REMOTE_ADDR") if request is not None else None
    logger.warning(
        "sign-in failed",
        extra={
            "event": "sign-in-failed",
            "username": credentials.get("username"),
            "remote": remote,
        },
    )
