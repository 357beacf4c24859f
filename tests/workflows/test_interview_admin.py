"""Admin for interviews, scorecards and offers: read-only lists; changes go through services."""

import datetime

from django.urls import reverse

from tests.workflows.conftest import at, rate_all, schedule
from workflows.interviews.services import interview_complete
from workflows.models import Interview, Offer, Scorecard, Task
from workflows.offers.services import offer_create


def test_the_admin_lists_interviews_scorecards_and_offers(
    client_for, admin_user, interviewing, plan, recruiter, hiring_manager
):
    interview = schedule(interviewing, plan[0], at(-1), recruiter)
    interview_complete(interview=interview, by=recruiter)
    rate_all(interview, hiring_manager)
    client = client_for(admin_user)
    for model in ("interview", "scorecard", "offer"):
        response = client.get(reverse(f"admin:workflows_{model}_changelist"))
        assert response.status_code == 200
    html = client.get(
        reverse("admin:workflows_scorecard_change", args=[Scorecard.objects.get().pk])
    )
    assert "Strong yes" in html.content.decode()
    assert client.get(reverse("admin:workflows_interview_add")).status_code == 403


def test_the_admin_marks_an_interview_held_through_the_service(
    client_for, admin_user, interviewing, plan, recruiter
):
    interview = schedule(interviewing, plan[0], at(-1), recruiter)
    client_for(admin_user).post(
        reverse("admin:workflows_interview_changelist"),
        {"action": "mark_held", "_selected_action": [interview.pk]},
    )
    interview.refresh_from_db()
    assert interview.status == "completed"
    assert Task.objects.filter(kind="feedback").count() == 1


def test_the_admin_approves_an_offer_through_the_service(
    client_for, admin_user, application, advance, recruiter
):
    app = advance(application, "offer")
    offer = offer_create(
        application=app,
        by=recruiter,
        salary=90000,
        currency="EUR",
        start_date=datetime.date(2031, 1, 1),
    )
    client_for(admin_user).post(
        reverse("admin:workflows_offer_changelist"),
        {"action": "offer_approve", "_selected_action": [offer.pk]},
    )
    offer.refresh_from_db()
    assert offer.status == "approved" and offer.approved_by == admin_user


def test_the_demo_has_interviews_past_and_future_scorecards_and_one_offer(demo_data):
    statuses = set(Interview.objects.values_list("status", flat=True))
    assert statuses == {"scheduled", "completed"}
    assert Scorecard.objects.exists()
    assert list(Offer.objects.values_list("status", flat=True)) == ["extended"]
