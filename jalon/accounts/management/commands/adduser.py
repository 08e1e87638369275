import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jalon.accounts.roles import ROLES, create_user, set_bodies


class Command(BaseCommand):
    help = (
        "Create an account (or change its role and password): admin, secretariat or member. "
        "The password comes from JALON_PASSWORD, or is asked for."
    )

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--role", choices=list(ROLES), required=True)
        parser.add_argument(
            "--body",
            action="append",
            default=[],
            metavar="CODE",
            help="a body the user works for (repeat for several; e.g. --body CTRO)",
        )

    def handle(self, *args, name, role, body, **options):
        password = os.environ.get("JALON_PASSWORD")
        if not password:
            if not self.interactive():
                raise CommandError("set JALON_PASSWORD or run in a terminal", returncode=2)
            password = getpass.getpass(f"Password for {name}: ")
            if password != getpass.getpass("Again: "):
                raise CommandError("the passwords differ", returncode=2)
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=2) from None
        from django.db import transaction

        try:
            with transaction.atomic():
                user = create_user(name, role, password)
                codes = set_bodies(user, body)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        bodies = f" for {', '.join(codes)}" if codes else ""
        self.stdout.write(f"{name} can now sign in as {ROLES[role]}{bodies}.")

    def interactive(self) -> bool:
        return os.isatty(0)
