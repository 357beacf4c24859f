"""The comparison page: candidates x criteria, averages and spread, must-haves first, sortable."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CandidateFactory
from tests.workflows.conftest import at, rate_all, schedule
from workflows.applications.services import application_create
from workflows.interviews.selectors import comparison
from workflows.interviews.services import interview_complete


def _url(requisition, sort=""):
    return reverse("workflows:comparison", args=[requisition.pk]) + (
        f"?sort={sort}" if sort else ""
    )


@pytest.fixture
def rated(requisition, plan, interviewing, recruiter, hiring_manager, advance):
    """Grace: team conversation rated 4 (HM) and 2 (recruiter) on Mentoring. Alan: interviewing,
    no scorecards. Carla: only applied (not compared)."""
    team = schedule(interviewing, plan[1], at(-1), recruiter)
    interview_complete(interview=team, by=recruiter)
    rate_all(team, hiring_manager, rating=4, recommendation="strong_yes")
    rate_all(team, recruiter, rating=2, recommendation="no")
    alan = advance(
        application_create(
            candidate=CandidateFactory(first_name="Alan", last_name="Turing"),
            requisition=requisition,
            by=recruiter,
        ),
        "interviewing",
    )
    application_create(
        candidate=CandidateFactory(first_name="Carla", last_name="Applied"),
        requisition=requisition,
        by=recruiter,
    )
    return interviewing, alan


def test_cells_hold_the_ratings_with_their_average_and_spread(rated, requisition, recruiter):
    grace, alan = rated
    data = comparison(recruiter, requisition)
    assert [c.name for c in data.criteria][:3] == ["Python", "PostgreSQL", "Mentoring"]
    assert data.criteria[-1].kind == "nice_to_have"
    assert [row.application for row in data.rows] == [grace, alan]  # best overall first
    mentoring = data.rows[0].cells[2]
    assert sorted(mentoring.ratings) == [2, 4]
    assert (mentoring.average, mentoring.spread) == (3.0, 2)
    assert data.rows[0].cells[0].ratings == []
    assert sorted(data.rows[0].recommendations) == ["No", "Strong yes"]
    assert data.rows[1].overall.average is None


def test_sorting_by_name_or_a_criterion(rated, requisition, recruiter):
    grace, alan = rated
    assert [r.application for r in comparison(recruiter, requisition, sort="name").rows] == [
        grace,
        alan,
    ]  # Hopper, Turing
    python = requisition.criteria.get(name="Python")
    by_python = comparison(recruiter, requisition, sort=f"c{python.pk}")
    assert by_python.sort == f"c{python.pk}"
    assert comparison(recruiter, requisition, sort="nonsense").sort == "overall"


def test_an_interviewer_who_owes_a_scorecard_sees_no_numbers_for_that_candidate(
    rated, requisition, plan, recruiter, hiring_manager
):
    grace, _alan = rated
    technical = schedule(grace, plan[0], at(-3), recruiter)
    interview_complete(interview=technical, by=recruiter)
    row = next(r for r in comparison(hiring_manager, requisition).rows if r.application == grace)
    assert row.hidden and row.overall.ratings == [] and row.recommendations == []


def test_the_page_shows_the_numbers(client_for, rated, requisition, hiring_manager):
    response = client_for(hiring_manager).get(_url(requisition))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Grace Hopper" in html and "Alan Turing" in html and "Carla Applied" not in html
    assert "<strong>3.0</strong> <small>spread 2</small>" in html
    assert 'aria-current="page">Comparison' in html


def test_the_page_is_404_for_another_hiring_manager(
    client_for, rated, requisition, other_hiring_manager
):
    assert client_for(other_hiring_manager).get(_url(requisition)).status_code == 404


def test_the_page_answers_only_get(client_for, requisition, recruiter):
    assert client_for(recruiter).post(_url(requisition)).status_code == 405


def test_an_empty_comparison_says_what_to_do(client_for, requisition, recruiter):
    html = client_for(recruiter).get(_url(requisition)).content.decode()
    assert "No candidates to compare yet" in html


def test_the_query_count_is_the_same_for_one_or_many_candidates(
    client_for, rated, requisition, plan, recruiter, hiring_manager, advance
):
    client = client_for(recruiter)
    client.get(_url(requisition))
    with CaptureQueriesContext(connection) as few:
        client.get(_url(requisition))
    for n in range(6):
        app = advance(
            application_create(
                candidate=CandidateFactory(last_name=f"Many{n}"),
                requisition=requisition,
                by=recruiter,
            ),
            "interviewing",
        )
        interview = schedule(app, plan[1], at(-10 - n), recruiter)
        interview_complete(interview=interview, by=recruiter)
        rate_all(interview, hiring_manager, rating=1 + n % 4)
        rate_all(interview, recruiter, rating=2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(_url(requisition))
    assert response.content.decode().count('id="compare-') == 8
    assert len(few) == len(many)
