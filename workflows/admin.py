from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError

from workflows.applications.moves import MOVES
from workflows.applications.services import StaleApplication, TransitionBlocked, application_move
from workflows.interviews.services import (
    interview_cancel,
    interview_complete,
    interview_mark_no_show,
)
from workflows.models import (
    Application,
    ApplicationTransition,
    DispositionReason,
    Interview,
    InterviewPanelist,
    Offer,
    RejectionNotice,
    Scorecard,
    ScorecardRating,
    ScreeningAnswer,
    ScreeningQuestion,
    ScreeningResponse,
    Task,
)
from workflows.offers.services import LABELS as OFFER_LABELS
from workflows.offers.services import offer_move


class MoveActionForm(ActionForm):
    """What a move may need, beside the action menu: a reason, a note, feedback, a justification."""

    reason = forms.ModelChoiceField(
        queryset=DispositionReason.objects.filter(active=True, is_system=False),
        required=False,
        label="Disposition reason",
    )
    note = forms.CharField(required=False, label="Note")
    feedback = forms.CharField(required=False, label="HM feedback (decline)")
    override_justification = forms.CharField(
        required=False, label="Override justification (only to pass a blocking guard)"
    )


def _move_action(name: str):
    move = MOVES[name]

    def action(modeladmin, request, queryset):
        form = MoveActionForm(request.POST)
        form.is_valid()
        data = form.cleaned_data
        moved = 0
        for app in queryset.select_related("candidate"):
            try:
                application_move(
                    application=app,
                    transition=name,
                    by=request.user,
                    reason=data.get("reason"),
                    note=data.get("note", ""),
                    feedback=data.get("feedback", ""),
                    override_justification=data.get("override_justification", ""),
                )
            except (StaleApplication, TransitionBlocked, PermissionDenied) as error:
                text = " ".join(getattr(error, "messages", [str(error)]))
                modeladmin.message_user(request, f"{app.candidate}: {text}", messages.ERROR)
            except ValidationError as error:
                modeladmin.message_user(
                    request, f"{app.candidate}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                moved += 1
        if moved:
            modeladmin.message_user(request, f"{move.label}: {moved} moved.", messages.SUCCESS)

    action.__name__ = f"move_{name}"
    action.short_description = f"Move: {move.label}"
    return action


class TransitionInline(admin.TabularInline):
    model = ApplicationTransition
    extra = 0
    can_delete = False
    fields = [
        "created_at",
        "transition",
        "from_state",
        "to_state",
        "by",
        "reason",
        "note",
        "overridden",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["candidate", "requisition", "state", "state_changed_at", "source"]
    list_filter = ["state", "requisition"]
    search_fields = ["candidate__first_name", "candidate__last_name", "candidate__email"]
    list_select_related = ["candidate", "requisition"]
    fields = [
        "candidate",
        "requisition",
        "state",
        "state_changed_at",
        "disposition_reason",
        "disposition_note",
        "decline_feedback",
        "source",
        "created_by",
        "created_at",
    ]
    readonly_fields = fields
    inlines = [TransitionInline]
    action_form = MoveActionForm
    actions = [_move_action(name) for name in MOVES]

    def has_add_permission(self, request):
        # Applications are created by application_create (journaled), not by hand.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DispositionReason)
class DispositionReasonAdmin(admin.ModelAdmin):
    list_display = ["label", "group", "active", "is_system", "order"]
    list_filter = ["group", "active", "is_system"]
    list_editable = ["active", "order"]
    search_fields = ["label"]


@admin.register(ApplicationTransition)
class ApplicationTransitionAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "application",
        "from_state",
        "to_state",
        "by",
        "reason",
        "overridden",
    ]
    list_filter = ["overridden", "to_state", "transition"]
    list_select_related = ["application__candidate", "application__requisition", "by", "reason"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "owner",
        "requisition",
        "application",
        "due_at",
        "blocking",
        "reminded_at",
        "escalated_at",
        "completed_at",
    ]
    list_filter = ["kind", "blocking", ("completed_at", admin.EmptyFieldListFilter)]
    list_select_related = [
        "owner",
        "requisition",
        "application__candidate",
        "application__requisition",
    ]
    raw_id_fields = ["application", "requisition", "owner", "completed_by"]
    date_hierarchy = "due_at"


@admin.register(ScreeningQuestion)
class ScreeningQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "requisition", "criterion", "required", "order"]
    list_filter = ["required"]
    list_select_related = ["requisition", "criterion"]
    raw_id_fields = ["requisition", "criterion"]


class ScreeningAnswerInline(admin.TabularInline):
    model = ScreeningAnswer
    extra = 0
    can_delete = False
    readonly_fields = ["question", "rating", "text"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ScreeningResponse)
class ScreeningResponseAdmin(admin.ModelAdmin):
    list_display = ["application", "rating", "completed_at", "completed_by"]
    list_select_related = ["application__candidate", "application__requisition", "completed_by"]
    readonly_fields = ["application", "summary", "rating", "completed_at", "completed_by"]
    inlines = [ScreeningAnswerInline]

    def has_add_permission(self, request):
        return False


@admin.register(RejectionNotice)
class RejectionNoticeAdmin(admin.ModelAdmin):
    """The scheduled rejection emails (read-only: application_move writes them, a sweep sends)."""

    list_display = ["application", "template_key", "due_at", "sent_at", "cancelled_at"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter), "template_key"]
    list_select_related = ["application__candidate", "application__requisition"]
    raw_id_fields = ["application", "move", "message"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- interviews, scorecards, offers (changes go through their packages' services) ---


def _run(modeladmin, request, queryset, label: str, call) -> None:
    done = 0
    for obj in queryset:
        try:
            call(obj)
        except (ValidationError, PermissionDenied, TransitionBlocked, StaleApplication) as error:
            text = " ".join(getattr(error, "messages", [str(error)]))
            modeladmin.message_user(request, f"{obj}: {text}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, f"{label}: {done} done.", messages.SUCCESS)


class PanelistInline(admin.TabularInline):
    model = InterviewPanelist
    extra = 0
    can_delete = False
    fields = ["user", "feedback_task"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["__str__", "stage", "starts_at", "ends_at", "status", "ics_sequence"]
    list_filter = ["status"]
    list_select_related = ["stage", "application__candidate"]
    search_fields = ["application__candidate__last_name", "application__candidate__email"]
    date_hierarchy = "starts_at"
    inlines = [PanelistInline]
    actions = ["mark_held", "cancel_interviews", "mark_no_show"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        # Interviews are scheduled on the application page (validated, invitations sent).
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Mark held (creates the feedback tasks)")
    def mark_held(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            "Marked held",
            lambda i: interview_complete(interview=i, by=request.user),
        )

    @admin.action(description="Cancel (sends METHOD:CANCEL)")
    def cancel_interviews(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            "Cancelled",
            lambda i: interview_cancel(interview=i, by=request.user),
        )

    @admin.action(description="Mark as no-show")
    def mark_no_show(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            "No-show",
            lambda i: interview_mark_no_show(interview=i, by=request.user),
        )


class ScorecardRatingInline(admin.TabularInline):
    model = ScorecardRating
    extra = 0
    can_delete = False
    fields = ["criterion", "rating", "evidence"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Scorecard)
class ScorecardAdmin(admin.ModelAdmin):
    """Read-only: a scorecard is submitted once; a correction is a new version."""

    list_display = ["interview", "interviewer", "version", "is_current", "recommendation"]
    list_filter = ["recommendation", "is_current"]
    list_select_related = ["interview__stage", "interview__application__candidate", "interviewer"]
    inlines = [ScorecardRatingInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OfferActionForm(ActionForm):
    reason = forms.ModelChoiceField(
        queryset=DispositionReason.objects.filter(active=True, is_system=False),
        required=False,
        label="Reason (decline)",
    )


def _offer_action(transition: str):
    def action(modeladmin, request, queryset):
        form = OfferActionForm(request.POST)
        form.is_valid()
        reason = form.cleaned_data.get("reason")
        _run(
            modeladmin,
            request,
            queryset,
            OFFER_LABELS[transition],
            lambda offer: offer_move(
                offer=offer, transition=transition, by=request.user, reason=reason
            ),
        )

    action.__name__ = f"offer_{transition}"
    action.short_description = f"Offer: {OFFER_LABELS[transition]}"
    return action


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["__str__", "salary", "currency", "start_date", "status", "updated_at"]
    list_filter = ["status", "currency"]
    list_select_related = ["application__candidate"]
    action_form = OfferActionForm
    actions = [_offer_action(name) for name in OFFER_LABELS]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
