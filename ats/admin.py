from django.contrib import admin

from ats.models import Heartbeat

admin.site.site_header = "Tandem administration"
admin.site.site_title = "Tandem admin"
admin.site.index_title = "Configure Tandem"


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_seen", "hostname", "beats"]
    readonly_fields = ["name", "last_seen", "hostname", "beats"]

    def has_add_permission(self, request):
        return False
