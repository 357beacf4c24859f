"""What the application page's journal shows to whom: the others' scorecards stay hidden from an
interviewer who has not submitted their own, survey answers are for recruiters and admins only."""

import pytest
from django.urls import reverse

from candidates.models import JournalEntry
from tests.factories import UserFactory
from tests.workflows.conftest import at, rate_all, schedule
from workflows.interviews.selectors import scorecards_hidden
from workflows.interviews.services import interview_cancel, interview_complete


@pytest.fixture
def held(interviewing, plan, recruiter):
    """The team conversation (the HM and the recruiter), held yesterday."""
    interview = schedule(interviewing, plan[1], at(-1), recruiter)
    return interview_complete(interview=interview, by=recruiter)


def test_the_hm_reads_no_other_scorecard_in_the_journal_before_submitting_their_own(
    client_for, held, recruiter, hiring_manager
):
    rate_all(held, recruiter, notes="Recruiter's private judgement of Grace")
    client = client_for(hiring_manager)
    page = client.get(held.application.get_absolute_url()).content.decode()
    assert "Recruiter&#x27;s private judgement" not in page
    assert "Scorecard by" not in page

    rate_all(held, hiring_manager, notes="Hank's own evidence")
    page = client.get(held.application.get_absolute_url()).content.decode()
    assert "Recruiter&#x27;s private judgement" in page and "Hank&#x27;s own evidence" in page


def test_the_recruiter_reads_every_scorecard_in_the_journal(client_for, held, hiring_manager):
    rate_all(held, hiring_manager, notes="Hank's own evidence")
    recruiter = held.application.requisition.recruiter
    page = client_for(recruiter).get(held.application.get_absolute_url()).content.decode()
    assert "Hank&#x27;s own evidence" in page


def test_survey_answers_are_for_recruiters_and_admins_only(
    client_for, interviewing, hiring_manager, recruiter, admin_user
):
    JournalEntry.objects.create(
        candidate=interviewing.candidate,
        requisition=interviewing.requisition,
        kind=JournalEntry.Kind.SURVEY,
        summary="Survey answer: the hiring manager was late",
    )
    url = interviewing.get_absolute_url()
    assert "the hiring manager was late" not in client_for(hiring_manager).get(url).content.decode()
    for user in (recruiter, admin_user):
        assert "the hiring manager was late" in client_for(user).get(url).content.decode()


def test_a_cancelled_interview_ends_the_panelists_access(client_for, interviewing, plan, recruiter):
    guest = UserFactory()
    plan[0].interviewers.add(guest)
    interview = schedule(interviewing, plan[0], at(2), recruiter, interviewers=[guest])
    client = client_for(guest)
    urls = [
        reverse(name, args=[interview.pk])
        for name in ("workflows:interview-kit", "workflows:interview-ics", "workflows:scorecard")
    ]
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    interview_cancel(interview=interview, by=recruiter)
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    assert client.get(reverse("workflows:interview-resume", args=[interview.pk])).status_code == 404


def test_a_panelist_of_a_cancelled_interview_with_no_scorecard_sees_no_others(
    client_for, held, interviewing, plan, recruiter, hiring_manager
):
    rate_all(held, recruiter, notes="Recruiter's private judgement of Grace")
    # Hank is only on the technical interview, then cancelled; he never submitted a scorecard.
    technical = schedule(interviewing, plan[0], at(3), recruiter)
    interview_cancel(interview=technical, by=recruiter)
    held.panelists.filter(user=hiring_manager).delete()
    assert scorecards_hidden(hiring_manager, [interviewing.pk]) == {interviewing.pk}
    page = client_for(hiring_manager).get(interviewing.get_absolute_url()).content.decode()
    assert "Recruiter&#x27;s private judgement" not in page


def test_my_interviews_links_no_kit_of_a_cancelled_interview(
    client_for, interviewing, plan, recruiter
):
    guest = UserFactory()
    plan[0].interviewers.add(guest)
    interview = schedule(interviewing, plan[0], at(2), recruiter, interviewers=[guest])
    kit = reverse("workflows:interview-kit", args=[interview.pk])
    client = client_for(guest)
    assert kit in client.get(reverse("workflows:my-interviews")).content.decode()
    interview_cancel(interview=interview, by=recruiter)
    page = client.get(reverse("workflows:my-interviews")).content.decode()
    assert kit not in page and interviewing.candidate.full_name in page
