from django.contrib import admin

from candidates import services
from candidates.models import BenchmarkCandidate, Candidate, JournalEntry


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("__str__", "email", "current_title", "location", "source", "updated_at")
    list_filter = ("source", "resume_status", "talent_pool_consent")
    search_fields = ("first_name", "last_name", "email", "current_title", "current_company")
    readonly_fields = ("resume", "resume_filename", "resume_status", "created_at", "updated_at")
    exclude = ("resume_text",)

    def save_model(self, request, obj, form, change):
        fields = {name: getattr(obj, name) for name in services.PROFILE_FIELDS}
        if change:
            services.candidate_update(candidate=obj, by=request.user, **fields)
        else:
            obj.pk = services.candidate_create(by=request.user, **fields).pk


@admin.register(JournalEntry)
class JournalEntryAdmin(admin.ModelAdmin):
    """Read-only: the journal is append-only, everywhere."""

    list_display = ("summary", "candidate", "kind", "requisition", "actor", "created_at")
    list_filter = ("kind",)
    list_select_related = ("candidate", "requisition", "actor")
    search_fields = ("summary", "candidate__email")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BenchmarkCandidate)
class BenchmarkCandidateAdmin(admin.ModelAdmin):
    list_display = ("candidate", "requisition", "added_by", "created_at")
    list_select_related = ("candidate", "requisition", "added_by")
    raw_id_fields = ("candidate", "requisition")
