from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from jalon.operations.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("jalon.api.urls", "api"), namespace="api")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("jalon.web.urls")),
]

handler404 = "jalon.api.errors.not_found"
handler500 = "jalon.operations.views.server_error"
