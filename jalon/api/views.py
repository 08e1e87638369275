"""The REST API, /api/v1/: thin views over the domain's services."""

import re
from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from jalon.api import serializers as s
from jalon.core.rules import check
from jalon.documents.formats import FORMATS, default_filename, render
from jalon.interchange.store import load
from jalon.programmes.models import Activity, Programme
from jalon.reporting.filters import ActivityFilter
from jalon.reporting.models import Session, StatusReport, with_status
from jalon.reporting.services import (
    UNSET,
    find_activity,
    find_session,
    freeze_session,
    open_session,
    set_status,
)

PROGRAMME = OpenApiParameter(
    "programme", str, description="BODY-START-END, e.g. CTP-2022-2025 (default: the latest)",
    pattern=r"^[A-Z][A-Z/-]*-\d{4}-\d{4}$",
)  # fmt: skip
SESSION = OpenApiParameter(
    "session", str, description="session id, e.g. CTP-243-244 (default: the latest)",
    pattern=r"^[A-Z][A-Z/-]*-\d+-\d+$",
)  # fmt: skip


def _param(request, name: str, pattern: str) -> str | None:
    """A query parameter that, when given, must have the documented form."""
    value = request.query_params.get(name)
    if value is not None and not re.fullmatch(pattern, value):
        raise serializers.ValidationError({name: f"does not match {pattern}"})
    return value


def programme_of(request) -> Programme:
    programme = Programme.objects.find(_param(request, "programme", PROGRAMME.pattern))
    if programme is None:
        raise Http404("no programme")
    return programme


def session_of(request, programme: Programme) -> Session | None:
    code = _param(request, "session", SESSION.pattern)
    if code:
        return get_object_or_404(Session.objects.select_related("body"), code=code)
    return Session.latest(programme.body)


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Work programmes, e.g. CTP-2022-2025."""

    serializer_class = s.ProgrammeSerializer
    queryset = Programme.objects.latest_first()
    lookup_value_regex = r"[^/]+-\d{4}-\d{4}"

    def get_object(self):
        programme = Programme.objects.find(self.kwargs["pk"])
        if programme is None:
            raise Http404("no such programme")
        return programme


@extend_schema(parameters=[PROGRAMME, SESSION])
class ActivityViewSet(viewsets.ReadOnlyModelViewSet):
    """Activities of a programme with their status at a session. Filter by section,
    priority, execution level, strategic code, body, task type, overdue, text (`q`)."""

    serializer_class = s.ActivitySerializer
    filterset_class = ActivityFilter
    lookup_field = "ref"
    lookup_value_regex = r"I{1,2}\.\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drawing the schema: no data needed
            return Activity.objects.none()
        programme = programme_of(self.request)
        session = session_of(self.request, programme)
        return with_status(programme.activities.current(), session).order_by("-section", "number")

    def get_object(self):
        activity = find_activity(self.kwargs["ref"], programme_of(self.request))
        return self.get_queryset().get(pk=activity.pk)

    @extend_schema(responses=s.StatusReportSerializer(many=True),
                   parameters=[OpenApiParameter("session", exclude=True)])  # fmt: skip
    @action(detail=True, pagination_class=None, filterset_class=None)
    def history(self, request, ref=None):
        """The activity's status at every session, oldest first."""
        activity = find_activity(ref, programme_of(request))
        reports = sorted(
            activity.status_reports.select_related("session__body", "activity"),
            key=lambda r: r.session.chronological_key(),
        )
        return Response(s.StatusReportSerializer(reports, many=True).data)


class SessionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Committee sessions. POST opens a reporting round (carrying statuses forward)."""

    serializer_class = s.SessionSerializer
    lookup_field = "code"
    lookup_value_regex = r"[A-Z][A-Z/-]*-\d+-\d+"
    admin_actions = ("unfreeze",)
    pagination_class = None

    def get_queryset(self):
        return Session.objects.select_related("body").order_by("start", "code")

    @extend_schema(request=s.OpenSessionSerializer, responses={201: s.SessionSerializer})
    def create(self, request, *args, **kwargs):
        data = s.OpenSessionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        opened = open_session(data.validated_data["id"], data.validated_data.get("start"),
                              data.validated_data.get("end"), user=request.user)  # fmt: skip
        return Response(s.SessionSerializer(opened.session).data, status=201)

    @extend_schema(request=None, responses=s.SessionSerializer)
    @action(detail=True, methods=["post"])
    def freeze(self, request, code=None):
        """Make the round a record: its statuses can no longer change."""
        session = find_session(code)
        freeze_session(session, user=request.user)
        return Response(s.SessionSerializer(session).data)

    @extend_schema(request=s.UnfreezeSerializer, responses=s.SessionSerializer)
    @action(detail=True, methods=["post"])
    def unfreeze(self, request, code=None):
        """Reopen a presented report (administrators only); the reason is recorded."""
        data = s.UnfreezeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = find_session(code)
        session.unfreeze(request.user, data.validated_data["reason"])
        return Response(s.SessionSerializer(session).data)


STATUS_EXAMPLE = OpenApiExample(
    "Record I.8 as completed",
    value={
        "activity": "I.8",
        "session": "CTP-245-246",
        "keyword": "completed",
        "execution_level": "green",
        "text": "Achevé en octobre 2024.",
        "lang": "fr",
        "version": 1,
    },  # fmt: skip
    request_only=True,
)


@extend_schema(parameters=[
    OpenApiParameter("session", str, description="only this session's statuses"),
    OpenApiParameter("activity", str, description="only this activity's, e.g. I.8"),
])  # fmt: skip
class StatusReportViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin,
                          viewsets.ReadOnlyModelViewSet):  # fmt: skip
    """Status reports. POST records an activity's status for a session; PUT/PATCH update
    one. Give `version` (the version you read): a stale edit gets 409, a frozen session 409."""

    serializer_class = s.StatusReportSerializer

    def get_queryset(self):
        reports = StatusReport.objects.select_related("activity", "session").order_by(
            "session__start", "activity__section", "activity__number"
        )
        params = self.request.query_params
        if params.get("session"):
            reports = reports.filter(session__code=params["session"])
        if params.get("activity"):
            section, _, number = params["activity"].partition(".")
            if section not in ("I", "II") or not number.isdigit():
                raise serializers.ValidationError({"activity": "I.8 or II.20"})
            reports = reports.filter(
                activity__section="time_bound" if section == "I" else "permanent",
                activity__number=int(number),
            )
        return reports

    def _record(self, request, activity, session, data, status):
        report = set_status(
            activity,
            session,
            keyword=data.get("keyword", UNSET),
            execution_level=data.get("execution_level", UNSET),
            text=data.get("text"),
            lang=data.get("lang", "fr"),
            expected_version=data.get("version"),
            user=request.user,
        )
        return Response(s.StatusReportSerializer(report).data, status=status)

    @extend_schema(request=s.StatusWriteSerializer, responses={201: s.StatusReportSerializer},
                   examples=[STATUS_EXAMPLE])  # fmt: skip
    def create(self, request, *args, **kwargs):
        data = s.StatusWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = find_session(data.validated_data["session"])
        programme = session.body.programmes.order_by("-period_start").first()
        if programme is None:
            raise serializers.ValidationError({"session": "no programme for this body"})
        activity = find_activity(data.validated_data["activity"], programme)
        return self._record(request, activity, session, data.validated_data, 201)

    @extend_schema(request=s.StatusUpdateSerializer, responses=s.StatusReportSerializer)
    def update(self, request, *args, **kwargs):
        report = self.get_object()
        data = s.StatusUpdateSerializer(data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        return self._record(request, report.activity, report.session, data.validated_data, 200)


class FindingsView(APIView):
    """The rule checker's findings (DESIGN.md catalogue) for a session or a date."""

    @extend_schema(
        parameters=[PROGRAMME, SESSION, OpenApiParameter("as_of", date)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        as_of = request.query_params.get("as_of")
        try:
            as_of = date.fromisoformat(as_of) if as_of is not None else None
        except ValueError:
            raise serializers.ValidationError({"as_of": "YYYY-MM-DD"}) from None
        document = load(programme_of(request))
        session = _param(request, "session", SESSION.pattern)
        return Response(check(document, session, as_of).to_dict())


class ExportView(APIView):
    """The session document in a format (docx, pdf, xlsx, html, md, csv) or the programme
    as jalon.programme/1 JSON."""

    @extend_schema(
        parameters=[PROGRAMME, SESSION,
                    OpenApiParameter("lang", str, enum=["fr", "en"]),
                    OpenApiParameter("name", str, OpenApiParameter.PATH, enum=list(FORMATS))],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )  # fmt: skip
    def get(self, request, name):
        if name not in FORMATS:
            raise Http404(f"no format {name}")
        lang = request.query_params.get("lang")
        if lang not in (None, "fr", "en"):
            raise serializers.ValidationError({"lang": "fr or en"})
        document = load(programme_of(request))
        session = _param(request, "session", SESSION.pattern)
        content = render(document, name, session, lang)
        response = HttpResponse(content, content_type=FORMATS[name].media_type)
        filename = default_filename(document, name, session, lang)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
