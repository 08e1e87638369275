"""The signed-in user's own settings: reminder e-mails."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jalon.reporting.models import ReminderSettings
from jalon.web.access import reader_required
from jalon.web.agenda import calendar_context
from jalon.web.forms import ReminderSettingsForm


@reader_required
def account(request):
    settings, _created = ReminderSettings.objects.get_or_create(user=request.user)
    form = ReminderSettingsForm(
        request.POST if request.method == "POST" else None, instance=settings
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return redirect("web:account")
    return render(request, "web/account.html", {"form": form, **calendar_context(request)})
