from django.db import migrations


def fill(apps, schema_editor):
    """Compute the derived fields (status progress, activity due date) of existing rows."""
    from jalon.programmes.models import due_date
    from jalon.reporting.models import progress_of

    StatusReport = apps.get_model("reporting", "StatusReport")
    for report in StatusReport.objects.filter(progress__isnull=True).iterator():
        text = {k: v for k, v in (("fr", report.text_fr), ("en", report.text_en)) if v}
        progress = progress_of(report.keyword, text)
        if progress:
            StatusReport.objects.filter(pk=report.pk).update(progress=progress)
    Activity = apps.get_model("programmes", "Activity")
    for activity in Activity.objects.filter(due__isnull=True).iterator():
        deadline = {k: v for k, v in (("fr", activity.deadline_fr), ("en", activity.deadline_en)) if v}
        due = due_date(deadline)
        if due:
            Activity.objects.filter(pk=activity.pk).update(due=due)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_historicalstatusreport_progress_and_more"),
        ("programmes", "0003_activity_due_historicalactivity_due"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
