from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from notifications.defaults import sample_context
from notifications.inbound import inbound_dismiss
from notifications.models import DeliveryEvent, EmailTemplate, InboundEmail, OutboundMessage
from notifications.rendering import TemplateRenderError, render_parts
from notifications.services import message_retry

# Which form field holds the part a TemplateRenderError names.
FIELD_FOR_PART = {"subject": "subject", "text body": "text_body", "HTML body": "html_body"}


class EmailTemplateForm(forms.ModelForm):
    class Meta:
        model = EmailTemplate
        fields = ["key", "name", "is_active", "subject", "text_body", "html_body", "description"]

    def clean(self):
        """Refuse a template that does not render with its sample data: no broken email later."""
        cleaned = super().clean()
        parts = [cleaned.get(name) for name in ("subject", "text_body")]
        if self.errors or not all(parts):
            return cleaned
        try:
            render_parts(
                subject=cleaned["subject"],
                text=cleaned["text_body"],
                html=cleaned.get("html_body", ""),
                context=sample_context(cleaned.get("key", "")),
            )
        except TemplateRenderError as exc:
            self.add_error(FIELD_FOR_PART.get(exc.part), ValidationError(str(exc)))
        return cleaned


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    form = EmailTemplateForm
    change_form_template = "admin/notifications/emailtemplate/change_form.html"
    list_display = ["key", "name", "subject", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["key", "name", "subject"]
    readonly_fields = ["updated_at"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        template = self.get_object(request, object_id)
        if template is not None:
            try:
                extra_context["preview"] = render_parts(
                    subject=template.subject,
                    text=template.text_body,
                    html=template.html_body,
                    context=sample_context(template.key),
                )
            except TemplateRenderError as exc:
                extra_context["preview_error"] = str(exc)
        return super().change_view(request, object_id, form_url, extra_context)


class DeliveryEventInline(admin.TabularInline):
    model = DeliveryEvent
    fields = ["event_type", "occurred_at", "description", "esp_event_id", "received_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    """The outbox, read-only: rows change only through notifications.services."""

    list_display = [
        "queued_at",
        "to_address",
        "template_key",
        "subject",
        "status",
        "attempts",
        "sent_at",
        "delivered_at",
        "opened_at",
    ]
    list_filter = ["status", "template_key"]
    search_fields = ["to_address", "subject", "idempotency_key", "esp_message_id"]
    date_hierarchy = "queued_at"
    inlines = [DeliveryEventInline]
    actions = ["deliver_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Deliver the selected failed messages again")
    def deliver_again(self, request, queryset):
        retried = skipped = 0
        for message in queryset:
            try:
                message_retry(message=message)
            except ValidationError:
                skipped += 1
            else:
                retried += 1
        if retried:
            self.message_user(request, f"{retried} message(s) queued for delivery again.")
        if skipped:
            self.message_user(
                request,
                f"{skipped} message(s) skipped: only failed messages are delivered again.",
                messages.WARNING,
            )


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    """The inbound queue: replies Tandem could not match to a conversation wait here (filter
    "unmatched"); matched ones are on the candidate's profile. Read-only: nothing is attached to
    a guess; an admin who knows whose it is forwards it to the recruiter."""

    list_display = ["received_at", "from_address", "subject", "status", "matched_by", "esp_name"]
    list_filter = ["status", "matched_by", "esp_name"]
    search_fields = ["from_address", "subject", "rfc_message_id"]
    date_hierarchy = "received_at"
    actions = ["dismiss"]
    fields = [
        "received_at",
        "esp_name",
        "status",
        "matched_by",
        "note",
        "from_name",
        "from_address",
        "to_addresses",
        "subject",
        "reply_text",
        "folded_text",
        "attachment_names",
        "rfc_message_id",
        "in_reply_to",
        "references",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Dismiss the selected unmatched emails")
    def dismiss(self, request, queryset):
        count = inbound_dismiss(emails=list(queryset))
        self.message_user(request, f"{count} email(s) dismissed.")
