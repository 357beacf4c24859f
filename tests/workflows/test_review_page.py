"""/review/: the HM's shortlisted candidates, side by side; accept, or decline with feedback."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.models import JournalEntry
from tests.factories import ApplicationFactory, RequisitionFactory
from workflows.models import Application

URL = reverse("workflows:review")


def test_the_hm_sees_shortlisted_candidates_with_must_have_ratings_side_by_side(
    client_for, hiring_manager, requisition, application, advance
):
    shortlisted = advance(ApplicationFactory(requisition=requisition), "shortlisted")
    interviewing = advance(ApplicationFactory(requisition=requisition), "interviewing")
    response = client_for(hiring_manager).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert shortlisted.candidate.full_name in html
    assert application.candidate.full_name not in html  # never shortlisted
    assert interviewing.candidate.full_name not in html  # already decided
    for must_have in ["Python", "PostgreSQL", "Mentoring"]:
        assert f'<th scope="col">{must_have}</th>' in html
    assert html.count("<strong>4</strong>/5") == 3
    assert "Solid; meets the must-haves." in html
    assert "Accept to interview" in html and "Decline" in html


def test_an_hm_without_shortlisted_candidates_is_told_what_happens_next(client_for, hiring_manager):
    html = client_for(hiring_manager).get(URL).content.decode()
    assert "No candidates waiting for your review" in html


def test_another_hms_shortlist_is_not_shown(client_for, other_hiring_manager, requisition, advance):
    app = advance(ApplicationFactory(requisition=requisition), "shortlisted")
    html = client_for(other_hiring_manager).get(URL).content.decode()
    assert app.candidate.full_name not in html


def test_the_review_is_not_there_for_users_who_are_not_hms(
    client_for, recruiter, user_without_role
):
    assert client_for(recruiter).get(URL).status_code == 404
    assert client_for(user_without_role).get(URL).status_code == 404


def test_the_review_refuses_a_post(client_for, hiring_manager):
    assert client_for(hiring_manager).post(URL).status_code == 405


def test_accepting_from_the_review_moves_to_interviewing_and_comes_back(
    client_for, hiring_manager, requisition, advance
):
    app = advance(ApplicationFactory(requisition=requisition), "shortlisted")
    response = client_for(hiring_manager).post(
        reverse("workflows:application-move", args=[app.pk]),
        {"transition": "accept", "expected_state": "shortlisted", "next": URL},
    )
    assert response.status_code == 302 and response.headers["Location"] == URL
    assert Application.objects.get(pk=app.pk).state == "interviewing"


def test_declining_without_feedback_is_refused_and_with_it_is_journaled_for_the_recruiter(
    client_for, hiring_manager, recruiter, requisition, advance, reason
):
    app = advance(ApplicationFactory(requisition=requisition), "shortlisted")
    url = reverse("workflows:application-move", args=[app.pk])
    client = client_for(hiring_manager)
    data = {"transition": "decline", "expected_state": "shortlisted", "next": URL}
    response = client.post(url, {**data, "reason": reason.pk, "feedback": " "})
    assert response.status_code == 400
    assert "Write your feedback for the recruiter" in response.content.decode()
    assert Application.objects.get(pk=app.pk).state == "shortlisted"

    response = client.post(
        url, {**data, "reason": reason.pk, "feedback": "Great Python, no mentoring yet."}
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=app.pk).state == "rejected"
    entry = JournalEntry.objects.get(candidate=app.candidate, kind="feedback")
    assert entry.body == "Great Python, no mentoring yet." and entry.actor == hiring_manager
    detail = client_for(recruiter).get(reverse("workflows:application-detail", args=[app.pk]))
    assert "Great Python, no mentoring yet." in detail.content.decode()


def test_the_review_costs_the_same_queries_for_1_or_many_candidates(
    client_for, hiring_manager, requisition, advance
):
    advance(ApplicationFactory(requisition=requisition), "shortlisted")
    client = client_for(hiring_manager)
    client.get(URL)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    second = RequisitionFactory(status="open", hiring_manager=hiring_manager)
    for req in (requisition, second):
        for _ in range(4):
            advance(ApplicationFactory(requisition=req), "shortlisted")
    with CaptureQueriesContext(connection) as many:
        html = client.get(URL).content.decode()
    assert html.count('id="review-') == 9
    assert len(many) == len(one)


def test_a_candidate_shortlisted_by_an_admin_override_without_screening_is_still_reviewable(
    client_for, hiring_manager, admin_user, recruiter, requisition
):
    from workflows.applications.services import application_move

    app = ApplicationFactory(requisition=requisition)
    application_move(application=app, transition="screen", by=recruiter)
    application_move(
        application=app,
        transition="shortlist",
        by=admin_user,
        override_justification="CEO referral",
    )
    response = client_for(hiring_manager).get(URL)
    assert response.status_code == 200
    assert app.candidate.full_name in response.content.decode()
