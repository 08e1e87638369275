"""The forward agenda in the API: what is due before a body at a session or in a period."""

from datetime import date

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from jalon.accounts.permissions import readable_body_ids
from jalon.agenda import services
from jalon.core.agenda import to_dict
from jalon.reporting.choices import ExecutionLevel, Keyword

TEXT = {"$ref": "#/components/schemas/Text"}
BODY_PATTERN = r"^[A-Z][A-Z/-]*$"
SESSION_PATTERN = r"^[A-Z][A-Z/-]*-\d+-\d+$"


class MilestoneSerializer(serializers.Serializer):
    bodies = serializers.ListField(child=serializers.CharField(),
                                   help_text="The bodies the milestone goes before.")  # fmt: skip
    start = serializers.DateField()
    end = serializers.DateField()


class LatestStatusSerializer(serializers.Serializer):
    session = serializers.CharField()
    keyword = serializers.ChoiceField(Keyword.choices, allow_null=True)
    execution_level = serializers.ChoiceField(ExecutionLevel.choices, allow_null=True)
    text = serializers.SerializerMethodField()

    @extend_schema_field(TEXT)
    def get_text(self, data):
        return data["text"]


class AgendaEntrySerializer(serializers.Serializer):
    programme = serializers.CharField(help_text="BODY-START-END")
    activity = serializers.UUIDField(help_text="The activity's permanent id.")
    ref = serializers.CharField()
    title = serializers.SerializerMethodField()
    deadline = serializers.SerializerMethodField()
    lead_body = serializers.CharField(allow_null=True)
    milestone = MilestoneSerializer()
    latest_status = LatestStatusSerializer(allow_null=True)

    @extend_schema_field(TEXT)
    def get_title(self, data):
        return data["title"]

    @extend_schema_field(TEXT)
    def get_deadline(self, data):
        return data["deadline"]


class AgendaSerializer(serializers.Serializer):
    body = serializers.CharField()
    session = serializers.CharField(allow_null=True)
    start = serializers.DateField()
    end = serializers.DateField()
    entries = AgendaEntrySerializer(many=True)


def _date(request, name: str) -> date | None:
    value = request.query_params.get(name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise serializers.ValidationError({name: "YYYY-MM-DD"}) from None


class AgendaView(APIView):
    """Every activity of every body's current programme with a milestone before the body
    at the session (`session`) or in the period (`from`, `to`), in date order."""

    @extend_schema(
        operation_id="agenda_retrieve",
        tags=["agenda"],
        parameters=[
            OpenApiParameter("body", str, required=True, pattern=BODY_PATTERN,
                             description="the body's code, e.g. CONSEIL"),
            OpenApiParameter("session", str, pattern=SESSION_PATTERN,
                             description="one of the body's dated sessions"),
            OpenApiParameter("from", date, description="with `to`, instead of `session`"),
            OpenApiParameter("to", date, description="with `from`, instead of `session`"),
        ],
        responses=AgendaSerializer,
    )  # fmt: skip
    def get(self, request):
        spelling = request.query_params.get("body") or ""
        code = request.query_params.get("session")
        start, end = _date(request, "from"), _date(request, "to")
        try:
            body = services.find_body(spelling)
        except services.AgendaError as exc:
            raise serializers.ValidationError({"body": str(exc)}) from None
        if code:
            if start or end:
                raise serializers.ValidationError({"session": "either session, or from and to"})
            try:
                start, end = services.session_period(body, code)
            except services.AgendaError as exc:
                if str(exc).startswith("no session"):
                    raise NotFound(str(exc)) from None
                raise serializers.ValidationError({"session": str(exc)}) from None
        elif not (start and end):
            raise serializers.ValidationError({"session": "give session, or from and to"})
        elif end < start:
            raise serializers.ValidationError({"to": "before from"})
        entries = services.agenda(body, start, end, readable_body_ids(request.user))
        return Response({
            "body": body.code,
            "session": code or None,
            "start": start,
            "end": end,
            "entries": [to_dict(entry) for entry in entries],
        })  # fmt: skip
