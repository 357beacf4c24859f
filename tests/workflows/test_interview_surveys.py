"""The survey after interviews: sent once per application when its first interview is held,
and its answers reach the candidate-experience report."""

from datetime import timedelta

from django.utils import timezone

from careers.models import Survey
from careers.services import interview_surveys_send, survey_answer
from insights import reports
from requisitions.models import Requisition
from tests.factories import CandidateFactory
from workflows.applications.services import application_create
from workflows.interviews.services import Slot, interview_complete, interview_schedule


def _held_interview(requisition, recruiter, advance):
    app = application_create(candidate=CandidateFactory(), requisition=requisition, by=recruiter)
    app = advance(app, "interviewing")
    interview = interview_schedule(
        application=app,
        stage=requisition.stages.order_by("order").first(),
        slot=Slot(starts_at=timezone.now() - timedelta(hours=2)),
        by=recruiter,
    )
    return interview_complete(interview=interview, by=recruiter)


def test_a_held_interview_brings_the_candidate_one_survey_even_when_swept_twice(
    requisition, recruiter, advance, plan, django_capture_on_commit_callbacks, mailoutbox
):
    interview = _held_interview(requisition, recruiter, advance)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert interview_surveys_send() == 1
        assert interview_surveys_send() == 0
    survey = Survey.objects.get(application=interview.application)
    assert survey.occasion == "interviews" and survey.sent_at is not None
    [email] = mailoutbox
    assert interview.application.candidate.email in email.to[0]
    assert "/survey/" in email.body


def test_survey_answers_feed_the_candidate_experience_report(
    requisition, recruiter, hiring_manager, advance, plan
):
    interview = _held_interview(requisition, recruiter, advance)
    interview_surveys_send()
    survey = Survey.objects.get(application=interview.application)
    survey_answer(survey=survey, nps=9, recruiter_rating=5, interviewers_rating=4, comment="")
    filters = reports.ReportFilters.default()
    rows = reports.survey_rows(Requisition.objects.all(), filters)
    assert rows == [reports.SurveyRow(recruiter.pk, hiring_manager.pk, 9, 5, 4)]


def test_erasing_a_candidate_also_redacts_what_interviewers_wrote_about_them(
    requisition, recruiter, hiring_manager, advance, plan
):
    from careers.services import candidate_erase
    from workflows.interviews.services import criteria_in_focus, scorecard_submit
    from workflows.models import Scorecard, ScorecardRating

    interview = _held_interview(requisition, recruiter, advance)
    scorecard_submit(
        interview=interview,
        by=hiring_manager,
        recommendation="yes",
        notes="Quillon told us about his divorce",
        ratings={
            c.pk: {"rating": 3, "evidence": "Quillon's side project"}
            for c in criteria_in_focus(interview)
        },
    )
    candidate_erase(candidate=interview.application.candidate, by=recruiter, reason="request")
    assert not Scorecard.objects.filter(notes__contains="Quillon").exists()
    assert not ScorecardRating.objects.filter(evidence__contains="Quillon").exists()
    assert Scorecard.objects.get(interview=interview).recommendation == "yes"


def test_a_criterion_interviewers_rated_cannot_be_removed_from_the_intake(
    requisition, recruiter, hiring_manager, advance, plan
):
    import pytest
    from django.core.exceptions import ValidationError

    from requisitions.services import CriterionInput, criteria_save
    from workflows.interviews.services import criteria_in_focus, scorecard_submit

    interview = _held_interview(requisition, recruiter, advance)
    rated = criteria_in_focus(interview)
    scorecard_submit(
        interview=interview,
        by=hiring_manager,
        recommendation="yes",
        notes="Solid.",
        ratings={c.pk: {"rating": 3, "evidence": ""} for c in rated},
    )
    keep = [c for c in requisition.criteria.all() if c.pk != rated[0].pk]
    replacement = CriterionInput(kind=rated[0].kind, name="Something else")
    rows = [CriterionInput(kind=c.kind, name=c.name, id=c.pk) for c in keep] + [replacement]
    rows += [
        CriterionInput(kind="nice_to_have", name=name)
        for name in ("Go", "Kafka", "Mentoring juniors")
        if name not in {c.name for c in keep}
    ][: max(0, 3 - sum(c.kind == "nice_to_have" for c in keep))]
    with pytest.raises(ValidationError, match="has interview ratings already"):
        criteria_save(requisition=requisition, by=recruiter, criteria=rows)
    assert requisition.criteria.filter(pk=rated[0].pk).exists()
