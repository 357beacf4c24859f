"""The SLA defaults admins start from (they edit them in Django admin)."""

from django.db import migrations

DEFAULTS = {
    "intake_scheduling": 48,
    "first_screening": 48,
    "shortlist_review": 48,
    "interview_feedback": 24,
    "candidate_update": 120,
}


def create_defaults(apps, schema_editor):
    ServiceLevelDefault = apps.get_model("requisitions", "ServiceLevelDefault")
    for duty, hours in DEFAULTS.items():
        ServiceLevelDefault.objects.get_or_create(duty=duty, defaults={"hours": hours})


class Migration(migrations.Migration):
    dependencies = [("requisitions", "0003_intake_plan_slas_events")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
