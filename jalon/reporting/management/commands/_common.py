"""What the commands share: who is acting, writing their output file, and turning domain
errors into exit 2."""

import os
from contextlib import contextmanager
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from jalon.reporting.services import ReportingError


def add_user_argument(parser, required=False):
    parser.add_argument(
        "--user",
        "--as",
        dest="user",
        default=os.environ.get("JALON_USER"),
        required=required and not os.environ.get("JALON_USER"),
        help="the jalon account acting, recorded in the audit trail and held to its "
        "permissions: its role and the bodies it works for (default: $JALON_USER)",
    )


def write_output(path, content: bytes) -> None:
    """Write a command's output file; a path that cannot be written is exit 2, named."""
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise CommandError(f"{path}: cannot write: {exc.strerror}", returncode=2) from None


def find_user(name: str | None):
    if not name:
        return None
    try:
        return get_user_model().objects.get(username=name)
    except get_user_model().DoesNotExist:
        raise CommandError(f"no user {name!r}", returncode=2) from None


def iso_date(value: str) -> date:
    from argparse import ArgumentTypeError

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


@contextmanager
def usage_errors():
    """Domain errors (unknown ids, frozen sessions, stale versions) exit with status 2."""
    try:
        yield
    except (ReportingError, PermissionDenied) as exc:
        raise CommandError(str(exc), returncode=2) from None
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages), returncode=2) from None
