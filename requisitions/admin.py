"""Django admin for requisitions: the status moves are actions that go through the service."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse

from requisitions.models import (
    Criterion,
    IntakeMeeting,
    InterviewStage,
    KnockoutQuestion,
    Requisition,
    RequisitionEvent,
    ServiceLevel,
    ServiceLevelDefault,
)
from requisitions.services import requisition_move


class ReadOnlyIntakeMixin:
    """The intake is agreed on the intake page, through the services that enforce its rules
    (3 must-haves, 3-5 nice-to-haves, a plan that stays once the search is open) and journal the
    changes. Admin shows it; it does not edit around those rules."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CriterionInline(ReadOnlyIntakeMixin, admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["kind", "name", "guidance", "order"]


class KnockoutQuestionInline(admin.StackedInline):
    model = KnockoutQuestion
    extra = 0
    fields = [
        "order",
        "prompt",
        "kind",
        "required_answer",
        ("minimum", "maximum"),
        "options",
        "accepted_options",
    ]


class InterviewStageInline(ReadOnlyIntakeMixin, admin.TabularInline):
    model = InterviewStage
    extra = 0
    fields = ["order", "name", "duration_minutes", "follow_up_by"]
    show_change_link = True


class ServiceLevelInline(ReadOnlyIntakeMixin, admin.TabularInline):
    model = ServiceLevel
    extra = 0
    fields = ["duty", "hours", "agreed_at"]
    readonly_fields = ["agreed_at"]


class IntakeMeetingInline(ReadOnlyIntakeMixin, admin.StackedInline):
    model = IntakeMeeting
    extra = 0
    show_change_link = True
    fields = ["meeting_at", "held", "responsibilities"]


class RequisitionEventInline(admin.TabularInline):
    model = RequisitionEvent
    extra = 0
    fields = ["created_at", "actor", "kind", "summary"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _move(modeladmin, request, queryset, transition: str, reason: str = "") -> None:
    moved = 0
    for requisition in queryset:
        try:
            requisition_move(
                requisition=requisition, transition=transition, by=request.user, reason=reason
            )
        except (PermissionDenied, ValidationError) as error:
            text = " ".join(getattr(error, "messages", [str(error)]))
            modeladmin.message_user(request, f"{requisition}: {text}", messages.ERROR)
        else:
            moved += 1
    if moved:
        modeladmin.message_user(
            request, f"{transition.capitalize()}: {moved} requisition(s) moved.", messages.SUCCESS
        )


@admin.action(description="Open the search (needs a complete intake)")
def open_requisitions(modeladmin, request, queryset):
    _move(modeladmin, request, queryset, "open")


@admin.action(description="Put on hold")
def hold_requisitions(modeladmin, request, queryset):
    _move(modeladmin, request, queryset, "hold")


@admin.action(description="Resume")
def resume_requisitions(modeladmin, request, queryset):
    _move(modeladmin, request, queryset, "resume")


@admin.action(description="Mark filled")
def fill_requisitions(modeladmin, request, queryset):
    _move(modeladmin, request, queryset, "fill")


class CancelForm(forms.Form):
    reason = forms.CharField(max_length=500, label="Why are they cancelled?")


@admin.action(description="Cancel (asks for a reason)")
def cancel_requisitions(modeladmin, request, queryset):
    form = CancelForm(request.POST if "reason" in request.POST else None)
    if form.is_valid():
        _move(modeladmin, request, queryset, "cancel", reason=form.cleaned_data["reason"])
        return None
    return TemplateResponse(
        request,
        "admin/requisitions/cancel.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": "Cancel requisitions",
            "form": form,
            "requisitions": queryset,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.register(Requisition)
class RequisitionAdmin(admin.ModelAdmin):
    list_display = ["title", "department", "status", "hiring_manager", "recruiter", "created_at"]
    list_filter = ["status", "published", "department", "employment_type"]
    search_fields = ["title", "department", "location", "slug"]
    list_select_related = ["hiring_manager", "recruiter"]
    inlines = [
        IntakeMeetingInline,
        CriterionInline,
        InterviewStageInline,
        ServiceLevelInline,
        KnockoutQuestionInline,
        RequisitionEventInline,
    ]
    actions = [
        open_requisitions,
        hold_requisitions,
        resume_requisitions,
        fill_requisitions,
        cancel_requisitions,
    ]

    def has_add_permission(self, request):
        # Created on /requisitions/new/, through requisition_create (slug, event, checks).
        return False

    def get_readonly_fields(self, request, obj=None):
        # Details are edited on the requisition's own pages, through the services; here admins
        # read them and move the status with the actions above.
        return [field.name for field in self.model._meta.fields]


@admin.register(IntakeMeeting)
class IntakeMeetingAdmin(ReadOnlyIntakeMixin, admin.ModelAdmin):
    list_display = ["requisition", "meeting_at", "held", "remote_policy"]
    list_filter = ["held", "remote_policy"]
    list_select_related = ["requisition"]
    autocomplete_fields = ["requisition"]
    filter_horizontal = ["attendees"]


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyIntakeMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "requisition", "order"]
    list_filter = ["kind"]
    list_select_related = ["requisition"]
    search_fields = ["name", "requisition__title"]
    autocomplete_fields = ["requisition"]


@admin.register(InterviewStage)
class InterviewStageAdmin(ReadOnlyIntakeMixin, admin.ModelAdmin):
    list_display = ["name", "requisition", "order", "duration_minutes", "follow_up_by"]
    list_select_related = ["requisition"]
    search_fields = ["name", "requisition__title"]
    autocomplete_fields = ["requisition"]
    filter_horizontal = ["interviewers", "focus_areas"]


@admin.register(ServiceLevelDefault)
class ServiceLevelDefaultAdmin(admin.ModelAdmin):
    list_display = ["duty", "hours"]
    list_editable = ["hours"]


@admin.register(RequisitionEvent)
class RequisitionEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "requisition", "actor", "kind", "summary"]
    list_filter = ["kind"]
    list_select_related = ["requisition", "actor"]
    readonly_fields = ["requisition", "actor", "kind", "summary", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
