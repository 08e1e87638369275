"""The API against its own OpenAPI schema: a bounded schemathesis run, in process."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import positive_data_acceptance

from jalon.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI application directly, like a server: Django would close the
    database connection after each request, and with it the test's transaction. The test
    client avoids that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.exclude(path_regex="exports").parametrize()
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))  # fmt: skip
def test_every_operation_answers_as_its_schema_says(case, people, keep_test_connection):
    token, _ = Token.objects.get_or_create(user=people["alice"])
    # Business rules (an unknown body, a session that exists already) answer 400 to data
    # the schema allows: every other check applies.
    case.call_and_validate(
        headers={"Authorization": f"Token {token.key}"},
        excluded_checks=[positive_data_acceptance],
    )
