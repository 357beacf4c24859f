"""Knock-outs say what happened (issue 19):

- the rejection email no longer reads as if the company failed the requirement: rows still
  holding the sentence shipped before get the new one (the rest of an admin's edit is kept);
- the system disposition reasons are labelled with the question alone, since their group already
  reads "Knock-out" ("Knock-out: knock-out: <question>" becomes "Knock-out: <question>").
"""

from django.db import migrations

OLD_TEXT = """This role has requirements that,
based on your answers, we cannot meet this time, so we will not take your application further."""
NEW_TEXT = """Based on your answers, your
application does not meet one of the requirements this role cannot do without, so we will not
take it further this time."""
OLD_HTML = """This role has
requirements that, based on your answers, we cannot meet this time, so we will not take your
application further.</p>"""
NEW_HTML = """Based on your
answers, your application does not meet one of the requirements this role cannot do without, so
we will not take it further this time.</p>"""
PREFIX = "knock-out: "


def forwards(apps, schema_editor):
    EmailTemplate = apps.get_model("notifications", "EmailTemplate")
    for row in EmailTemplate.objects.filter(key="rejection_knock_out"):
        row.text_body = row.text_body.replace(OLD_TEXT, NEW_TEXT)
        row.html_body = row.html_body.replace(OLD_HTML, NEW_HTML)
        row.save(update_fields=["text_body", "html_body"])
    DispositionReason = apps.get_model("workflows", "DispositionReason")
    reasons = DispositionReason.objects.filter(
        group="knock_out", is_system=True, label__startswith=PREFIX
    )
    for reason in reasons:
        label = reason.label[len(PREFIX) :]
        if not DispositionReason.objects.filter(group="knock_out", label=label).exists():
            reason.label = label
            reason.save(update_fields=["label"])


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0003_submitted_resume"),
        ("notifications", "0002_default_email_templates"),
        ("workflows", "0007_offer_withdrawn"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
