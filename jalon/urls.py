from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(("jalon.api.urls", "api"), namespace="api")),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]

handler404 = "jalon.api.errors.not_found"
