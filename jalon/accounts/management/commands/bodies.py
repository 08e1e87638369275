from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jalon.accounts.roles import bodies_of, set_bodies


class Command(BaseCommand):
    help = (
        "The bodies a user works for: jalon bodies alice (shows them), "
        "jalon bodies alice --set CTRO CTP (gives exactly these), --set with nothing (none)."
    )

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--set", nargs="*", metavar="CODE", dest="codes")

    def handle(self, *args, name, codes, **options):
        try:
            user = get_user_model().objects.get(username=name)
        except get_user_model().DoesNotExist:
            raise CommandError(f"no user {name!r}", returncode=2) from None
        if codes is not None:
            try:
                set_bodies(user, codes)
            except ValueError as exc:
                raise CommandError(str(exc), returncode=2) from None
        held = bodies_of(user)
        self.stdout.write(f"{name}: {', '.join(held) if held else 'no body'}")
