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


class CriterionInline(admin.TabularInline):
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


class InterviewStageInline(admin.TabularInline):
    model = InterviewStage
    extra = 0
    fields = ["order", "name", "duration_minutes", "follow_up_by"]
    show_change_link = True


class ServiceLevelInline(admin.TabularInline):
    model = ServiceLevel
    extra = 0
    fields = ["duty", "hours", "agreed_at"]
    readonly_fields = ["agreed_at"]


class IntakeMeetingInline(admin.StackedInline):
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
    readonly_fields = ["status", "cancel_reason", "opened_at", "closed_at", "created_by"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["hiring_manager", "recruiter"]
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


@admin.register(IntakeMeeting)
class IntakeMeetingAdmin(admin.ModelAdmin):
    list_display = ["requisition", "meeting_at", "held", "remote_policy"]
    list_filter = ["held", "remote_policy"]
    list_select_related = ["requisition"]
    autocomplete_fields = ["requisition"]
    filter_horizontal = ["attendees"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "requisition", "order"]
    list_filter = ["kind"]
    list_select_related = ["requisition"]
    search_fields = ["name", "requisition__title"]
    autocomplete_fields = ["requisition"]


@admin.register(InterviewStage)
class InterviewStageAdmin(admin.ModelAdmin):
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
