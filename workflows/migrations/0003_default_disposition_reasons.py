"""A sensible starting list of disposition reasons; admins edit it in Django admin."""

from django.db import migrations

REASONS = [
    # group, label, is_system
    ("candidate_withdrew", "Accepted another offer", False),
    ("candidate_withdrew", "Compensation expectations not met", False),
    ("candidate_withdrew", "No longer interested in the role", False),
    ("candidate_withdrew", "Personal circumstances", False),
    ("candidate_withdrew", "Did not respond", False),
    ("we_declined", "Skills do not match the must-haves", False),
    ("we_declined", "Not enough relevant experience", False),
    ("we_declined", "Another candidate was a better fit", False),
    ("we_declined", "Compensation out of range", False),
    ("we_declined", "Location or work permit does not fit", False),
    ("we_declined", "Interview performance", False),
    ("knock_out", "Answered a knock-out question", True),
    ("knock_out", "No right to work in the location", True),
    ("knock_out", "Duplicate application", True),
    ("offer_declined", "Compensation", False),
    ("offer_declined", "Counter-offer accepted", False),
    ("offer_declined", "Role or team not the right fit", False),
    ("other", "Requisition closed", False),
    ("other", "Other (see note)", False),
]


def seed(apps, schema_editor):
    DispositionReason = apps.get_model("workflows", "DispositionReason")
    for order, (group, label, is_system) in enumerate(REASONS):
        DispositionReason.objects.get_or_create(
            group=group, label=label, defaults={"is_system": is_system, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("workflows", "0002_guarded_moves_screening_tasks")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
