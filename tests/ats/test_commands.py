from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from ats.roles import roles_for


def test_seed_demo_creates_the_three_demo_accounts_with_the_demo_password(demo_data):
    users = {u.username: u for u in get_user_model().objects.all()}
    assert roles_for(users["recruiter"]).is_recruiter
    assert roles_for(users["manager"]).is_hiring_manager
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert all(users[name].check_password("tandem-demo") for name in users)


def test_sync_schedules_writes_the_periodic_tasks_once(db, settings):
    call_command("sync_schedules", stdout=StringIO())
    call_command("sync_schedules", stdout=StringIO())
    names = set(PeriodicTask.objects.values_list("name", flat=True))
    assert set(settings.TANDEM_PERIODIC_TASKS) <= names
    assert PeriodicTask.objects.filter(name="record-heartbeat").count() == 1


def test_sync_schedules_leaves_a_task_an_admin_paused_paused(db):
    call_command("sync_schedules", stdout=StringIO())
    PeriodicTask.objects.filter(name="record-heartbeat").update(enabled=False)
    call_command("sync_schedules", stdout=StringIO())
    assert PeriodicTask.objects.get(name="record-heartbeat").enabled is False
