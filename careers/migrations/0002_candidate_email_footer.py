"""Bring the email template rows installed before issue 8 up to date:

- `application_received` tells the candidate what happens next and when (from the SLAs): a row
  still holding the text shipped before is replaced by the new default; an admin's edit is kept;
- every candidate-facing template ends with the withdraw-consent link: the footer is appended to
  rows that do not mention `consent_withdraw_url` yet (admins' edits keep their text);
- the documented variables (the admin's help) follow the defaults.
"""

from django.db import migrations

OLD_RECEIVED_TEXT = """Hi {{ candidate_first_name }},

Thank you for applying for the {{ requisition_title }} role. We have received your application
and will review it carefully. You will hear from us either way — usually within two weeks.

Best regards,
{{ recruiter_name }}
"""
OLD_RECEIVED_HTML = """<p>Hi {{ candidate_first_name }},</p>
<p>Thank you for applying for the <strong>{{ requisition_title }}</strong> role. We have received
your application and will review it carefully. You will hear from us either way — usually within
two weeks.</p>
<p>Best regards,<br>{{ recruiter_name }}</p>
"""


def forwards(apps, schema_editor):
    from notifications.defaults import CANDIDATE_FOOTER_HTML, CANDIDATE_FOOTER_TEXT, DEFAULTS

    EmailTemplate = apps.get_model("notifications", "EmailTemplate")
    for row in EmailTemplate.objects.all():
        default = DEFAULTS.get(row.key)
        if default is None or "consent_withdraw_url" not in default.context:
            continue
        if (
            row.key == "application_received"
            and row.text_body == OLD_RECEIVED_TEXT
            and row.html_body == OLD_RECEIVED_HTML
        ):
            row.text_body, row.html_body = default.text, default.html
        if "consent_withdraw_url" not in row.text_body:
            row.text_body += CANDIDATE_FOOTER_TEXT
        if row.html_body.strip() and "consent_withdraw_url" not in row.html_body:
            row.html_body += CANDIDATE_FOOTER_HTML
        row.description = default.description
        row.save(update_fields=["text_body", "html_body", "description"])


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0001_initial"),
        ("notifications", "0002_default_email_templates"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
