from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Print a user's API token (created if needed), or revoke it with --revoke."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--revoke", action="store_true", help="delete the token")

    def handle(self, *args, name, revoke, **options):
        try:
            user = get_user_model().objects.get(username=name)
        except get_user_model().DoesNotExist:
            raise CommandError(f"no user {name!r}", returncode=2) from None
        if revoke:
            deleted, _ = Token.objects.filter(user=user).delete()
            self.stdout.write(f"Revoked {name}'s token." if deleted else f"{name} had no token.")
            return
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
