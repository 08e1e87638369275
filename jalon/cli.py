"""The `jalon` command: the project's commands, and Django's management commands.

`jalon import FILE`, `jalon export …`, `jalon serve` … run the project's commands;
anything else goes to Django as with `django-admin` (`jalon migrate`, `jalon shell`).
Every command that touches the data first brings a fresh database up to date.
"""

import os
import sys

# Commands that need the database schema: migrated first if it is not current.
DATA_COMMANDS = {
    "import", "export", "check", "session", "status", "diff", "serve", "createadmin",
    "adduser", "bodies", "token", "demo-data", "checkrules", "remind", "agenda",
    "consolidated",
}  # fmt: skip

# `jalon check` is the programme's rule checker; Django's system check stays reachable
# through its own options (`jalon check --deploy`) or as `jalon systemcheck`.
SYSTEM_CHECK_OPTIONS = {"--deploy", "--tag", "-t", "--list-tags", "--fail-level", "--database"}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")
    if argv[1:2] == ["serve"] and "--production" in argv:
        os.environ.setdefault("JALON_DEBUG", "0")  # production: DEBUG off unless said
    if argv[1:2] != ["serve"]:
        # A command says what it did itself; its events (imports, freezes …) are logged
        # as JSON lines only when asked, e.g. from cron: JALON_LOG_LEVEL=INFO.
        os.environ.setdefault("JALON_LOG_LEVEL", "WARNING")

    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import ManagementUtility, execute_from_command_line

    try:
        django.setup()
    except ImproperlyConfigured as error:
        # A missing or wrong setting: one sentence, no traceback (e.g. JALON_SECRET_KEY).
        sys.stderr.write(f"jalon: {error}\n")
        sys.exit(2)
    argv = route(argv)
    if len(argv) > 1 and argv[1] in DATA_COMMANDS:
        migrate_if_needed()
        # Django's system checks cost seconds and concern the web server, not the data;
        # `jalon check --deploy` (or `jalon systemcheck`) runs them.
        command = ManagementUtility(argv).fetch_command(argv[1])
        command.requires_system_checks = []
        command.run_from_argv(argv)
        return
    execute_from_command_line(argv)


def route(argv: list[str]) -> list[str]:
    """Map the project's command names onto management commands."""
    if len(argv) < 2:
        return argv
    command, options = argv[1], argv[2:]
    if command == "systemcheck":
        return [argv[0], "check", *options]
    if command == "check" and not SYSTEM_CHECK_OPTIONS & {o.split("=")[0] for o in options}:
        return [argv[0], "checkrules", *options]
    return argv


def migrate_if_needed() -> None:
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


if __name__ == "__main__":
    main()
