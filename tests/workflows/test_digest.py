"""Milestone 3: the HM's screening digest, batched per requisition, with signed one-click links."""

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse

from notifications.models import OutboundMessage
from tests.factories import CandidateFactory, RequisitionFactory
from tests.workflows.conftest import complete_screening
from workflows.applications.milestones import digest_token
from workflows.applications.services import application_create, application_move
from workflows.duties import sweeps
from workflows.models import Application, Task

pytestmark = pytest.mark.django_db

WINDOW = timedelta(minutes=15)


def shortlist(requisition, recruiter, rating, name):
    app = application_create(
        candidate=CandidateFactory(first_name=name, last_name="Test"),
        requisition=requisition,
        by=recruiter,
    )
    application_move(application=app, transition="screen", by=recruiter)
    complete_screening(app, recruiter, rating=rating)
    return application_move(application=app, transition="shortlist", by=recruiter)


def digests():
    return list(OutboundMessage.objects.filter(template_key="screening_digest"))


def test_candidates_shortlisted_within_the_window_reach_the_hm_in_one_digest_top_rated_first(
    clock, requisition, recruiter, hiring_manager
):
    shortlist(requisition, recruiter, 3, "Carol")
    clock.advance(timedelta(minutes=5))
    shortlist(requisition, recruiter, 5, "Alice")
    clock.advance(timedelta(minutes=9))
    assert sweeps.screening_digests_send() == 0
    clock.advance(timedelta(minutes=2))
    assert sweeps.screening_digests_send() == 1
    assert sweeps.screening_digests_send() == 0
    [digest] = digests()
    assert digest.to_address == hiring_manager.email
    assert digest.subject.startswith("2 candidates ready for your review")
    body = digest.text_body
    assert body.index("Alice Test") < body.index("Carol Test")
    assert "Python: 5 / 5" in body and "PostgreSQL: 3 / 5" in body
    assert "Solid; meets the must-haves." in body
    assert "/review/digest/" in body and "/accept/" in body and "/decline/" in body
    assert not Task.objects.filter(announce_at__isnull=False).exists()


def test_a_later_shortlist_gets_its_own_digest(clock, requisition, recruiter):
    shortlist(requisition, recruiter, 4, "Alice")
    clock.advance(WINDOW)
    sweeps.screening_digests_send()
    shortlist(requisition, recruiter, 4, "Bob")
    clock.advance(WINDOW)
    sweeps.screening_digests_send()
    first, second = sorted(digests(), key=lambda m: m.queued_at)
    assert "Alice" in first.text_body and "Bob" not in first.text_body
    assert "Bob" in second.text_body and "Alice" not in second.text_body


def test_each_requisition_gets_its_own_digest(clock, requisition, recruiter, hiring_manager):
    other = RequisitionFactory(status="open", recruiter=recruiter, hiring_manager=hiring_manager)
    shortlist(requisition, recruiter, 4, "Alice")
    shortlist(other, recruiter, 4, "Bob")
    clock.advance(WINDOW)
    assert sweeps.screening_digests_send() == 2


def test_a_candidate_decided_before_the_digest_goes_is_left_out(
    clock, requisition, recruiter, hiring_manager
):
    alice = shortlist(requisition, recruiter, 4, "Alice")
    shortlist(requisition, recruiter, 4, "Bob")
    application_move(application=alice, transition="accept", by=hiring_manager)
    clock.advance(WINDOW)
    sweeps.screening_digests_send()
    [digest] = digests()
    assert "Bob" in digest.text_body and "Alice" not in digest.text_body


# --- the one-click links --------------------------------------------------------------------


@pytest.fixture
def shortlisted(requisition, recruiter):
    return shortlist(requisition, recruiter, 4, "Alice")


@pytest.fixture
def links(shortlisted, hiring_manager):
    token = digest_token(application=shortlisted, user=hiring_manager)
    return {
        "accept": reverse("workflows:digest-accept", args=[token]),
        "decline": reverse("workflows:digest-decline", args=[token]),
    }


def state(app):
    return Application.objects.get(pk=app.pk).state


def test_opening_the_accept_link_asks_for_confirmation_and_changes_nothing(
    client_for, hiring_manager, shortlisted, links
):
    response = client_for(hiring_manager).get(links["accept"])
    assert response.status_code == 200
    assert b"Accept to interview" in response.content and b'method="post"' in response.content
    assert state(shortlisted) == "shortlisted"


def test_confirming_the_accept_link_moves_the_candidate_to_interviewing(
    client_for, hiring_manager, shortlisted, links
):
    response = client_for(hiring_manager).post(links["accept"])
    assert response.status_code == 302
    assert response["Location"] == shortlisted.get_absolute_url()
    assert state(shortlisted) == "interviewing"
    assert shortlisted.transitions.last().by == hiring_manager
    assert Task.objects.get(application=shortlisted, kind="review").completed_at is not None


def test_an_accept_link_used_twice_changes_nothing_the_second_time(
    client_for, hiring_manager, shortlisted, links
):
    client = client_for(hiring_manager)
    client.post(links["accept"])
    response = client.post(links["accept"])
    assert response.status_code == 200
    assert b"no longer waiting for your decision" in response.content
    assert shortlisted.transitions.filter(transition="accept").count() == 1


def test_the_decline_link_asks_for_the_reason_and_feedback(
    client_for, hiring_manager, shortlisted, links, reason
):
    response = client_for(hiring_manager).get(links["decline"])
    assert response.status_code == 200
    assert b"Disposition reason" in response.content and b"feedback" in response.content
    assert reason.label.encode() in response.content
    assert state(shortlisted) == "shortlisted"


def test_declining_without_feedback_shows_the_error_and_changes_nothing(
    client_for, hiring_manager, shortlisted, links, reason
):
    response = client_for(hiring_manager).post(links["decline"], {"reason": reason.pk})
    assert response.status_code == 400
    assert b"Write your feedback for the recruiter." in response.content
    assert state(shortlisted) == "shortlisted"


def test_declining_with_a_reason_and_feedback_rejects_the_candidate(
    client_for, hiring_manager, shortlisted, links, reason
):
    response = client_for(hiring_manager).post(
        links["decline"], {"reason": reason.pk, "feedback": "Little PostgreSQL depth."}
    )
    assert response.status_code == 302
    shortlisted.refresh_from_db()
    assert (shortlisted.state, shortlisted.disposition_reason) == ("rejected", reason)
    assert shortlisted.decline_feedback == "Little PostgreSQL depth."


@pytest.mark.parametrize("decision", ["accept", "decline"])
def test_a_tampered_link_shows_a_clear_page_and_changes_nothing(
    client_for, hiring_manager, shortlisted, links, decision, reason
):
    url = links[decision].replace("/accept/", "x/accept/").replace("/decline/", "x/decline/")
    client = client_for(hiring_manager)
    response = client.post(url, {"reason": reason.pk, "feedback": "x"})
    assert response.status_code == 400
    assert b"This link is not valid" in response.content
    assert state(shortlisted) == "shortlisted"


def test_an_expired_link_shows_a_clear_page_and_changes_nothing(
    client_for, hiring_manager, shortlisted, links, monkeypatch, settings
):
    import time

    later = time.time() + (settings.TANDEM_DIGEST_LINK_DAYS + 1) * 86400
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client_for(hiring_manager).post(links["accept"])
    assert response.status_code == 410
    assert b"This link has expired" in response.content
    assert state(shortlisted) == "shortlisted"


def test_an_hm_of_another_requisition_gets_404_and_nothing_changes(
    client_for, other_hiring_manager, shortlisted, links
):
    client = client_for(other_hiring_manager)
    assert client.get(links["accept"]).status_code == 404
    assert client.post(links["accept"]).status_code == 404
    assert state(shortlisted) == "shortlisted"


def test_a_link_made_for_another_hm_of_an_application_they_cannot_see_is_404(
    client_for, other_hiring_manager, shortlisted
):
    token = digest_token(application=shortlisted, user=other_hiring_manager)
    url = reverse("workflows:digest-accept", args=[token])
    assert client_for(other_hiring_manager).post(url).status_code == 404
    assert state(shortlisted) == "shortlisted"


def test_the_links_answer_only_get_and_post(client_for, hiring_manager, links):
    assert client_for(hiring_manager).put(links["accept"]).status_code == 405
    assert client_for(hiring_manager).delete(links["decline"]).status_code == 405


def test_the_links_need_a_login(client, links):
    response = client.get(links["accept"])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
