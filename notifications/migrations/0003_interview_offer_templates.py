"""Add the email templates of interviews and offers (interviewer invitation and cancellation,
the candidate's cancellation, offer accepted). Missing keys only: admins' edits stay."""

from django.db import migrations

from notifications.defaults import install_missing


def load_defaults(apps, schema_editor):
    install_missing(apps.get_model("notifications", "EmailTemplate"))


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_default_email_templates")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
