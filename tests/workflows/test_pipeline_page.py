"""/requisitions/<pk>/pipeline/: columns per state, cards with this user's moves, HTMX in place."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.models import Candidate
from tests.factories import ApplicationFactory, RequisitionFactory, TaskFactory
from workflows.applications.services import application_move
from workflows.models import Application, ApplicationTransition, ScreeningResponse


def _url(requisition):
    return reverse("workflows:pipeline", args=[requisition.pk])


def _move(app, transition, **extra):
    return {
        "transition": transition,
        "expected_state": app.state,
        "origin": "pipeline",
        "next": _url(app.requisition),
        **extra,
    }


def test_the_recruiter_sees_a_column_per_state_with_counts_and_cards(
    client_for, recruiter, requisition, application, advance
):
    shortlisted = advance(ApplicationFactory(requisition=requisition), "shortlisted")
    response = client_for(recruiter).get(_url(requisition))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ["Applied", "Screening", "Shortlisted", "Interviewing", "Offer", "Hired"]:
        assert f'id="col-{label.lower()}"' in html
    assert 'data-count="applied">1<' in html and 'data-count="shortlisted">1<' in html
    assert application.candidate.full_name in html
    assert shortlisted.candidate.full_name in html
    assert "screening 4.0/5" in html
    assert "Start screening" in html  # the recruiter's move on the applied card
    assert "Accept to interview" not in html  # the HM's move, not the recruiter's


def test_a_blocked_move_is_shown_disabled_with_its_reason(client_for, recruiter, application):
    application_move(application=application, transition="screen", by=recruiter)
    html = client_for(recruiter).get(_url(application.requisition)).content.decode()
    assert "disabled" in html and "Complete the screening form first." in html


def test_the_hm_sees_only_shortlisted_candidates_and_their_own_moves(
    client_for, hiring_manager, requisition, application, advance
):
    shortlisted = advance(ApplicationFactory(requisition=requisition), "shortlisted")
    html = client_for(hiring_manager).get(_url(requisition)).content.decode()
    assert shortlisted.candidate.full_name in html
    assert application.candidate.full_name not in html
    assert "Accept to interview" in html and "Decline…" in html
    assert "Shortlist for the hiring manager" not in html


def test_another_hm_and_a_user_without_role_get_404(
    client_for, other_hiring_manager, user_without_role, requisition
):
    assert client_for(other_hiring_manager).get(_url(requisition)).status_code == 404
    assert client_for(user_without_role).get(_url(requisition)).status_code == 404


def test_the_pipeline_refuses_a_post(client_for, recruiter, requisition):
    assert client_for(recruiter).post(_url(requisition)).status_code == 405


def test_an_empty_pipeline_says_what_to_do_next(client_for, recruiter, requisition):
    html = client_for(recruiter).get(_url(requisition)).content.decode()
    assert "No candidates in this pipeline yet" in html


def test_a_move_without_javascript_redirects_back_to_the_pipeline(
    client_for, recruiter, application
):
    url = reverse("workflows:application-move", args=[application.pk])
    response = client_for(recruiter).post(url, _move(application, "screen"))
    assert response.status_code == 302
    assert response.headers["Location"] == _url(application.requisition)
    assert Application.objects.get(pk=application.pk).state == "screening"


def test_a_move_with_htmx_answers_the_refreshed_board(client_for, recruiter, application):
    url = reverse("workflows:application-move", args=[application.pk])
    response = client_for(recruiter).post(
        url, _move(application, "screen"), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="board"' in html
    assert 'data-count="screening">1<' in html and 'data-count="applied">0<' in html
    assert "now screening" in html


def test_a_stale_htmx_move_shows_who_moved_it_and_changes_nothing(
    client_for, recruiter, admin_user, application
):
    stale = _move(application, "screen")
    application_move(application=application, transition="screen", by=admin_user)
    url = reverse("workflows:application-move", args=[application.pk])
    response = client_for(recruiter).post(url, stale, headers={"HX-Request": "true"})
    assert response.status_code == 409
    assert "just moved by Ada Admin; reload" in response.content.decode()
    assert ApplicationTransition.objects.filter(application=application).count() == 1


def _fill(requisition, count):
    candidates = Candidate.objects.bulk_create(
        Candidate(first_name="Bulk", last_name=str(n), email=f"bulk{requisition.pk}-{n}@x.org")
        for n in range(count)
    )
    states = ["applied", "screening", "shortlisted", "interviewing", "offer", "rejected"]
    apps = Application.objects.bulk_create(
        Application(candidate=candidate, requisition=requisition, state=states[n % len(states)])
        for n, candidate in enumerate(candidates)
    )
    ScreeningResponse.objects.bulk_create(
        ScreeningResponse(application=app, summary="ok", rating="3.5") for app in apps[::3]
    )
    return apps


@pytest.mark.parametrize("persona", ["recruiter", "hiring_manager"])
def test_the_pipeline_costs_the_same_queries_for_1_or_1000_applications(
    client_for, request, persona
):
    user = request.getfixturevalue(persona)
    small = RequisitionFactory(
        status="open", hiring_manager=request.getfixturevalue("hiring_manager")
    )
    large = RequisitionFactory(status="open", hiring_manager=small.hiring_manager)
    _fill(small, 1)
    apps = _fill(large, 1000)
    TaskFactory(application=apps[1])
    ApplicationTransition.objects.bulk_create(
        ApplicationTransition(
            application=app, transition="shortlist", from_state="screening", to_state="shortlisted"
        )
        for app in apps[2::6]
    )
    client = client_for(user)
    client.get(_url(small))  # warm the session
    counts = []
    for requisition in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url(requisition))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    if persona == "recruiter":  # 25 cards in each of the five open columns; rejected collapsed
        assert response.content.decode().count('class="pipeline-card"') == 5 * 25
