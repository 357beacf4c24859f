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


def _make(*args, **env):
    import os
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    clean = {k: v for k, v in os.environ.items() if k not in {"PORT", "SITE_URL", "MAKEFLAGS"}}
    return subprocess.run(
        ["make", "--no-print-directory", "-s", *args],
        cwd=root,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_make_demo_serves_on_the_port_given_and_the_links_follow():
    from pathlib import Path

    show = ["--eval", "show-env: ; @echo $$TANDEM_PORT $$SITE_URL", "show-env"]
    assert _make(*show).split() == ["8000", "http://127.0.0.1:8000"]
    assert _make(*show, PORT="8001").split() == ["8001", "http://127.0.0.1:8001"]
    assert "starting on http://127.0.0.1:8001/" in _make("-n", "demo", PORT="8001")
    procfile = (Path(__file__).resolve().parents[2] / "Procfile.demo").read_text()
    [web] = [line for line in procfile.splitlines() if line.startswith("web:")]
    assert "runserver 127.0.0.1:$TANDEM_PORT" in web  # honcho sets PORT itself, per process


def test_the_demo_broker_connects_without_a_stray_no_hostname_warning(settings, caplog):
    from kombu import Connection

    with caplog.at_level("WARNING", logger="kombu.connection"):
        Connection(settings.CELERY_BROKER_URL)._info()
    assert "No hostname was supplied" not in caplog.text
