from django.db import migrations

from jalon.programmes.registry import seed


class Migration(migrations.Migration):
    """The bodies' numbering, languages and meeting rules, and the known meeting dates."""

    dependencies = [("programmes", "0008_body_calendar")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
