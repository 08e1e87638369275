"""The REST API, /api/v1/: thin views over the domain's services."""

import re
from datetime import UTC, date, datetime

from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from jalon.accounts.permissions import may_read, readable_body_ids
from jalon.accounts.roles import role_of
from jalon.api import filters, rows
from jalon.api import serializers as s
from jalon.api.answers import ANSWERS
from jalon.api.examples import EXAMPLES
from jalon.api.pagination import CLAMPED_HEADER
from jalon.core.collector import collector_paused
from jalon.core.rules import check
from jalon.documents.formats import FORMATS, default_filename, render
from jalon.interchange.store import load, load_for_check, load_for_document
from jalon.programmes.models import Activity, Programme
from jalon.programmes.registry import load as load_registry
from jalon.reporting.filters import ActivityFilter
from jalon.reporting.models import FrozenSessionError, Session, StatusReport
from jalon.reporting.services import (
    UNSET,
    find_activity,
    find_session,
    freeze_session,
    open_session,
    require_edit,
    set_status,
)
from jalon.reporting.versions import data_version
from jalon.revisions import services as revisions
from jalon.revisions.models import Revision

PROGRAMME = OpenApiParameter(
    "programme", str, description="BODY-START-END, e.g. CTP-2022-2025 (default: the latest)",
    pattern=r"^[A-Z][A-Z/-]*-\d{4}-\d{4}$",
)  # fmt: skip
SESSION = OpenApiParameter(
    "session", str, description="session id, e.g. CTP-243-244 (default: the latest)",
    pattern=r"^[A-Z][A-Z/-]*-\d+(?:-\d+)?$",
)  # fmt: skip
BODY = OpenApiParameter(
    "body", str, description="a body's code, e.g. CTP: its programmes (or, where one "
    "programme is meant, its most recent) — the web application's body picker",
    pattern=r"^[A-Z][A-Z/-]*$",
)  # fmt: skip
ACTIVITY_PATTERN = r"^I{1,2}\.\d+$"
READ_REFUSAL = "You may read only the programmes of the bodies you are given."
FILTERS = set(ActivityFilter.base_filters)  # the list's filters, `ordering` among them
REMEMBERED_HEADERS = {CLAMPED_HEADER}


def _param(request, name: str, pattern: str) -> str | None:
    """A query parameter that, when given, must have the documented form."""
    value = request.query_params.get(name)
    if value is not None and not re.fullmatch(pattern, value):
        raise serializers.ValidationError({name: f"does not match {pattern}"})
    return value


def readable(user, queryset, body_field: str = "body_id"):
    """Only the rows of the bodies the user may read (every body, unless Members read
    only their own: JALON_MEMBERS_READ=assigned)."""
    ids = readable_body_ids(user)
    return queryset if ids is None else queryset.filter(**{f"{body_field}__in": ids})


def programme_of(request, by_body: bool = True) -> Programme:
    """?programme=BODY-START-END, else (`by_body`) ?body=CODE's most recent programme, else
    the most recent the user may read. Another body's, for a Member who reads only theirs:
    403."""
    spec = _param(request, "programme", PROGRAMME.pattern)
    body = _param(request, "body", BODY.pattern) if by_body else None
    if spec:
        code, start, end = spec.rsplit("-", 2)
        programme = rows.latest_programme(code, (int(start), int(end)))
    elif body:
        programme = rows.latest_programme(body)
    else:
        programme = rows.latest_programme(body_ids=readable_body_ids(request.user))
    if programme is None:
        raise Http404("no programme")
    if body and programme.body.code != body:
        raise serializers.ValidationError({"body": f"programme {spec} is not {body}'s"})
    if not may_read(request.user, programme):
        raise PermissionDenied(READ_REFUSAL)
    return programme


def session_of(request, programme: Programme) -> Session | None:
    code = _param(request, "session", SESSION.pattern)
    if code:
        session = get_object_or_404(Session.objects.select_related("body"), code=code)
        if not may_read(request.user, session):
            raise PermissionDenied(READ_REFUSAL)
        return session
    return rows.latest_session(programme.body)  # Session.latest, in one plain statement


@extend_schema_view(list=extend_schema(parameters=[BODY]))
class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Work programmes, e.g. CTP-2022-2025; `?body=CODE` for one body's."""

    serializer_class = s.ProgrammeSerializer
    lookup_value_regex = r"[^/]+-\d{4}-\d{4}"

    def get_queryset(self):
        programmes = readable(self.request.user, Programme.objects.latest_first())
        if body := _param(self.request, "body", BODY.pattern):
            programmes = programmes.filter(body__code=body)
        return programmes

    def get_object(self):
        programme = Programme.objects.find(self.kwargs["pk"])
        if programme is None:
            raise Http404("no such programme")
        if not may_read(self.request.user, programme):
            raise PermissionDenied(READ_REFUSAL)
        return programme


@extend_schema(parameters=[PROGRAMME, SESSION])
class ActivityViewSet(viewsets.ReadOnlyModelViewSet):
    """Activities of a programme with their status at a session. Filter by section,
    priority, execution level, strategic code, body, task type, overdue, text (`q`)."""

    serializer_class = s.ActivitySerializer
    filterset_class = filters.ActivityFilter
    lookup_field = "ref"
    lookup_value_regex = r"I{1,2}\.\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drawing the schema: no data needed
            return Activity.objects.none()
        self.programme, self.session = self.programme_and_session()
        activities = Activity.objects.filter(programme_id=self.programme.pk, withdrawn=False)
        # The status columns (one join) only where a filter reads them.
        if wanted := rows.STATUS_COLUMNS.keys() & self.request.query_params.keys():
            activities = rows.with_status_columns(activities, self.session, sorted(wanted))
        return activities.order_by("-section", "number")

    # The list and the detail are read from rows (jalon.api.rows): ActivitySerializer's
    # JSON, byte for byte, at a fraction of its cost; the serializer still documents it.
    # Their answers are remembered until the data changes (jalon.api.answers).
    def list(self, request, *args, **kwargs):
        return self.remembered(request, self._list)

    def retrieve(self, request, *args, **kwargs):
        return self.remembered(request, self._retrieve)

    def programme_and_session(self):
        if not hasattr(self, "_programme_and_session"):
            programme = programme_of(self.request, by_body=False)
            self._programme_and_session = programme, session_of(self.request, programme)
        return self._programme_and_session

    def _list(self):
        if FILTERS.isdisjoint(self.request.query_params):
            # Nothing to filter, the default order: plain statements, no queryset.
            self.programme, self.session = self.programme_and_session()
            activities = rows.CurrentActivities(self.programme)
        else:
            activities = self.filter_queryset(self.get_queryset())
            activities = rows.FilteredActivities(activities.values(*rows.ACTIVITY_COLUMNS))
        page = self.paginate_queryset(activities)
        return self.get_paginated_response(rows.activities(page, self.session))

    def _retrieve(self):
        programme = programme_of(self.request, by_body=False)
        row = rows.activity_row(self.kwargs["ref"], programme)
        return Response(rows.activities([row], session_of(self.request, programme))[0])

    def remembered(self, request, answer):
        """`answer()`'s JSON, remembered under the user, the request and the data's
        version: a repeated request costs one statement (the version) and no rendering."""
        renderer = request.accepted_renderer
        if type(renderer) is not JSONRenderer:  # the browsable API: not remembered
            return answer()
        params = tuple(sorted((k, tuple(v)) for k, v in request.query_params.lists()))
        # What decides the answer: who asks (their role and the bodies they may read, which
        # are not in the audit trail), the request, and the data.
        key = (request.user.pk, role_of(request.user), readable_body_ids(request.user),
               request.path, params, request.accepted_media_type, data_version())  # fmt: skip
        found = ANSWERS.get(key)
        if found is None:
            # Thousands of new dicts and lists, none in a cycle: no collection walking
            # the whole heap meanwhile (a quarter of the time of a page of 500).
            with collector_paused():
                response = answer()
                content = rows.render(response.data, renderer, request.accepted_media_type,
                                      self.get_renderer_context())  # fmt: skip
            headers = {name: value for name, value in response.items()
                       if name in REMEMBERED_HEADERS}  # fmt: skip
            ANSWERS.put(key, content, headers)
        else:
            content, headers = found
        return HttpResponse(content, content_type=renderer.media_type, headers=headers)

    @extend_schema(responses=s.StatusReportSerializer(many=True),
                   parameters=[OpenApiParameter("session", exclude=True)])  # fmt: skip
    @action(detail=True, pagination_class=None, filterset_class=None)
    def history(self, request, ref=None):
        """The activity's status at every session, oldest first."""
        activity = find_activity(ref, programme_of(request, by_body=False))
        reports = sorted(
            activity.status_reports.select_related("session__body", "activity"),
            key=lambda r: r.session.chronological_key(),
        )
        return Response(s.StatusReportSerializer(reports, many=True).data)


@extend_schema_view(list=extend_schema(parameters=[BODY]))
class SessionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Committee sessions. POST opens a reporting round (carrying statuses forward)."""

    serializer_class = s.SessionSerializer
    lookup_field = "code"
    lookup_value_regex = r"[A-Z][A-Z/-]*-\d+(?:-\d+)?"
    admin_actions = ("unfreeze",)
    pagination_class = None

    def get_queryset(self):
        sessions = readable(self.request.user, Session.objects.select_related("body"))
        if self.action == "list" and (body := _param(self.request, "body", BODY.pattern)):
            sessions = sessions.filter(body__code=body)
        return sessions.order_by("start", "code")

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


# RFC 9745: the date the string form of `text` (with `lang`) was deprecated.
TEXT_AS_STRING_DEPRECATED = datetime(2026, 11, 27, tzinfo=UTC)


def deprecate(response) -> None:
    """Say that the request used a deprecated form, and where the current one is told."""
    response["Deprecation"] = f"@{int(TEXT_AS_STRING_DEPRECATED.timestamp())}"
    response["Link"] = '</api/v1/docs/>; rel="deprecation"; type="text/html"'


STATUS_EXAMPLE = OpenApiExample(
    "Record I.8 as completed", value=EXAMPLES["StatusWriteRequest"], request_only=True
)


@extend_schema_view(create=extend_schema(parameters=[PROGRAMME]), list=extend_schema(parameters=[
    OpenApiParameter("session", str, description="only this session's statuses",
                     pattern=SESSION.pattern),
    OpenApiParameter("activity", str, description="only this activity's, e.g. I.8",
                     pattern=ACTIVITY_PATTERN),
    BODY,
]))  # fmt: skip
class StatusReportViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin,
                          viewsets.ReadOnlyModelViewSet):  # fmt: skip
    """Status reports. POST records an activity's status for a session; PUT/PATCH update
    one. Give `version` (the version you read): a stale edit gets 409, a frozen session 409."""

    serializer_class = s.StatusReportSerializer

    def get_queryset(self):
        reports = StatusReport.objects.select_related("activity", "session").order_by(
            "session__start", "activity__section", "activity__number"
        )
        reports = readable(self.request.user, reports, "session__body_id")
        if self.action != "list":
            return reports
        if body := _param(self.request, "body", BODY.pattern):
            reports = reports.filter(session__body__code=body)
        if session := _param(self.request, "session", SESSION.pattern):
            reports = reports.filter(session__code=session)
        if activity := _param(self.request, "activity", ACTIVITY_PATTERN):
            section, _, number = activity.partition(".")
            reports = reports.filter(
                activity__section="time_bound" if section == "I" else "permanent",
                activity__number=int(number),
            )
        return reports

    def _record(self, request, activity, session, data, status):
        if session.frozen:
            raise FrozenSessionError(session.code)
        version = data.get("version") or _if_match(request)
        if version is None and StatusReport.objects.filter(activity=activity,
                                                           session=session).exists():  # fmt: skip
            return Response(
                {"code": "version_required",
                 "detail": "Give the version you read (`version`, or an If-Match header): "
                           "without it this edit could silently overwrite someone else's."},
                status=428,
            )  # fmt: skip
        report = set_status(
            activity,
            session,
            keyword=data.get("keyword", UNSET),
            execution_level=data.get("execution_level", UNSET),
            texts=data.get("text", {}),
            expected_version=version,
            user=request.user,
        )
        response = Response(s.StatusReportSerializer(report).data, status=status)
        if data.get("deprecated_text"):
            deprecate(response)
        return response

    @extend_schema(request=s.StatusWriteSerializer, responses={201: s.StatusReportSerializer},
                   examples=[STATUS_EXAMPLE])  # fmt: skip
    def create(self, request, *args, **kwargs):
        data = s.StatusWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = find_session(data.validated_data["session"])
        programme = _programme_of_session(request, session)
        activity = find_activity(data.validated_data["activity"], programme)
        return self._record(request, activity, session, data.validated_data, 201)

    @extend_schema(request=s.StatusUpdateSerializer, responses=s.StatusReportSerializer)
    def update(self, request, *args, **kwargs):
        report = self.get_object()
        data = s.StatusUpdateSerializer(data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        return self._record(request, report.activity, report.session, data.validated_data, 200)

    @extend_schema(request=s.StatusUpdateSerializer, responses=s.StatusReportSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)


def _programme_of_session(request, session) -> Programme:
    """The programme a status at `session` belongs to: the one named (?programme=), else
    the one whose statuses the session holds (a round carries its programme's forward),
    else the body's latest — never silently another programme once programmes coexist."""
    if "programme" in request.query_params:
        return programme_of(request)
    held = (
        Programme.objects.filter(activities__status_reports__session=session)
        .distinct()
        .order_by("-period_start")
    )
    programme = held.first() or session.body.programmes.order_by("-period_start").first()
    if programme is None:
        raise serializers.ValidationError({"session": "no programme for this body"})
    return programme


def _if_match(request) -> int | None:
    """The version an If-Match header names ("3", W/"3"), if any."""
    match = re.fullmatch(r'\s*(?:W/)?"?([0-9]+)"?\s*', request.headers.get("If-Match", ""))
    return int(match[1]) if match else None


class FindingsView(APIView):
    """The rule checker's findings (DESIGN.md catalogue) for a session or a date."""

    @extend_schema(
        parameters=[PROGRAMME, BODY, SESSION, OpenApiParameter("as_of", date)],
        responses=s.FindingsSerializer,
    )
    def get(self, request):
        as_of = request.query_params.get("as_of")
        try:
            as_of = date.fromisoformat(as_of) if as_of is not None else None
        except ValueError:
            raise serializers.ValidationError({"as_of": "YYYY-MM-DD"}) from None
        session = _param(request, "session", SESSION.pattern)
        document = load_for_check(programme_of(request), session, as_of)
        return Response(check(document, session, as_of, load_registry()).to_dict())


class ExportView(APIView):
    """The session document in a format (docx, pdf, xlsx, html, md, csv) or the programme
    as jalon.programme/1 JSON. One view, and one path, per format: `export_view(name)`."""

    format_name = ""

    def get(self, request):
        name = self.format_name
        lang = request.query_params.get("lang")
        if lang not in (None, "fr", "en"):
            raise serializers.ValidationError({"lang": "fr or en"})
        programme = programme_of(request)
        session = _param(request, "session", SESSION.pattern)
        # A session document reads its session's statuses only, not every session's.
        document = load(programme) if name == "json" else load_for_document(programme, session)
        content = render(document, name, session, lang)
        response = HttpResponse(content, content_type=FORMATS[name].media_type)
        filename = default_filename(document, name, session, lang)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


def export_view(name: str):
    """The export view of one format, its schema saying that format's media type."""
    output = FORMATS[name]
    media_type = output.media_type.split(";")[0]
    if name == "json":
        body, what = OpenApiTypes.OBJECT, "The programme in the jalon.programme/1 format."
    else:
        body = OpenApiTypes.BINARY if output.binary else OpenApiTypes.STR
        what = f"The session document ({name})."

    @extend_schema(
        operation_id=f"export_{name}",
        parameters=[PROGRAMME, BODY, SESSION, OpenApiParameter("lang", str, enum=["fr", "en"],
                    description="the document's language (default: the programme's)")],
        responses={(200, media_type): OpenApiResponse(body, description=what)},
    )  # fmt: skip
    def get(self, request):
        return ExportView.get(self, request)

    attributes = {"format_name": name, "__doc__": what, "get": get}
    return type(f"{name.title()}ExportView", (ExportView,), attributes)


def _version_or_428(request, data):
    """The version the edit is based on (`version`, or an If-Match header), or the 428
    answer: without it an edit could silently overwrite someone else's."""
    version = data.get("version") or _if_match(request)
    if version is None:
        return None, Response(
            {"code": "version_required",
             "detail": "Give the revision's version you read (`version`, or an If-Match "
                       "header): without it this edit could silently overwrite someone else's."},
            status=428,
        )  # fmt: skip
    return version, None


@extend_schema(parameters=[PROGRAMME])
class RevisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Revisions of a programme (?programme=, default the latest) with their changes. POST
    starts the draft (or answers the one there is); POST …/changes/ edits the programme
    inside the draft; POST …/advance/ moves it on (presented → endorsed → adopted). Give
    the revision's `version` you read with each edit: a stale one gets 409, none 428; a
    revision that is no longer a draft takes no change (409 record), an adopted one none
    at all."""

    serializer_class = s.RevisionSerializer
    lookup_field = "number"
    lookup_value_regex = r"\d+"
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Revision.objects.none()
        return (
            programme_of(self.request)
            .revisions.select_related("programme__body", "session")
            .prefetch_related("changes__activity", "changes__related")
            .order_by("number")
        )

    def _answer(self, revision, status=200):
        revision = self.get_queryset().get(pk=revision.pk)
        return Response(s.RevisionSerializer(revision).data, status=status)

    @extend_schema(request=None, responses={201: s.RevisionSerializer, 200: s.RevisionSerializer})
    def create(self, request, *args, **kwargs):
        """Start the programme's draft revision; the draft there is, if any (200)."""
        programme = programme_of(request)
        require_edit(request.user, programme)  # the bodies the user works for
        existing = programme.revisions.filter(state="draft").first()
        revision = existing or revisions.draft(programme)
        return self._answer(revision, 200 if existing else 201)

    @extend_schema(request=s.ChangeWriteSerializer, responses=s.RevisionSerializer,
                   examples=[OpenApiExample("Reword I.3", request_only=True,
                                            value=EXAMPLES["ChangeWriteRequest"])])  # fmt: skip
    @action(detail=True, methods=["post"])
    def changes(self, request, number=None):
        """One change of the programme inside the draft: added, amended, withdrawn,
        merged, split or renumbered."""
        revision = self.get_object()
        require_edit(request.user, revision)
        data = s.ChangeWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version, refused = _version_or_428(request, data.validated_data)
        if refused:
            return refused
        with transaction.atomic():
            revision = revisions.locked(revision, version)
            self._change(revision, data)
        return self._answer(revision)

    def _change(self, revision, data):
        values, programme = data.validated_data, revision.programme
        kind = values["kind"]
        columns = data.columns({k: v for k, v in values.items() if k in
                                s.ActivityColumnsSerializer().fields})  # fmt: skip

        def activity(name="activity"):
            return find_activity(values[name], programme)

        if kind == "added":
            if values.get("number"):
                columns["number"] = values["number"]
            revisions.add_activity(revision, values["section"], **columns)
        elif kind == "amended":
            if not columns:
                raise serializers.ValidationError({"kind": "amended: give the columns to change"})
            revisions.amend_activity(revision, activity(), **columns)
        elif kind in ("withdrawn", "merged"):
            related = activity("related") if values.get("related") else None
            revisions.withdraw_activity(revision, activity(), values["reason"], related, kind)
        elif kind == "split":
            parts = [s.SplitPartSerializer().columns(part) for part in values["parts"]]
            revisions.split_activity(revision, activity(), parts, values["reason"])
        else:
            revisions.renumber_section(revision, values["section"])

    @extend_schema(request=s.AdvanceSerializer, responses=s.RevisionSerializer,
                   examples=[OpenApiExample("Endorse", request_only=True,
                                            value=EXAMPLES["AdvanceRequest"])])  # fmt: skip
    @action(detail=True, methods=["post"])
    def advance(self, request, number=None):
        """Move the revision one state on, with the date and the decision's reference."""
        revision = self.get_object()
        require_edit(request.user, revision)
        data = s.AdvanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        version, refused = _version_or_428(request, values)
        if refused:
            return refused
        session = find_session(values["session"]) if values.get("session") else None
        with transaction.atomic():
            revision = revisions.locked(revision, version)
            revisions.advance(revision, values["state"], values.get("on"),
                              values.get("reference", ""), session=session)  # fmt: skip
        return self._answer(revision)
