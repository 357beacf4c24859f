"""Django admin for the careers site: answers, surveys and erasures are records, read-only."""

from django.contrib import admin

from careers.models import ErasureRecord, KnockoutAnswer, SubmittedResume, Survey


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(KnockoutAnswer)
class KnockoutAnswerAdmin(ReadOnlyAdmin):
    list_display = ["prompt", "answer", "passed", "application", "created_at"]
    list_filter = ["passed"]
    list_select_related = ["application__candidate", "application__requisition"]


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = [
        "application",
        "occasion",
        "sent_at",
        "expires_at",
        "answered_at",
        "nps",
        "recruiter_rating",
        "interviewers_rating",
    ]
    list_filter = ["answered_at"]
    list_select_related = ["application__candidate", "application__requisition"]
    exclude = ["token"]


@admin.register(ErasureRecord)
class ErasureRecordAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "reason", "category", "by", "erased_at"]
    list_filter = ["reason", "category"]
    list_select_related = ["by"]


@admin.register(SubmittedResume)
class SubmittedResumeAdmin(ReadOnlyAdmin):
    list_display = ["filename", "application", "created_at"]
    list_select_related = ["application__candidate", "application__requisition"]
    exclude = ["file"]
