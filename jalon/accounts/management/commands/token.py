from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = (
        "Print a user's API token (created if needed); --rotate replaces it with a new one, "
        "--revoke deletes it. A password change also revokes it."
    )

    def add_arguments(self, parser):
        parser.add_argument("name")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--revoke", action="store_true", help="delete the token")
        action.add_argument("--rotate", action="store_true", help="replace it with a new one")

    def handle(self, *args, name, revoke, rotate, **options):
        try:
            user = get_user_model().objects.get(username=name)
        except get_user_model().DoesNotExist:
            raise CommandError(f"no user {name!r}", returncode=2) from None
        if revoke:
            deleted, _ = Token.objects.filter(user=user).delete()
            self.stdout.write(f"Revoked {name}'s token." if deleted else f"{name} had no token.")
            return
        if rotate:
            Token.objects.filter(user=user).delete()
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
