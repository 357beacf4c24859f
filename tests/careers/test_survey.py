"""The candidate survey: sent once per occasion, a signed single-use expiring link, answers kept."""

import re
from datetime import timedelta

import pytest

from candidates.models import JournalEntry
from careers.models import Survey
from careers.services import survey_for_token, survey_link_token, survey_send
from notifications.models import OutboundMessage
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

ANSWERS = {"nps": "9", "recruiter_rating": "5", "interviewers_rating": "4", "comment": "Fair."}


@pytest.fixture
def application(db):
    return ApplicationFactory()


@pytest.fixture
def survey(application):
    return survey_send(application=application, occasion="interview:1")


def _url(survey):
    return f"/survey/{survey_link_token(survey)}/"


def test_survey_send_emails_a_personal_link_once_per_occasion(application):
    survey = survey_send(application=application, occasion="interview:1")
    again = survey_send(application=application, occasion="interview:1")
    assert again == survey
    [message] = OutboundMessage.objects.filter(template_key="candidate_survey")
    # The signed token carries a timestamp: compare what it opens, not its text.
    [token] = re.findall(r"/survey/([^/\s]+)/", message.text_body)
    assert survey_for_token(token) == survey
    assert survey.sent_at is not None
    assert survey.expires_at - survey.sent_at == timedelta(days=14)
    other = survey_send(application=application, occasion="interview:2")
    assert other != survey
    assert OutboundMessage.objects.filter(template_key="candidate_survey").count() == 2


def test_a_candidate_answers_once_and_the_answers_go_to_the_journal(client, survey):
    url = _url(survey)
    page = client.get(url)
    assert page.status_code == 200
    assert "How likely are you to recommend" in page.content.decode()
    response = client.post(url, ANSWERS)
    assert response.status_code == 302
    assert response.headers["Location"] == "/survey/done/"
    survey.refresh_from_db()
    assert (survey.nps, survey.recruiter_rating, survey.interviewers_rating, survey.comment) == (
        9,
        5,
        4,
        "Fair.",
    )
    assert survey.answered_at is not None
    entry = JournalEntry.objects.get(kind="survey")
    assert entry.candidate == survey.application.candidate
    assert entry.requisition == survey.application.requisition
    assert "would recommend 9/10" in entry.summary
    assert entry.body == "Fair."

    used = client.get(url)
    assert used.status_code == 410
    assert "You have already answered this survey" in used.content.decode()
    assert client.post(url, {**ANSWERS, "nps": "0"}).status_code == 410
    survey.refresh_from_db()
    assert survey.nps == 9


def test_an_expired_link_gets_a_polite_page(client, survey, clock):
    clock.advance(timedelta(days=15))
    response = client.get(_url(survey))
    assert response.status_code == 410
    assert "This survey has closed" in response.content.decode()
    assert client.post(_url(survey), ANSWERS).status_code == 410
    survey.refresh_from_db()
    assert survey.answered_at is None


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "not-a-token",
        lambda token: token.split(":")[0] + ":forged:signature",
    ],
)
def test_a_forged_link_gets_a_polite_404(client, survey, forge):
    response = client.get(f"/survey/{forge(survey_link_token(survey))}/")
    assert response.status_code == 404
    assert "We could not find this survey" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"), [("nps", "11"), ("recruiter_rating", "0"), ("interviewers_rating", "")]
)
def test_an_answer_out_of_range_is_a_400_and_nothing_stored(client, survey, field, value):
    response = client.post(_url(survey), {**ANSWERS, field: value})
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert 'value="Fair."' in response.content.decode() or "Fair." in response.content.decode()
    assert not Survey.objects.filter(answered_at__isnull=False).exists()
    assert not JournalEntry.objects.filter(kind="survey").exists()


def test_the_survey_page_refuses_other_methods(client, survey):
    assert client.put(_url(survey)).status_code == 405
