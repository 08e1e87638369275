from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from jalon.api import views
from jalon.api.agenda import AgendaView
from jalon.documents.formats import FORMATS

router = DefaultRouter()
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("sessions", views.SessionViewSet, basename="session")
router.register("status-reports", views.StatusReportViewSet, basename="statusreport")

urlpatterns = [
    path("", include(router.urls)),
    path("findings/", views.FindingsView.as_view(), name="findings"),
    path("agenda/", AgendaView.as_view(), name="agenda"),
    # One path per format: each says its own media type in the schema.
    *(
        path(f"exports/{name}/", views.export_view(name).as_view(), name=f"export-{name}")
        for name in FORMATS
    ),  # fmt: skip
    # The schema and its documentation page are public: they describe, they hold no data.
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path(
        "docs/",
        # The split view serves its start-up script as a file: no inline script. Swagger UI
        # styles some elements inline; this page shows the schema only, never data.
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", permission_classes=[AllowAny]
            )
        ),
        name="docs",
    ),
]
