from django.db import migrations


def keep_what_they_could_do(apps, schema_editor):
    """On upgrade, the Secretariat's and coordinators' existing accounts are given every
    body that has a programme: they keep what they could edit before bodies were
    assigned (narrow it with `jalon bodies NAME --set …` or the admin)."""
    User = apps.get_model("auth", "User")
    Programme = apps.get_model("programmes", "Programme")
    BodyAssignment = apps.get_model("accounts", "BodyAssignment")
    bodies = set(Programme.objects.values_list("body_id", flat=True))
    users = User.objects.filter(groups__name__in=["secretariat", "coordinator"]).distinct()
    BodyAssignment.objects.bulk_create(
        [BodyAssignment(user_id=user.pk, body_id=body) for user in users for body in bodies],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_body_assignment")]

    operations = [migrations.RunPython(keep_what_they_could_do, migrations.RunPython.noop)]
