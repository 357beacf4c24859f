"""Moves through the API: the page's service, guards and side effects; a blocked move is a 409
with the guards' reasons, a missing reason a 400 naming the field."""

from datetime import timedelta

import pytest
from django.conf import settings

from candidates.models import JournalEntry
from notifications.models import OutboundMessage
from tests.factories import ApplicationFactory, CandidateFactory, DispositionReasonFactory
from tests.workflows.conftest import complete_screening
from workflows.applications.services import application_move
from workflows.duties.sweeps import rejection_emails_send
from workflows.models import ApplicationTransition, RejectionNotice, Task


def _move(api, app, **body):
    return api.post(f"/api/v1/applications/{app.pk}/move/", body, format="json")


@pytest.fixture
def reason(db):
    return DispositionReasonFactory(group="we_declined", label="Skills do not match")


def test_a_recruiter_moves_an_application_and_gets_it_back(api_for, recruiter, pipelines):
    app = pipelines.ours_applied
    response = _move(api_for(recruiter, write=True), app, transition="screen")
    assert response.status_code == 200
    assert response.json()["state"] == "screening" and response.json()["id"] == app.pk
    row = ApplicationTransition.objects.get(application=app)
    assert (row.transition, row.by) == ("screen", recruiter)


def test_a_missing_reason_is_a_400_naming_the_field(api_for, recruiter, pipelines):
    app = pipelines.ours_applied
    response = _move(api_for(recruiter, write=True), app, transition="reject")
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    app.refresh_from_db()
    assert app.state == "applied"


def test_a_reason_not_offered_is_a_400_naming_the_field(api_for, recruiter, pipelines):
    system = DispositionReasonFactory(label="Knock-out", is_system=True)
    api = api_for(recruiter, write=True)
    for bad in (system.pk, 999_999):
        response = _move(api, pipelines.ours_applied, transition="reject", reason=bad)
        assert response.status_code == 400
        assert response.json() == {"reason": ["Choose one of the reasons offered."]}


def test_a_blocked_move_is_a_409_with_the_guards_reasons(api_for, recruiter, pipelines):
    app = pipelines.ours_applied
    api = api_for(recruiter, write=True)
    assert _move(api, app, transition="screen").status_code == 200
    response = _move(api, app, transition="shortlist")  # the screening form is not filled
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == "This move is blocked."
    assert any("screening" in reason.lower() for reason in body["reasons"])
    app.refresh_from_db()
    assert app.state == "screening"


def test_a_move_from_a_state_it_cannot_leave_is_a_409(api_for, recruiter, pipelines):
    response = _move(api_for(recruiter, write=True), pipelines.ours_applied, transition="hire")
    assert response.status_code == 409
    assert "not possible from applied" in response.json()["reasons"][0]


def test_a_move_on_a_state_that_changed_since_is_a_409(api_for, recruiter, pipelines):
    app = pipelines.ours_applied
    response = _move(
        api_for(recruiter, write=True), app, transition="screen", expected_state="screening"
    )
    assert response.status_code == 409
    assert "just moved" in response.json()["detail"]


def test_an_unknown_transition_is_a_400_naming_the_field(api_for, recruiter, pipelines):
    response = _move(api_for(recruiter, write=True), pipelines.ours_applied, transition="promote")
    assert response.status_code == 400
    assert "transition" in response.json()


def test_a_field_the_move_does_not_take_is_a_400_naming_it(api_for, recruiter, pipelines):
    response = _move(
        api_for(recruiter, write=True), pipelines.ours_applied, transition="screen", note="Hi"
    )
    assert response.status_code == 400
    assert response.json() == {"note": ["Start screening takes no note."]}


def _effects(app) -> dict:
    """Everything a move leaves behind, without what differs between two candidates (ids)."""
    return {
        "contact_due_at": type(app).objects.get(pk=app.pk).contact_due_at,
        "journal": sorted(
            # An email's body carries the candidate's own status link: its summary is compared.
            (e.kind, e.summary, "" if e.kind == "email" else e.body, e.actor_id, e.requisition_id)
            for e in JournalEntry.objects.filter(candidate=app.candidate_id)
        ),
        "transitions": [
            (t.transition, t.from_state, t.to_state, t.by_id, t.reason_id, t.note)
            for t in ApplicationTransition.objects.filter(application=app).order_by("id")
        ],
        "tasks": sorted(
            (t.kind, t.title, t.owner_id, t.blocking, t.due_at, t.completed_at)
            for t in Task.objects.filter(application=app)
        ),
        "rejection_notices": sorted(
            (n.template_key, n.due_at, n.sent_at)
            for n in RejectionNotice.objects.filter(application=app)
        ),
        "messages": sorted(
            (m.template_key, m.subject, m.to_name, m.status)
            for m in OutboundMessage.objects.filter(concerns_candidate=app.candidate_id)
        ),
    }


@pytest.mark.parametrize(
    ("transition", "start", "with_reason"),
    [("shortlist", "screened", False), ("screen", "applied", False), ("reject", "applied", True)],
)
def test_a_move_through_the_api_leaves_what_the_page_leaves(
    api_for,
    client_for,
    recruiter,
    pipelines,
    reason,
    clock,
    mailoutbox,
    django_capture_on_commit_callbacks,
    transition,
    start,
    with_reason,
):
    def twin():
        candidate = CandidateFactory(first_name="Sam", last_name="Lee")
        app = ApplicationFactory(candidate=candidate, requisition=pipelines.ours)
        if start == "screened":
            application_move(application=app, transition="screen", by=recruiter)
            complete_screening(app, recruiter)
        return app

    by_page, by_api = twin(), twin()
    body = {"transition": transition}
    if with_reason:
        body |= {"reason": reason.pk, "note": "Moved in the comparison test"}
    with django_capture_on_commit_callbacks(execute=True):
        page = client_for(recruiter).post(f"/applications/{by_page.pk}/move/", body)
    assert page.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        api = _move(api_for(recruiter, write=True), by_api, **body)
    assert api.status_code == 200
    # A day later the sweeps send what the moves queued (a rejection email a day after).
    clock.advance(timedelta(hours=settings.TANDEM_REJECTION_DELAY_HOURS + 1))
    with django_capture_on_commit_callbacks(execute=True):
        rejection_emails_send()

    def mail_to(app):
        return sorted(m.subject for m in mailoutbox if app.candidate.email in " ".join(m.to))

    page_effects, api_effects = _effects(by_page), _effects(by_api)
    assert api_effects == page_effects
    assert mail_to(by_api) == mail_to(by_page)
    assert page_effects["transitions"][-1][0] == transition
    # What each move is known to leave, so that the comparison compares something.
    expected = {
        "shortlist": ("tasks", 1),
        "screen": ("journal", 1),
        "reject": ("messages", 1),
    }[transition]
    assert len(page_effects[expected[0]]) == expected[1]
    if transition == "reject":
        assert len(mail_to(by_page)) == 1
