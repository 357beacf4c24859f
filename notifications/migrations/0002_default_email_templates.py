"""Load the email templates Tandem ships (notifications/defaults.py) into the table.

Missing keys only: later keys are added the same way by `manage.py sync_email_templates`.
"""

from django.db import migrations

from notifications.defaults import install_missing


def load_defaults(apps, schema_editor):
    install_missing(apps.get_model("notifications", "EmailTemplate"))


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
