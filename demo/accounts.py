"""The demo accounts named in DESIGN.md: recruiter, manager and admin, password `tandem-demo`."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ats.roles import HIRING_MANAGER, RECRUITER

DEMO_PASSWORD = "tandem-demo"
DEMO_USERS = [
    # username, first, last, email, groups, is_superuser
    ("recruiter", "Rita", "Recruiter", "recruiter@example.com", [RECRUITER], False),
    ("manager", "Manu", "Manager", "manager@example.com", [HIRING_MANAGER], False),
    ("admin", "Ada", "Admin", "admin@example.com", [], True),
]


def seed(*, stdout) -> dict:
    """Create or update the demo accounts; returns them keyed by username."""
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
        stdout.write(f"{'created' if created else 'updated'} user {username}")
        users[username] = user
    return users
