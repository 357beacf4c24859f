"""The interview and offer pages: happy paths, wrong methods, outsiders (404), bad input."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.factories import CandidateFactory, DispositionReasonFactory, UserFactory
from tests.workflows.conftest import at, rate_all, schedule
from workflows.applications.services import application_create
from workflows.interviews.services import interview_complete
from workflows.models import Interview, Offer, Scorecard


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def upcoming(interviewing, plan, recruiter):
    return schedule(interviewing, plan[0], at(2), recruiter)


@pytest.fixture
def held(interviewing, plan, recruiter):
    interview = schedule(interviewing, plan[1], at(-1), recruiter)
    return interview_complete(interview=interview, by=recruiter)


# --- schedule / reschedule / cancel / mark --------------------------------------------------------


def test_the_recruiter_schedules_from_the_application_page(
    client_for, interviewing, plan, recruiter, hiring_manager
):
    client = client_for(recruiter)
    page = client.get(interviewing.get_absolute_url()).content.decode()
    url = reverse("workflows:interview-schedule", args=[interviewing.pk])
    assert url in page
    form = client.get(url).content.decode()
    assert "Technical interview" in form and "Team conversation" in form
    response = client.post(
        url,
        {
            "stage": plan[0].pk,
            "starts_at": _local(at(2)),
            "interviewers": [hiring_manager.pk],
            "video_link": "https://meet.example.com/g",
        },
    )
    assert response.status_code == 302 and response.url == interviewing.get_absolute_url()
    interview = Interview.objects.get()
    assert interview.starts_at == at(2) and interview.video_link == "https://meet.example.com/g"
    page = client.get(interviewing.get_absolute_url()).content.decode()
    assert f'id="interview-{interview.pk}"' in page and "Reschedule" in page


def test_scheduling_with_bad_input_keeps_what_was_typed_and_saves_nothing(
    client_for, interviewing, plan, recruiter, hiring_manager, requisition, advance
):
    response = client_for(recruiter).post(
        reverse("workflows:interview-schedule", args=[interviewing.pk]),
        {
            "stage": plan[0].pk,
            "starts_at": _local(at(2)),
            "ends_at": _local(at(1)),
            "location": "Room 7",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The interview must end after it starts." in html
    assert 'value="Room 7"' in html
    assert not Interview.objects.exists()


def test_a_double_booking_is_shown_next_to_the_interviewers(
    client_for, interviewing, upcoming, plan, recruiter, requisition, advance
):
    alan = advance(
        application_create(candidate=CandidateFactory(), requisition=requisition, by=recruiter),
        "interviewing",
    )
    response = client_for(recruiter).post(
        reverse("workflows:interview-schedule", args=[alan.pk]),
        {"stage": plan[0].pk, "starts_at": _local(at(2))},
    )
    assert response.status_code == 400
    assert "Hank Manager already has an interview then" in response.content.decode()
    assert Interview.objects.count() == 1


@pytest.mark.parametrize("persona", ["hiring_manager", "other_hiring_manager"])
def test_only_recruiters_reach_the_scheduling_pages(
    client_for, request, interviewing, upcoming, persona
):
    client = client_for(request.getfixturevalue(persona))
    for url in (
        reverse("workflows:interview-schedule", args=[interviewing.pk]),
        reverse("workflows:interview-reschedule", args=[upcoming.pk]),
    ):
        assert client.get(url).status_code == 404
    for name in ("interview-cancel", "interview-complete", "interview-no-show"):
        assert client.post(reverse(f"workflows:{name}", args=[upcoming.pk])).status_code == 404
    upcoming.refresh_from_db()
    assert upcoming.status == "scheduled"


def test_the_scheduling_page_refuses_other_methods(client_for, interviewing, recruiter):
    client = client_for(recruiter)
    url = reverse("workflows:interview-schedule", args=[interviewing.pk])
    assert client.delete(url).status_code == 405
    for name in ("interview-cancel", "interview-complete", "interview-no-show"):
        assert client.get(reverse(f"workflows:{name}", args=[1])).status_code == 405


def test_reschedule_and_cancel_from_the_page(client_for, upcoming, recruiter, hiring_manager):
    client = client_for(recruiter)
    url = reverse("workflows:interview-reschedule", args=[upcoming.pk])
    assert _local(upcoming.starts_at) in client.get(url).content.decode()
    response = client.post(
        url, {"starts_at": _local(at(4)), "interviewers": [hiring_manager.pk], "location": "B"}
    )
    assert response.status_code == 302
    upcoming.refresh_from_db()
    assert (upcoming.starts_at, upcoming.ics_sequence, upcoming.location) == (at(4), 1, "B")
    response = client.post(
        reverse("workflows:interview-cancel", args=[upcoming.pk]), {"reason": "Role on hold"}
    )
    assert response.status_code == 302
    upcoming.refresh_from_db()
    assert (upcoming.status, upcoming.cancel_reason) == ("cancelled", "Role on hold")


def test_marking_held_from_the_page_creates_the_feedback_task(
    client_for, upcoming, recruiter, clock
):
    clock.now = upcoming.starts_at + datetime.timedelta(minutes=5)  # the interview has begun
    client_for(recruiter).post(reverse("workflows:interview-complete", args=[upcoming.pk]))
    upcoming.refresh_from_db()
    assert upcoming.status == "completed"
    assert upcoming.panelists.get().feedback_task.kind == "feedback"


def test_an_interview_that_has_not_started_cannot_be_marked_held(
    client_for, upcoming, recruiter, interviewing
):
    client = client_for(recruiter)
    page = client.get(interviewing.get_absolute_url()).content.decode()
    assert reverse("workflows:interview-complete", args=[upcoming.pk]) not in page
    response = client.post(reverse("workflows:interview-complete", args=[upcoming.pk]), follow=True)
    assert "The interview has not started yet" in response.content.decode()
    upcoming.refresh_from_db()
    assert upcoming.status == "scheduled"
    assert upcoming.panelists.get().feedback_task is None


# --- the kit, the .ics, the resume --------------------------------------------------------------


def test_the_interviewer_opens_the_kit(client_for, upcoming, interviewing, hiring_manager):
    mentoring = upcoming.stage.focus_areas.first()
    mentoring.guidance = "Ask about a schema they regret."
    mentoring.save()
    html = client_for(hiring_manager).get(upcoming.get_absolute_url()).content.decode()
    assert "Interview kit: Grace Hopper" in html
    assert "Ask about a schema they regret." in html
    assert "Solid; meets the must-haves." in html  # the screening summary
    assert reverse("workflows:scorecard", args=[upcoming.pk]) in html


def test_an_interviewer_without_a_role_sees_only_their_own_interview(
    client_for, interviewing, plan, recruiter, requisition, advance
):
    engineer = UserFactory(first_name="Ivy", last_name="Engineer")
    plan[0].interviewers.add(engineer)
    mine = schedule(interviewing, plan[0], at(2), recruiter, interviewers=[engineer])
    other_app = advance(
        application_create(candidate=CandidateFactory(), requisition=requisition, by=recruiter),
        "interviewing",
    )
    not_mine = schedule(other_app, plan[1], at(3), recruiter)
    client = client_for(engineer)
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(not_mine.get_absolute_url()).status_code == 404
    page = client.get(interviewing.get_absolute_url())
    assert page.status_code == 200
    assert "Journal" not in page.content.decode()  # the application, not the file on them
    assert client.get(other_app.get_absolute_url()).status_code == 404
    assert client.get(reverse("workflows:pipeline", args=[requisition.pk])).status_code == 404
    note = client.post(
        reverse("workflows:application-note", args=[interviewing.pk]), {"body": "hi"}
    )
    assert note.status_code == 404
    listing = client.get(reverse("workflows:my-interviews")).content.decode()
    assert "Grace Hopper" in listing and other_app.candidate.full_name not in listing


def test_another_hiring_manager_gets_404_for_the_kit_scorecard_and_ics(
    client_for, upcoming, other_hiring_manager
):
    client = client_for(other_hiring_manager)
    for name in ("interview-kit", "scorecard", "interview-ics", "interview-resume"):
        assert client.get(reverse(f"workflows:{name}", args=[upcoming.pk])).status_code == 404


def test_the_ics_download_is_the_interviews_event(client_for, upcoming, hiring_manager):
    response = client_for(hiring_manager).get(
        reverse("workflows:interview-ics", args=[upcoming.pk])
    )
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["UID"]) == upcoming.ics_uid
    assert {str(address) for address in event["ATTENDEE"]} == {
        f"mailto:{upcoming.application.candidate.email}",
        f"mailto:{hiring_manager.email}",
    }


def test_the_resume_is_served_to_the_panel(client_for, upcoming, hiring_manager, interviewing):
    from django.core.files.base import ContentFile

    candidate = interviewing.candidate
    candidate.resume.save("cv.pdf", ContentFile(b"%PDF-1.4 resume"), save=True)
    response = client_for(hiring_manager).get(
        reverse("workflows:interview-resume", args=[upcoming.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 resume"
    candidate.resume.delete(save=True)


# --- the scorecard page ---------------------------------------------------------------------


def _scorecard_data(interview, rating=4, **extra):
    data = {"recommendation": "strong_yes", "notes": "Clear examples."}
    for criterion in interview.stage.focus_areas.all():
        data[f"c{criterion.pk}"] = rating
        data[f"e{criterion.pk}"] = "seen it"
    return {**data, **extra}


def test_the_interviewer_submits_the_scorecard_then_it_is_read_only(
    client_for, held, hiring_manager, recruiter
):
    rate_all(held, recruiter, rating=1, recommendation="strong_no", notes="Recruiter's view")
    client = client_for(hiring_manager)
    url = reverse("workflows:scorecard", args=[held.pk])
    html = client.get(url).content.decode()
    assert "Submit scorecard" in html
    assert "Recruiter&#x27;s view" not in html and "once you have submitted your own" in html
    response = client.post(url, _scorecard_data(held))
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "Submit scorecard" not in html and "Correct my scorecard" in html
    assert "Recruiter&#x27;s view" in html  # the others', now that Hank's own is in
    assert client.post(url, _scorecard_data(held, rating=1)).status_code == 400
    assert Scorecard.objects.get(interviewer=hiring_manager).ratings.get().rating == 4


def test_a_correction_from_the_page_needs_a_reason(client_for, held, hiring_manager):
    client = client_for(hiring_manager)
    url = reverse("workflows:scorecard", args=[held.pk])
    client.post(url, _scorecard_data(held))
    assert "What you correct, and why" in client.get(url + "?correct=1").content.decode()
    response = client.post(url, _scorecard_data(held, rating=2, correct="1"))
    assert response.status_code == 400
    response = client.post(
        url, _scorecard_data(held, rating=2, correct="1", correction_reason="Misread my notes")
    )
    assert response.status_code == 302
    assert Scorecard.objects.get(interviewer=hiring_manager, is_current=True).version == 2


def test_a_scorecard_without_ratings_is_refused_and_nothing_saved(client_for, held, hiring_manager):
    response = client_for(hiring_manager).post(
        reverse("workflows:scorecard", args=[held.pk]), {"notes": "typed this"}
    )
    assert response.status_code == 400
    assert "typed this" in response.content.decode()
    assert not Scorecard.objects.exists()


def test_someone_not_on_the_panel_cannot_post_a_scorecard(client_for, held, admin_user):
    response = client_for(admin_user).post(
        reverse("workflows:scorecard", args=[held.pk]), _scorecard_data(held)
    )
    assert response.status_code == 404
    assert not Scorecard.objects.exists()


def test_the_scorecard_waits_for_the_interview(client_for, upcoming, hiring_manager):
    html = (
        client_for(hiring_manager)
        .get(reverse("workflows:scorecard", args=[upcoming.pk]))
        .content.decode()
    )
    assert "The scorecard opens when the interview starts" in html


def test_the_scorecard_page_refuses_other_methods(client_for, held, hiring_manager):
    url = reverse("workflows:scorecard", args=[held.pk])
    assert client_for(hiring_manager).put(url).status_code == 405


# --- my interviews, query counts ---------------------------------------------------------------


def test_my_interviews_says_what_to_do_when_empty(client_for, user_without_role):
    html = client_for(user_without_role).get(reverse("workflows:my-interviews")).content.decode()
    assert "You are not on any interview yet" in html


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_my_interviews_and_the_application_page_cost_the_same_for_one_or_many(
    client_for, requisition, plan, interviewing, recruiter, hiring_manager, advance
):
    first = schedule(interviewing, plan[1], at(-1), recruiter)
    interview_complete(interview=first, by=recruiter)
    rate_all(first, recruiter)
    client = client_for(hiring_manager)
    mine = reverse("workflows:my-interviews")
    page = interviewing.get_absolute_url()
    client.get(mine)
    few = (_count(client, mine), _count(client, page))
    schedule(interviewing, plan[0], at(3), recruiter)
    for n in range(5):
        app = advance(
            application_create(candidate=CandidateFactory(), requisition=requisition, by=recruiter),
            "interviewing",
        )
        schedule(app, plan[1], at(5 + n), recruiter)
    rate_all(first, hiring_manager)
    many = (_count(client, mine), _count(client, page))
    assert few == many


# --- offers -----------------------------------------------------------------------------------


@pytest.fixture
def in_offer(application, advance):
    return advance(application, "offer")


def test_the_offer_is_drafted_approved_extended_and_accepted_from_the_application_page(
    client_for, in_offer, recruiter, hiring_manager
):
    recruiter_client = client_for(recruiter)
    page = recruiter_client.get(in_offer.get_absolute_url()).content.decode()
    assert "Draft the offer" in page
    response = recruiter_client.post(
        reverse("workflows:offer-new", args=[in_offer.pk]),
        {"salary": "85000", "currency": "EUR", "start_date": "2031-07-01"},
    )
    assert response.status_code == 302
    offer = Offer.objects.get()
    # The recruiter cannot approve (the button is not there, and the POST does nothing).
    assert (
        "Approve the offer"
        not in recruiter_client.get(in_offer.get_absolute_url()).content.decode()
    )
    recruiter_client.post(reverse("workflows:offer-approve", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.status == "draft"
    hm_client = client_for(hiring_manager)
    assert "Approve the offer" in hm_client.get(in_offer.get_absolute_url()).content.decode()
    hm_client.post(reverse("workflows:offer-approve", args=[offer.pk]))
    recruiter_client = client_for(recruiter)
    recruiter_client.post(reverse("workflows:offer-extend", args=[offer.pk]))
    recruiter_client.post(reverse("workflows:offer-accept", args=[offer.pk]))
    offer.refresh_from_db()
    in_offer.refresh_from_db()
    assert (offer.status, in_offer.state) == ("accepted", "hired")


def test_the_offer_form_shows_errors_and_saves_nothing(client_for, in_offer, recruiter):
    response = client_for(recruiter).post(
        reverse("workflows:offer-new", args=[in_offer.pk]),
        {"salary": "-5", "currency": "EUR", "start_date": "someday"},
    )
    assert response.status_code == 400
    assert not Offer.objects.exists()


def test_the_decline_page_asks_for_the_reason(client_for, in_offer, recruiter, hiring_manager):
    from workflows.offers.services import offer_create, offer_move

    reason = DispositionReasonFactory(group="offer_declined", label="Salary too low")
    offer = offer_create(
        application=in_offer,
        by=recruiter,
        salary=85000,
        currency="EUR",
        start_date=datetime.date(2031, 7, 1),
    )
    offer_move(offer=offer, transition="approve", by=hiring_manager)
    offer_move(offer=offer, transition="extend", by=recruiter)
    client = client_for(recruiter)
    url = reverse("workflows:offer-decline", args=[offer.pk])
    assert "Salary too low" in client.get(url).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": reason.pk}).status_code == 302
    in_offer.refresh_from_db()
    assert (in_offer.state, in_offer.disposition_reason) == ("rejected", reason)


def test_offers_are_404_for_outsiders_and_interviewers(
    client_for, in_offer, recruiter, other_hiring_manager, user_without_role
):
    from workflows.offers.services import offer_create

    offer = offer_create(
        application=in_offer,
        by=recruiter,
        salary=85000,
        currency="EUR",
        start_date=datetime.date(2031, 7, 1),
    )
    for user in (other_hiring_manager, user_without_role):
        client = client_for(user)
        assert client.post(reverse("workflows:offer-approve", args=[offer.pk])).status_code == 404
        assert client.get(reverse("workflows:offer-decline", args=[offer.pk])).status_code == 404
        assert client.get(reverse("workflows:offer-new", args=[in_offer.pk])).status_code == 404
    assert (
        client_for(recruiter).get(reverse("workflows:offer-approve", args=[offer.pk])).status_code
        == 405
    )


@pytest.mark.parametrize(
    ("starts_at", "error"),
    [
        ("9999-12-31T23:30", "Give a date between 2000 and 2100."),
        ("1999-01-01T10:00", "Give a date between 2000 and 2100."),
        (None, "This moment has passed"),
    ],
)
def test_a_start_at_the_end_of_time_or_in_the_past_is_a_form_error(
    client_for, interviewing, plan, recruiter, hiring_manager, starts_at, error
):
    client = client_for(recruiter)
    url = reverse("workflows:interview-schedule", args=[interviewing.pk])
    data = {
        "stage": plan[0].pk,
        "starts_at": starts_at or _local(at(-1)),
        "interviewers": [hiring_manager.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 400 and error in response.content.decode()
    assert not Interview.objects.exists()


def test_rescheduling_into_the_past_is_a_form_error(client_for, upcoming, recruiter):
    url = reverse("workflows:interview-reschedule", args=[upcoming.pk])
    response = client_for(recruiter).post(url, {"starts_at": _local(at(-2))})
    assert response.status_code == 400 and "This moment has passed" in response.content.decode()
    before = upcoming.starts_at
    upcoming.refresh_from_db()
    assert upcoming.starts_at == before


def test_a_slot_without_an_end_at_the_end_of_time_is_refused_by_the_service(
    interviewing, plan, recruiter
):
    from django.core.exceptions import ValidationError

    end_of_time = datetime.datetime(9999, 12, 31, 23, 30, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError) as error:
        schedule(interviewing, plan[0], end_of_time, recruiter)
    assert "starts_at" in error.value.message_dict
    assert not Interview.objects.exists()


def test_a_huge_interviewer_id_when_scheduling_is_a_form_error_not_a_server_error(
    client_for, interviewing, plan, recruiter, hiring_manager
):
    response = client_for(recruiter).post(
        reverse("workflows:interview-schedule", args=[interviewing.pk]),
        {
            "stage": plan[0].pk,
            "starts_at": _local(at(2)),
            "interviewers": [hiring_manager.pk, "9223372036854775808"],
        },
    )
    assert response.status_code == 400
    assert "is not a valid value" in response.content.decode()
    assert not Interview.objects.exists()
