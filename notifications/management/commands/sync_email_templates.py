"""Add the email templates Tandem ships (notifications/defaults.py) that the database lacks.

Templates an admin edited are kept as they are.
"""

from django.core.management.base import BaseCommand

from notifications.services import email_templates_sync


class Command(BaseCommand):
    help = "Create the shipped email templates that are missing; never overwrite existing ones."

    def handle(self, *args, **options):
        added = email_templates_sync()
        for key in added:
            self.stdout.write(f"added email template {key}")
        self.stdout.write(f"{len(added)} email template(s) added")
