"""`python manage.py seed_demo`: the demo accounts (and, as features land, their demo data).

Idempotent: running it again updates what it made and creates nothing twice.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from ats.roles import HIRING_MANAGER, RECRUITER

DEMO_PASSWORD = "tandem-demo"
DEMO_USERS = [
    # username, first, last, email, groups, is_superuser
    ("recruiter", "Rita", "Recruiter", "recruiter@example.com", [RECRUITER], False),
    ("manager", "Manu", "Manager", "manager@example.com", [HIRING_MANAGER], False),
    ("admin", "Ada", "Admin", "admin@example.com", [], True),
]


class Command(BaseCommand):
    help = "Create the demo accounts (password 'tandem-demo') and demo data. Safe to run twice."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        users = {}
        for username, first, last, email, groups, superuser in DEMO_USERS:
            user, created = User.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": email,
                    "is_active": True,
                    "is_staff": superuser,
                    "is_superuser": superuser,
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups])
            self.stdout.write(f"{'created' if created else 'updated'} user {username}")
            users[username] = user
        self.seed_apps(users)
        self.stdout.write(self.style.SUCCESS(f"Demo accounts ready (password: {DEMO_PASSWORD})."))

    def seed_apps(self, users: dict) -> None:
        """Each app's demo data (`<app>/demo.py`), upper apps imported here only, at run time."""
        from candidates import demo as candidates_demo

        candidates_demo.seed(users=users, stdout=self.stdout)
