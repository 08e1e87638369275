import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create the first administrator account ('admin') if there is none. The password is "
        "JALON_ADMIN_PASSWORD if set (it must pass the password validators), otherwise a "
        "random one written to var/admin-password."
    )

    def handle(self, *args, **options):
        users = get_user_model().objects
        password_file = settings.VAR_DIR / "admin-password"
        if users.filter(is_superuser=True).exists():
            where = f" (password in {password_file})" if password_file.exists() else ""
            self.stdout.write(f"An administrator account already exists{where}.")
            return
        given = os.environ.get("JALON_ADMIN_PASSWORD")
        password = given or secrets.token_urlsafe(12)
        try:
            validate_password(password, get_user_model()(username="admin"))
        except ValidationError as exc:
            raise CommandError(
                "JALON_ADMIN_PASSWORD is refused: " + " ".join(exc.messages), returncode=2
            ) from None
        if not given:
            write_private(password_file, password + "\n")
        users.create_superuser("admin", email="", password=password)
        self.stdout.write(f"Created administrator 'admin' with password: {password}")


def write_private(path, text: str) -> None:
    """Write a file only its owner can read, never through a symbolic link put there."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.is_symlink():
        raise CommandError(f"{path} is a symbolic link: refusing to write through it", returncode=2)
    path.unlink(missing_ok=True)
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror}", returncode=2) from None
    with os.fdopen(descriptor, "w") as file:
        file.write(text)
