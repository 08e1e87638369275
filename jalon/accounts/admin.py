"""The users' page of the admin, with the bodies each user works for."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from jalon.accounts.models import BodyAssignment


class BodyAssignmentInline(admin.TabularInline):
    model = BodyAssignment
    extra = 0
    autocomplete_fields = ["body"]


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserWithBodiesAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, BodyAssignmentInline]
