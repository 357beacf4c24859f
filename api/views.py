"""The REST API, v1: thin views over the same selectors, rules and services as the pages.

Every queryset starts from the token's user (`visible_requisitions(user)`, …), so what a page
hides is hidden here too and another's object is a 404; every write is the page's service.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from api import serializers as s
from api.selectors import visible_users
from ats.rules import may
from candidates import services as candidate_services
from candidates.forms import CandidateForm, NoteForm
from candidates.models import Candidate
from candidates.selectors import get_candidate_for_user, search_candidates, visible_candidates
from requisitions.models import Requisition
from requisitions.selectors import (
    get_requisition_with_intake,
    requisition_list,
    visible_requisitions,
)
from workflows.applications.selectors import get_application_for_user, visible_applications
from workflows.applications.services import StaleApplication, TransitionBlocked, application_move
from workflows.models import Application, DispositionReason

# A note may concern a requisition still in progress, as on the profile page.
NOTE_STATUSES = (Requisition.Status.DRAFT, Requisition.Status.OPEN, Requisition.Status.ON_HOLD)


def _schema_only(view) -> bool:
    """drf-spectacular asks for the queryset without a user, to type the path parameters."""
    return getattr(view, "swagger_fake_view", False)


def _query(request, serializer_class) -> dict:
    """The query parameters, checked: a bad one is a 400 naming it."""
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data


def _require(request, rule: str) -> None:
    """A whole area the user may not see is a 404, as on the pages."""
    if not may(request.user, rule):
        raise Http404


@extend_schema_view(
    list=extend_schema(
        parameters=[s.RequisitionFilterSerializer], summary="Requisitions you may see"
    ),
    retrieve=extend_schema(
        responses=s.RequisitionDetailSerializer,
        summary="A requisition with its intake: criteria, interview plan, agreed SLAs",
    ),
)
class RequisitionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.RequisitionSerializer

    def get_queryset(self):
        if _schema_only(self):
            return Requisition.objects.none()
        _require(self.request, "requisitions.view_requisitions")
        params = _query(self.request, s.RequisitionFilterSerializer)
        return requisition_list(self.request.user, **params)

    def retrieve(self, request, pk=None):
        requisition = get_requisition_with_intake(request.user, _pk(pk))
        return Response(s.RequisitionDetailSerializer(requisition).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[s.CandidateFilterSerializer],
        summary="The candidate database (recruiters and admins); ?q= searches as the page does",
    ),
)
class CandidateViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CandidateSerializer
    parser_classes = [JSONParser, MultiPartParser]

    def get_queryset(self):
        if _schema_only(self):
            return Candidate.objects.none()
        _require(self.request, "candidates.view_candidates")
        query = _query(self.request, s.CandidateFilterSerializer).get("q", "")
        return search_candidates(visible_candidates(self.request.user), query)

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(get_candidate_for_user(request.user, _pk(pk))).data)

    @extend_schema(
        request={
            "application/json": s.CandidateCreateSerializer,
            "multipart/form-data": s.CandidateCreateSerializer,
        },
        responses={201: s.CandidateSerializer, 409: s.DuplicateSerializer},
        summary="Add a candidate (with a resume: multipart), as the page's form does",
    )
    def create(self, request):
        _require(request, "candidates.view_candidates")
        body = s.CandidateCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        form = CandidateForm(*body.as_form_data())
        if not form.is_valid():
            if form.existing_candidate is not None:
                return _duplicate(form.existing_candidate)
            raise exceptions.ValidationError(_form_errors(form))
        try:
            candidate = candidate_services.candidate_create(
                by=request.user, resume=form.cleaned_data["resume_file"], **form.profile_fields()
            )
        except candidate_services.DuplicateCandidate as duplicate:
            return _duplicate(duplicate.existing)
        return Response(self.get_serializer(candidate).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.JournalNoteSerializer,
        responses={201: s.JournalEntrySerializer},
        summary="Add a note to the candidate's journal",
    )
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        candidate = get_candidate_for_user(request.user, _pk(pk))
        body = s.JournalNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        requisitions = visible_requisitions(request.user).filter(status__in=NOTE_STATUSES)
        form = NoteForm(
            {
                "text": body.validated_data["text"],
                "requisition": body.validated_data.get("requisition") or "",
            },
            requisitions=requisitions,
        )
        if not form.is_valid():
            raise exceptions.ValidationError(_form_errors(form))
        try:
            entry = candidate_services.journal_note_add(
                candidate=candidate,
                by=request.user,
                text=form.cleaned_data["text"],
                requisition=form.cleaned_data["requisition"],
            )
        except ValidationError as error:
            raise exceptions.ValidationError(_error_detail(error)) from None
        return Response(s.JournalEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        parameters=[s.ApplicationFilterSerializer],
        summary="Applications you may see (an HM: their requisitions', from shortlisted on)",
    ),
)
class ApplicationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ApplicationSerializer

    def get_queryset(self):
        if _schema_only(self):
            return Application.objects.none()
        params = _query(self.request, s.ApplicationFilterSerializer)
        applications = visible_applications(self.request.user).select_related("candidate")
        if "requisition" in params:
            applications = applications.filter(requisition_id=params["requisition"])
        if "state" in params:
            applications = applications.filter(state=params["state"])
        return applications

    def retrieve(self, request, pk=None):
        app = get_application_for_user(request.user, _pk(pk))
        return Response(self.get_serializer(app).data)

    @extend_schema(
        request=s.MoveSerializer,
        responses={200: s.ApplicationSerializer, 409: s.MoveRefusalSerializer},
        summary="Move the application (the same service, guards and side effects as the page)",
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        app = get_application_for_user(request.user, _pk(pk))
        body = s.MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            moved = application_move(
                application=app,
                transition=data["transition"],
                by=request.user,
                reason=_offered_reason(data.get("reason")),
                note=data["note"],
                feedback=data["feedback"],
                override_justification=data["override_justification"],
                expected_state=data.get("expected_state"),
            )
        except TransitionBlocked as error:
            return _refusal("This move is blocked.", error.messages)
        except StaleApplication as error:
            return _refusal(str(error), [str(error)])
        except PermissionDenied as error:
            raise exceptions.PermissionDenied(str(error) or None) from None
        except ValidationError as error:
            raise exceptions.ValidationError(_error_detail(error)) from None
        return Response(self.get_serializer(moved).data)


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """Colleagues (recruiters and admins see every active user; anyone else themselves)."""

    serializer_class = s.UserSerializer

    def get_queryset(self):
        return visible_users(self.request.user)


class DispositionReasonViewSet(viewsets.ReadOnlyModelViewSet):
    """The reasons a person may give when rejecting or withdrawing an application."""

    serializer_class = s.DispositionReasonSerializer
    queryset = DispositionReason.objects.filter(active=True, is_system=False)


def _pk(value) -> int:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 1 <= pk <= s.ID_MAX:
        raise Http404
    return pk


def _offered_reason(pk: int | None) -> DispositionReason | None:
    if pk is None:
        return None
    reason = DispositionReason.objects.filter(pk=pk, active=True, is_system=False).first()
    if reason is None:
        raise exceptions.ValidationError({"reason": ["Choose one of the reasons offered."]})
    return reason


def _form_errors(form) -> dict:
    names = {"resume_file": "resume"}
    return {
        names.get(field, "non_field_errors" if field == "__all__" else field): list(messages)
        for field, messages in form.errors.items()
    }


def _duplicate(existing) -> Response:
    detail = "Someone in the database already has this email."
    return Response({"detail": detail, "existing": existing.pk}, status=status.HTTP_409_CONFLICT)


def _refusal(detail: str, reasons: list[str]) -> Response:
    return Response({"detail": detail, "reasons": reasons}, status=status.HTTP_409_CONFLICT)


def _error_detail(error: ValidationError) -> dict | list:
    if hasattr(error, "error_dict"):
        return {
            "non_field_errors" if field == "__all__" else field: messages
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}
