"""/applications/<pk>/ and its move and note forms: errors on the page, nothing changed."""

import pytest
from django.urls import reverse

from candidates.models import JournalEntry
from tests.factories import ApplicationFactory
from workflows.applications.services import application_move
from workflows.models import Application, ApplicationTransition


def _detail(app):
    return reverse("workflows:application-detail", args=[app.pk])


def _move_url(app):
    return reverse("workflows:application-move", args=[app.pk])


def test_the_recruiter_sees_state_history_journal_and_moves(client_for, recruiter, application):
    application_move(application=application, transition="screen", by=recruiter)
    html = client_for(recruiter).get(_detail(application)).content.decode()
    assert 'id="application-state">Screening<' in html
    assert "Start screening: Applied → Screening" in html  # journal
    assert "Rita Recruiter" in html  # history: who
    assert "Complete the screening form first." in html  # the blocked shortlist, with its reason
    assert "Reject…" in html and "Choose a reason…" in html
    assert '<optgroup label="We declined">' in html


def test_the_page_costs_the_same_queries_with_a_long_history(
    client_for, recruiter, application, reason, django_assert_max_num_queries
):
    client = client_for(recruiter)
    client.get(_detail(application))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as short:
        client.get(_detail(application))
    for _ in range(5):
        application_move(application=application, transition="reject", by=recruiter, reason=reason)
        application_move(application=application, transition="reopen", by=recruiter, note="again")
    with CaptureQueriesContext(connection) as long:
        client.get(_detail(application))
    assert len(long) == len(short)


def test_the_page_refuses_a_post_and_outsiders_get_404(
    client_for, recruiter, other_hiring_manager, hiring_manager, application
):
    assert client_for(recruiter).post(_detail(application)).status_code == 405
    assert client_for(other_hiring_manager).get(_detail(application)).status_code == 404
    # The requisition's own HM: not before the shortlist.
    assert client_for(hiring_manager).get(_detail(application)).status_code == 404


def test_rejecting_without_a_reason_shows_the_error_and_keeps_the_note(
    client_for, recruiter, application
):
    response = client_for(recruiter).post(
        _move_url(application),
        {"transition": "reject", "expected_state": "applied", "note": "Typed text"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a disposition reason." in html
    assert "Typed text" in html
    assert Application.objects.get(pk=application.pk).state == "applied"


def test_an_unknown_transition_name_is_a_clear_400(client_for, recruiter, application):
    response = client_for(recruiter).post(
        _move_url(application), {"transition": "teleport", "expected_state": "applied"}
    )
    assert response.status_code == 400
    assert "Unknown move" in response.content.decode()
    response = client_for(recruiter).get(_move_url(application) + "?transition=teleport")
    assert response.status_code == 400
    assert "Unknown move" in response.content.decode()
    assert not ApplicationTransition.objects.exists()


def test_a_stale_form_says_who_moved_it_and_nothing_changes(
    client_for, recruiter, admin_user, application
):
    application_move(application=application, transition="screen", by=admin_user)
    response = client_for(recruiter).post(
        _move_url(application), {"transition": "screen", "expected_state": "applied"}
    )
    assert response.status_code == 409
    assert "This candidate was just moved by Ada Admin; reload the page." in (
        response.content.decode()
    )
    assert ApplicationTransition.objects.filter(application=application).count() == 1


def test_a_blocked_move_posted_anyway_shows_the_reason(client_for, recruiter, application):
    application_move(application=application, transition="screen", by=recruiter)
    response = client_for(recruiter).post(
        _move_url(application), {"transition": "shortlist", "expected_state": "screening"}
    )
    assert response.status_code == 409
    assert "Complete the screening form first." in response.content.decode()
    assert Application.objects.get(pk=application.pk).state == "screening"


def test_the_hm_posting_a_recruiter_move_is_refused_on_the_page(
    client_for, hiring_manager, application, advance
):
    app = advance(application, "shortlisted")
    response = client_for(hiring_manager).post(
        _move_url(app), {"transition": "reject", "expected_state": "shortlisted", "reason": "1"}
    )
    assert response.status_code in (400, 403)
    assert Application.objects.get(pk=app.pk).state == "shortlisted"


def test_a_reason_move_form_page_works_without_javascript(
    client_for, recruiter, application, reason
):
    client = client_for(recruiter)
    page = client.get(_move_url(application) + "?transition=reject&next=/dashboard/")
    assert page.status_code == 200
    assert "Disposition reason" in page.content.decode()
    response = client.post(
        _move_url(application),
        {
            "transition": "reject",
            "expected_state": "applied",
            "reason": reason.pk,
            "note": "No",
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == _detail(application)  # never an outside next
    assert Application.objects.get(pk=application.pk).state == "rejected"


def test_an_admin_overrides_from_the_page_with_a_justification(
    client_for, admin_user, recruiter, application
):
    application_move(application=application, transition="screen", by=recruiter)
    client = client_for(admin_user)
    html = client.get(_detail(application)).content.decode()
    assert "Override as admin" in html
    response = client.post(
        _move_url(application),
        {
            "transition": "shortlist",
            "expected_state": "screening",
            "override_justification": "HM met them at a conference.",
        },
    )
    assert response.status_code == 302
    assert ApplicationTransition.objects.get(transition="shortlist").overridden


def test_recruiters_and_hms_add_notes_to_the_journal(
    client_for, recruiter, hiring_manager, application, advance
):
    app = advance(application, "shortlisted")
    url = reverse("workflows:application-note", args=[app.pk])
    for user, body in [(recruiter, "Called the candidate."), (hiring_manager, "Looks promising.")]:
        response = client_for(user).post(url, {"body": body})
        assert response.status_code == 302
        assert JournalEntry.objects.filter(kind="note", body=body, actor=user).exists()


def test_an_empty_note_is_refused_and_nothing_is_saved(client_for, recruiter, application):
    url = reverse("workflows:application-note", args=[application.pk])
    response = client_for(recruiter).post(url, {"body": "  "})
    assert response.status_code == 400
    assert "Write the note first." in response.content.decode()
    assert not JournalEntry.objects.filter(kind="note").exists()


def test_an_outsider_cannot_add_a_note(client_for, other_hiring_manager, application):
    url = reverse("workflows:application-note", args=[application.pk])
    assert client_for(other_hiring_manager).post(url, {"body": "hi"}).status_code == 404
    assert client_for(other_hiring_manager).get(url).status_code in (404, 405)


def test_an_hm_reads_the_feedback_trail_of_a_declined_candidate(
    client_for, recruiter, hiring_manager, requisition, advance, reason
):
    app = advance(ApplicationFactory(requisition=requisition), "shortlisted")
    application_move(
        application=app,
        transition="decline",
        by=hiring_manager,
        reason=reason,
        feedback="Too junior for the mentoring must-have.",
    )
    html = client_for(recruiter).get(_detail(app)).content.decode()
    assert "Too junior for the mentoring must-have." in html


@pytest.mark.parametrize(
    "target", ["foo", "//evil.example/", "javascript:alert(1)", "/dashboard/\r\nSet-Cookie: x=1"]
)
def test_a_move_with_a_bare_word_next_lands_on_the_application_not_on_an_error_page(
    client_for, recruiter, application, reason, target
):
    client = client_for(recruiter)
    page = client.get(_move_url(application), {"transition": "reject", "next": target})
    assert page.status_code == 200
    assert page.context["form"]["next"].value() == ""  # not copied into the form
    response = client.post(
        _move_url(application),
        {"transition": "reject", "expected_state": "applied", "reason": reason.pk, "next": target},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == _detail(application)
    assert Application.objects.get(pk=application.pk).state == "rejected"
