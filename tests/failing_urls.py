"""jalon's URLs plus two views that fail, to see the 500 page, its log line and the
API's JSON error (used with @pytest.mark.urls)."""

from django.urls import path

from jalon.urls import handler404, handler500, urlpatterns  # noqa: F401


def failing_view(request):
    raise RuntimeError("the failing view failed")


urlpatterns = [
    path("boom/", failing_view),
    path("api/v1/boom/", failing_view),
    *urlpatterns,
]
