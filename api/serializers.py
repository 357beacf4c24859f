"""What the API shows of each object: named fields only (never resume text, search vectors or
term weights), and only what the pages show the same viewer."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from rest_framework import serializers

from ats.people import person_name
from candidates.models import Candidate, JournalEntry
from candidates.services import PROFILE_FIELDS
from requisitions.models import Criterion, InterviewStage, Requisition, ServiceLevel
from workflows.applications.moves import MOVES
from workflows.models import Application, DispositionReason

# The largest id either database stores (SQLite refuses a bigger integer with a server error).
ID_MAX = 2**63 - 1


class UserSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "name", "email"]

    def get_name(self, user) -> str:
        return person_name(user)


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "kind", "name", "guidance", "order"]


class InterviewStageSerializer(serializers.ModelSerializer):
    interviewers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    focus_areas = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = InterviewStage
        fields = ["id", "name", "order", "duration_minutes", "interviewers", "focus_areas"]


class ServiceLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceLevel
        fields = ["duty", "hours", "agreed_at"]


REQUISITION_FIELDS = [
    "id",
    "title",
    "slug",
    "department",
    "location",
    "employment_type",
    "headcount",
    "status",
    "published",
    "hiring_manager",
    "recruiter",
    "target_fill_date",
    "opened_at",
    "closed_at",
    "created_at",
    "updated_at",
]


class RequisitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Requisition
        fields = REQUISITION_FIELDS
        read_only_fields = fields


class RequisitionDetailSerializer(RequisitionSerializer):
    """A requisition with its intake: criteria, interview plan and agreed SLAs."""

    criteria = CriterionSerializer(many=True, read_only=True)
    stages = InterviewStageSerializer(many=True, read_only=True)
    service_levels = ServiceLevelSerializer(many=True, read_only=True)

    class Meta(RequisitionSerializer.Meta):
        fields = [*REQUISITION_FIELDS, "description", "criteria", "stages", "service_levels"]
        read_only_fields = fields


class CandidateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Candidate
        fields = ["id", *PROFILE_FIELDS, "resume_filename", "created_at", "updated_at"]
        read_only_fields = fields


class CandidateBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Candidate
        fields = ["id", "first_name", "last_name"]
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer):
    candidate = CandidateBriefSerializer(read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "candidate",
            "requisition",
            "state",
            "state_changed_at",
            "source",
            "disposition_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class DispositionReasonSerializer(serializers.ModelSerializer):
    class Meta:
        model = DispositionReason
        fields = ["id", "group", "label"]
        read_only_fields = fields


class ApplicationFilterSerializer(serializers.Serializer):
    """The application list's query parameters."""

    requisition = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    state = serializers.ChoiceField(choices=Application.State.choices, required=False)


class CandidateFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)


class RequisitionFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Requisition.Status.choices, required=False)
    department = serializers.CharField(required=False, max_length=100)


class MoveSerializer(serializers.Serializer):
    """One move: the transition's name, and what the move asks for (reason, note, feedback)."""

    transition = serializers.ChoiceField(choices=sorted(MOVES))
    reason = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=ID_MAX,
        help_text="A disposition reason's id (reject, withdraw).",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    feedback = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    expected_state = serializers.ChoiceField(
        choices=Application.State.choices,
        required=False,
        help_text="The state you saw: the move is refused (409) if it has moved since.",
    )
    override_justification = serializers.CharField(
        required=False, allow_blank=True, max_length=4000, default=""
    )

    def validate(self, data: dict) -> dict:
        """Only what the move asks for, as on the page's form (a shortlist takes no note)."""
        move = MOVES[data["transition"]]
        takes = {
            "reason": move.needs_reason,
            "note": move.needs_reason or move.needs_note,
            "feedback": move.needs_feedback,
        }
        extra = {
            field: f"{move.label} takes no {field}."
            for field, taken in takes.items()
            if data.get(field) and not taken
        }
        if extra:
            raise serializers.ValidationError(extra)
        return data


class DuplicateSerializer(serializers.Serializer):
    detail = serializers.CharField()
    existing = serializers.IntegerField(help_text="The id of the candidate with this email.")


class MoveRefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())


class CandidateCreateSerializer(serializers.Serializer):
    """A new profile (JSON, or multipart with a `resume` file). The page's form then checks it,
    so the API and the page accept and refuse the same things."""

    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    email = serializers.EmailField(max_length=254)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    location = serializers.CharField(max_length=150, required=False, allow_blank=True)
    current_title = serializers.CharField(max_length=150, required=False, allow_blank=True)
    current_company = serializers.CharField(max_length=150, required=False, allow_blank=True)
    skills = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    links = serializers.ListField(child=serializers.URLField(), required=False)
    source = serializers.ChoiceField(choices=Candidate.Source.choices, required=False)
    talent_pool_consent = serializers.BooleanField(required=False, default=False)
    resume = serializers.FileField(required=False, help_text="PDF, DOCX or plain text, ≤ 10 MB.")

    def as_form_data(self) -> tuple[dict, dict]:
        """The page form's POST and FILES for these values."""
        data = dict(self.validated_data)
        resume = data.pop("resume", None)
        data["skills"] = ", ".join(data.get("skills", []))
        data["links"] = "\n".join(data.get("links", []))
        data.setdefault("source", Candidate.Source.SOURCED)
        if not data.pop("talent_pool_consent"):
            data["talent_pool_consent"] = ""
        return data, ({"resume_file": resume} if resume else {})


class JournalNoteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=10000)
    requisition = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=ID_MAX,
        help_text="The requisition it concerns (one you see).",
    )


class JournalEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = JournalEntry
        fields = ["id", "kind", "summary", "body", "actor", "requisition", "created_at"]
        read_only_fields = fields
