"""The shared cache's table (JALON_CACHE_URL=db://, the default), made by `migrate`.

Django keeps its database cache outside migrations (`createcachetable`); running it
here means every way of bringing a database up to date also makes the cache's table.
It does nothing when the cache is Redis or memory.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
