import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the first administrator account ('admin') if there is none. The password is "
        "JALON_ADMIN_PASSWORD if set, otherwise a random one written to var/admin-password."
    )

    def handle(self, *args, **options):
        users = get_user_model().objects
        password_file = settings.VAR_DIR / "admin-password"
        if users.filter(is_superuser=True).exists():
            where = f" (password in {password_file})" if password_file.exists() else ""
            self.stdout.write(f"An administrator account already exists{where}.")
            return
        password = os.environ.get("JALON_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        users.create_superuser("admin", email="", password=password)
        if "JALON_ADMIN_PASSWORD" not in os.environ:
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        self.stdout.write(f"Created administrator 'admin' with password: {password}")
