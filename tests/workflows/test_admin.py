"""Django admin: applications with their moves as actions through application_move."""

from django.urls import reverse

from tests.factories import ApplicationFactory
from workflows.models import Application, ApplicationTransition, DispositionReason

CHANGELIST = reverse("admin:workflows_application_changelist")


def _act(client, action, app, **extra):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [app.pk], **extra}, follow=True
    )


def test_the_admin_lists_applications_with_their_state(client_for, admin_user, application):
    html = client_for(admin_user).get(CHANGELIST).content.decode()
    assert application.candidate.full_name in html and "applied" in html


def test_an_admin_action_moves_through_the_service_and_is_logged(
    client_for, admin_user, application
):
    response = _act(client_for(admin_user), "move_screen", application)
    assert "Start screening: 1 moved." in response.content.decode()
    assert Application.objects.get(pk=application.pk).state == "screening"
    assert ApplicationTransition.objects.get().by == admin_user


def test_an_admin_action_respects_the_guards_unless_justified(
    client_for, admin_user, recruiter, application
):
    client = client_for(admin_user)
    _act(client, "move_screen", application)
    response = _act(client, "move_shortlist", application)
    assert "Complete the screening form first." in response.content.decode()
    assert Application.objects.get(pk=application.pk).state == "screening"
    _act(client, "move_shortlist", application, override_justification="Referred by the CTO.")
    row = ApplicationTransition.objects.get(transition="shortlist")
    assert row.overridden and row.override_justification == "Referred by the CTO."


def test_an_admin_reject_action_needs_a_reason(client_for, admin_user):
    app = ApplicationFactory()
    client = client_for(admin_user)
    response = _act(client, "move_reject", app)
    assert "Choose a disposition reason." in response.content.decode()
    reason = DispositionReason.objects.filter(group="we_declined").first()
    _act(client, "move_reject", app, reason=reason.pk)
    assert Application.objects.get(pk=app.pk).state == "rejected"


def test_default_disposition_reasons_are_seeded_with_system_knock_outs(db):
    groups = set(DispositionReason.objects.values_list("group", flat=True))
    assert groups == {"candidate_withdrew", "we_declined", "knock_out", "offer_declined", "other"}
    assert set(
        DispositionReason.objects.filter(is_system=True).values_list("group", flat=True)
    ) == {"knock_out"}


def test_the_transition_log_is_read_only_in_admin(client_for, admin_user, application, recruiter):
    from workflows.applications.services import application_move

    application_move(application=application, transition="screen", by=recruiter)
    row = ApplicationTransition.objects.get()
    client = client_for(admin_user)
    url = reverse("admin:workflows_applicationtransition_change", args=[row.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"note": "tampered"})
    row.refresh_from_db()
    assert row.note == ""


def test_tasks_and_reasons_have_admin_pages(client_for, admin_user):
    client = client_for(admin_user)
    assert client.get(reverse("admin:workflows_task_changelist")).status_code == 200
    html = client.get(reverse("admin:workflows_dispositionreason_changelist")).content.decode()
    assert "Accepted another offer" in html
