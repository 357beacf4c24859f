"""People who leave: deactivating a user ends their sessions at once, hands their open tasks to
the requisition's recruiter with a journal line, and keeps what they wrote."""

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session

from accounts.models import AuditEvent
from accounts.services import user_deactivate
from api.services import api_token_create
from candidates.models import JournalEntry
from candidates.services import journal_note_add
from tests.conftest import PASSWORD
from tests.factories import ApplicationFactory, HiringManagerFactory, TaskFactory

User = get_user_model()


def _signed_in_client(client_class, user):
    client = client_class()
    response = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200
    return client


def test_an_open_session_stops_working_on_the_next_request(client, hiring_manager, admin_user):
    leaver = _signed_in_client(type(client), hiring_manager)
    user_deactivate(user=hiring_manager, by=admin_user, reason="left the company")
    response = leaver.get("/dashboard/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")
    assert not Session.objects.filter(session_key=leaver.session.session_key).exists()


def test_an_api_token_stops_working_on_the_next_request(client, hiring_manager, admin_user):
    _, secret = api_token_create(user=hiring_manager, name="reporting script")
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/requisitions/", headers=headers).status_code == 200
    user_deactivate(user=hiring_manager, by=admin_user, reason="left the company")
    assert client.get("/api/v1/requisitions/", headers=headers).status_code == 401


def test_the_active_user_check_signs_out_a_session_django_would_still_accept(rf, hiring_manager):
    """The middleware's own check, for a session whose user turned inactive mid-flight."""
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.middleware import ActiveUserMiddleware

    request = rf.get("/dashboard/")
    request.session = SessionStore()
    hiring_manager.is_active = False
    request.user = hiring_manager
    ActiveUserMiddleware(lambda r: r)(request)
    assert not request.user.is_authenticated


def test_their_open_tasks_go_to_the_recruiter_with_a_journal_line(admin_user):
    manager = HiringManagerFactory(first_name="Hank", last_name="Leaver")
    application = ApplicationFactory(requisition__hiring_manager=manager)
    recruiter = application.requisition.recruiter
    open_task = TaskFactory(application=application, owner=manager, title="Review shortlist")
    done_task = TaskFactory(application=application, owner=manager, title="Old review")
    done_task.completed_at = done_task.created_at
    done_task.save()

    moved = user_deactivate(user=manager, by=admin_user, reason="left the company")

    assert moved == 1
    open_task.refresh_from_db()
    done_task.refresh_from_db()
    assert open_task.owner == recruiter
    assert done_task.owner == manager  # history stays as it was
    line = JournalEntry.objects.get(candidate=application.candidate, kind="system")
    assert "Review shortlist" in line.summary
    assert "Hank Leaver" in line.summary
    assert line.actor == admin_user
    event = AuditEvent.objects.get(user=manager, kind=AuditEvent.Kind.DEACTIVATED)
    assert event.actor == admin_user
    assert "1 open task(s) handed on" in event.detail


def test_what_they_wrote_is_kept_under_their_name(admin_user):
    application = ApplicationFactory()
    recruiter = application.requisition.recruiter
    note = journal_note_add(candidate=application.candidate, by=recruiter, text="Strong on Go")
    user_deactivate(user=recruiter, by=admin_user, reason="left the company")
    note.refresh_from_db()
    assert note.actor == recruiter
    assert User.objects.filter(pk=recruiter.pk, is_active=False).exists()


def test_deactivating_in_django_admin_ends_sessions_and_hands_tasks_on(
    client, admin_user, hiring_manager
):
    leaver = _signed_in_client(type(client), hiring_manager)
    application = ApplicationFactory(requisition__hiring_manager=hiring_manager)
    task = TaskFactory(application=application, owner=hiring_manager)
    client.force_login(admin_user)
    response = client.post(
        "/admin/auth/user/",
        {"action": "deactivate", "_selected_action": [hiring_manager.pk]},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.owner == application.requisition.recruiter
    assert leaver.get("/dashboard/").status_code == 302


def test_unticking_active_in_the_user_form_deactivates_them_the_same_way(
    client, admin_user, hiring_manager
):
    leaver = _signed_in_client(type(client), hiring_manager)
    client.force_login(admin_user)
    form = client.get(f"/admin/auth/user/{hiring_manager.pk}/change/").context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in ("password", "groups", "user_permissions", "is_active")
    }
    data.update(
        {
            "groups": [g.pk for g in hiring_manager.groups.all()],
            "date_joined_0": hiring_manager.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": hiring_manager.date_joined.strftime("%H:%M:%S"),
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(f"/admin/auth/user/{hiring_manager.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert AuditEvent.objects.filter(user=hiring_manager, kind="deactivated").exists()
    assert leaver.get("/dashboard/").status_code == 302


def test_a_role_change_in_django_admin_is_in_the_audit_log(client, admin_user, hiring_manager):
    from django.contrib.auth.models import Group

    from ats.roles import RECRUITER

    client.force_login(admin_user)
    form = client.get(f"/admin/auth/user/{hiring_manager.pk}/change/").context["adminform"].form
    data = {
        "username": hiring_manager.username,
        "first_name": hiring_manager.first_name,
        "last_name": hiring_manager.last_name,
        "email": hiring_manager.email,
        "is_active": "on",
        "groups": [Group.objects.get_or_create(name=RECRUITER)[0].pk],
        "date_joined_0": hiring_manager.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": hiring_manager.date_joined.strftime("%H:%M:%S"),
    }
    assert form is not None
    response = client.post(f"/admin/auth/user/{hiring_manager.pk}/change/", data)
    assert response.status_code == 302
    event = AuditEvent.objects.get(user=hiring_manager, kind=AuditEvent.Kind.ROLES_CHANGED)
    assert event.detail == "hiring_manager → recruiter (Django admin)"
    assert event.actor == admin_user


def test_the_audit_log_is_read_only_in_django_admin(client, admin_user):
    client.force_login(admin_user)
    AuditEvent.objects.create(kind="signed_in", user=admin_user, username=admin_user.username)
    event = AuditEvent.objects.get()
    assert client.get("/admin/accounts/auditevent/").status_code == 200
    assert client.get("/admin/accounts/auditevent/add/").status_code == 403
    page = client.get(f"/admin/accounts/auditevent/{event.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.post(f"/admin/accounts/auditevent/{event.pk}/delete/").status_code == 403
