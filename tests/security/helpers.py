"""Shared by the security tests: a minimal valid jalon.programme/1 document, clients."""

import copy
import json

from django.test import Client
from rest_framework.authtoken.models import Token

MINIMAL = {
    "format": "jalon.programme/1",
    "programme": {"body": "CTP", "title": {"fr": "Programme de travail 2022-2025"},
                  "period": [2022, 2025]},
    "sessions": [{"id": "CTP-243-244", "body": "CTP", "numbers": [243, 244],
                  "start": "2024-04-23", "end": "2024-04-26", "frozen": False}],
    "activities": [{"section": "time_bound", "number": 1, "title": {"fr": "Une activité"},
                    "status_reports": [{"session": "CTP-243-244", "text": {"fr": "En cours."}}]}],
}  # fmt: skip


def programme_json(change=None) -> bytes:
    """The minimal document as bytes, after `change(document)` edits a copy of it."""
    document = copy.deepcopy(MINIMAL)
    if change:
        change(document)
    return json.dumps(document).encode()  # ASCII: a lone surrogate stays an escape


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_client(user) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")
