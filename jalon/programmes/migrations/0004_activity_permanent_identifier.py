import uuid

import django.db.models.deletion
from django.db import migrations, models


def give_identifiers(apps, schema_editor):
    Activity = apps.get_model("programmes", "Activity")
    for activity in Activity.objects.filter(uid__isnull=True).only("pk"):
        activity.uid = uuid.uuid4()
        activity.save(update_fields=["uid"])


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0003_activity_due_historicalactivity_due"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="uid",
            field=models.UUIDField(editable=False, null=True, verbose_name="identifier"),
        ),
        migrations.RunPython(give_identifiers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="activity",
            name="uid",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="Permanent: it stays the same when the activity is renumbered.",
                unique=True,
                verbose_name="identifier",
            ),
        ),
        migrations.AddField(
            model_name="historicalactivity",
            name="uid",
            field=models.UUIDField(
                db_index=True,
                default=uuid.uuid4,
                editable=False,
                help_text="Permanent: it stays the same when the activity is renumbered.",
                verbose_name="identifier",
            ),
        ),
        migrations.AddField(
            model_name="activity",
            name="predecessor",
            field=models.ForeignKey(
                blank=True,
                help_text="The same activity in an earlier programme.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="successors",
                to="programmes.activity",
                verbose_name="carried over from",
            ),
        ),
        migrations.AddField(
            model_name="historicalactivity",
            name="predecessor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The same activity in an earlier programme.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="programmes.activity",
                verbose_name="carried over from",
            ),
        ),
    ]
