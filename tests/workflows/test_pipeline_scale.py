"""The pipeline at a real team's scale: 25 cards a column, most urgent first, exact counts,
"show more" with and without JavaScript, closed columns collapsed, and no form per card."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from tests.factories import ApplicationFactory, RequisitionFactory, TaskFactory
from workflows.models import Application, ApplicationTransition, ScreeningResponse, Task

STATES = [
    "applied",
    "screening",
    "shortlisted",
    "interviewing",
    "offer",
    "hired",
    "rejected",
    "withdrawn",
]
HTMX = {"HX-Request": "true"}


def _url(requisition, **query):
    url = reverse("workflows:pipeline", args=[requisition.pk])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def _fill(requisition, count, states=STATES):
    """`count` applications spread over `states`, each one day longer in its stage than the next
    (so "oldest in stage first" is a known order), as a busy requisition has them: long resumes,
    screenings, open tasks, some of them blocking, and the shortlist log the HM's view reads."""
    candidates = Candidate.objects.bulk_create(
        Candidate(
            first_name="Candidate",
            last_name=f"{n:04d}",
            email=f"c{requisition.pk}-{n}@example.org",
            current_title="Senior Platform Engineer",
            current_company="Acme Infrastructure GmbH",
            location="Berlin, Germany",
            resume_text="Kubernetes PostgreSQL Python engineer " * 40,
            skills=["python", "kubernetes", "postgresql", "terraform", "go"],
        )
        for n in range(count)
    )
    apps = Application.objects.bulk_create(
        Application(candidate=candidate, requisition=requisition, state=states[n % len(states)])
        for n, candidate in enumerate(candidates)
    )
    now = timezone.now()
    for n, app in enumerate(apps):
        app.state_changed_at = now - timedelta(days=count - n)
    Application.objects.bulk_update(apps, ["state_changed_at"])
    ScreeningResponse.objects.bulk_create(
        ScreeningResponse(application=app, summary="ok", rating="3.5", completed_at=now)
        for app in apps[::3]
    )
    ApplicationTransition.objects.bulk_create(
        ApplicationTransition(
            application=app, transition="shortlist", from_state="screening", to_state="shortlisted"
        )
        for app in apps
        if app.state not in ("applied", "screening")
    )
    tasks = []
    for n, app in enumerate(apps[1::7]):
        app.due = now + timedelta(hours=n - 30, minutes=1)  # the first thirty overdue
        tasks.append(
            Task(
                application=app,
                requisition=requisition,
                owner=requisition.recruiter,
                title="Call back",
                due_at=app.due,
                blocking=n % 2 == 0,
            )
        )
    Task.objects.bulk_create(tasks)
    return apps


def _cards(html: str) -> list[int]:
    """The application ids of the cards in `html`, in page order."""
    return [int(pk) for pk in re.findall(r'<article class="pipeline-card" id="card-(\d+)"', html)]


def _column(html: str, state: str) -> str:
    start = html.index(f'id="column-{state}"')
    end = html.find('<section class="pipeline-column', start)
    return html[start : end if end != -1 else len(html)]


def _in_state(apps, state):
    """The ids of `apps` in `state`, most urgent first: the earliest open task's deadline,
    then the longest in the stage."""
    apps = [app for app in apps if app.state == state]
    far = timezone.now() + timedelta(days=9999)
    return [
        app.pk for app in sorted(apps, key=lambda a: (getattr(a, "due", far), a.state_changed_at))
    ]


@pytest.fixture
def big(requisition):
    return _fill(requisition, 1000)


def test_with_1000_applications_the_first_page_is_under_150_kb_with_25_cards_a_column(
    client_for, recruiter, requisition, big
):
    html = client_for(recruiter).get(_url(requisition)).content.decode()
    assert len(html.encode()) < 150_000
    assert len(_cards(html)) == 5 * 25  # the five open columns; hired, rejected, withdrawn closed
    for state in STATES:
        count = sum(1 for app in big if app.state == state)
        assert f'data-count="{state}">{count}<' in html


def test_a_card_has_no_form_of_its_own_each_column_has_one(client_for, recruiter, requisition, big):
    html = client_for(recruiter).get(_url(requisition)).content.decode()
    board = html[html.index('id="board"') :]
    assert board.count("<form") == len(STATES)
    assert board.count("csrfmiddlewaretoken") == len(STATES)
    for card in re.findall(r"<article.*?</article>", board, flags=re.S):
        assert "<form" not in card


def test_the_admin_page_with_override_links_stays_under_150_kb(
    client_for, admin_user, requisition, big
):
    html = client_for(admin_user).get(_url(requisition)).content.decode()
    assert "Override…" in html
    assert len(html.encode()) < 150_000


def test_the_card_query_fetches_no_resume_text_search_vector_or_term_weights(
    client_for, recruiter, requisition, big
):
    with CaptureQueriesContext(connection) as queries:
        client_for(recruiter).get(_url(requisition))
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert '"first_name"' in sql  # the card query is among them
    for column in ("resume_text", "search_vector", "profile_terms", "skills"):
        assert column not in sql


@pytest.mark.parametrize("persona", ["recruiter", "hiring_manager", "admin_user"])
def test_the_pipeline_costs_the_same_queries_for_30_or_300_applications(
    client_for, request, persona, recruiter, hiring_manager
):
    user = request.getfixturevalue(persona)
    small = RequisitionFactory(status="open", recruiter=recruiter, hiring_manager=hiring_manager)
    large = RequisitionFactory(status="open", recruiter=recruiter, hiring_manager=hiring_manager)
    _fill(small, 30)
    _fill(large, 300)
    client = client_for(user)
    client.get(_url(small))  # warm the session
    counts = []
    for requisition in (small, large):
        for query in ({}, {"stage": "applied", "after": 25}):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(_url(requisition, **query), headers=HTMX if query else {})
            assert response.status_code == 200
            counts.append(len(queries))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts


def test_the_most_urgent_card_comes_first_overdue_then_due_then_oldest_in_stage(
    client_for, recruiter, requisition
):
    now = timezone.now()
    newest, oldest, due_soon, overdue = (
        ApplicationFactory(requisition=requisition) for _ in range(4)
    )
    for days, app in enumerate([newest, oldest, due_soon, overdue]):
        Application.objects.filter(pk=app.pk).update(
            state_changed_at=now - timedelta(days=[1, 30, 2, 3][days])
        )
    TaskFactory(application=due_soon, due_at=now + timedelta(hours=5), blocking=False)
    TaskFactory(application=overdue, due_at=now - timedelta(days=2), blocking=False)
    TaskFactory(application=newest, due_at=now - timedelta(days=9), completed_at=now)
    html = client_for(recruiter).get(_url(requisition)).content.decode()
    assert _cards(html) == [overdue.pk, due_soon.pk, oldest.pk, newest.pk]
    assert "overdue 2\xa0days" in html and "due in 4\xa0hours" in html


def test_show_more_with_htmx_answers_the_next_25_cards_of_that_column_only(
    client_for, recruiter, requisition, big
):
    applied = _in_state(big, "applied")  # 125, oldest first
    client = client_for(recruiter)
    first = client.get(_url(requisition)).content.decode()
    assert _cards(_column(first, "applied")) == applied[:25]
    more = f"{_url(requisition)}?stage=applied&amp;after=25"
    assert f'href="{more}#column-applied" hx-get="{more}" hx-target="this"' in first

    response = client.get(_url(requisition, stage="applied", after=25), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="board"' not in html
    assert _cards(html) == applied[25:50]
    assert "stage=applied&amp;after=50" in html and "(75 not shown)" in html

    last = client.get(_url(requisition, stage="applied", after=100), headers=HTMX).content
    assert _cards(last.decode()) == applied[100:125]
    assert b"Show more" not in last


def test_show_more_without_javascript_is_the_page_with_that_column_expanded(
    client_for, recruiter, requisition, big
):
    response = client_for(recruiter).get(_url(requisition, stage="applied", after=25))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert _cards(_column(html, "applied")) == _in_state(big, "applied")[:50]
    assert _cards(_column(html, "screening")) == _in_state(big, "screening")[:25]
    assert "stage=applied&amp;after=50#column-applied" in html


def test_closed_columns_show_their_counts_collapsed_until_opened(
    client_for, recruiter, requisition, big
):
    client = client_for(recruiter)
    html = client.get(_url(requisition)).content.decode()
    for state in ("hired", "rejected", "withdrawn"):
        column = _column(html, state)
        assert f'data-count="{state}">125<' in column
        assert re.search(r"<details[^>]*>", column).group(0).count(" open") == 0
        assert _cards(column) == []
        assert f'href="{_url(requisition)}?stage={state}#column-{state}"' in column
        assert f'hx-get="{_url(requisition)}?stage={state}&amp;after=0"' in column

    opened = client.get(_url(requisition, stage="rejected")).content.decode()  # without JS
    assert '<details class="pipeline-closed" open>' in _column(opened, "rejected")
    assert _cards(_column(opened, "rejected")) == _in_state(big, "rejected")[:25]
    assert _cards(_column(opened, "hired")) == []

    loaded = client.get(_url(requisition, stage="rejected", after=0), headers=HTMX).content
    assert _cards(loaded.decode()) == _in_state(big, "rejected")[:25]


def test_the_hm_sees_only_what_is_shared_with_him_in_counts_cards_and_show_more(
    client_for, hiring_manager, requisition, advance
):
    shortlisted = [advance(ApplicationFactory(requisition=requisition), "shortlisted")]
    hidden = ApplicationFactory(requisition=requisition)  # applied: not shared with the HM
    client = client_for(hiring_manager)
    html = client.get(_url(requisition)).content.decode()
    assert 'data-count="applied">0<' in html and 'data-count="shortlisted">1<' in html
    assert _cards(html) == [app.pk for app in shortlisted]
    more = client.get(_url(requisition, stage="applied", after=0), headers=HTMX).content
    assert f"card-{hidden.pk}" not in more.decode()
    assert client.get(_url(requisition, stage="applied", after=0)).status_code == 200


def _column_form(html: str, state: str) -> dict[str, str]:
    form = re.search(rf'<form id="moves-{state}".*?</form>', html, flags=re.S).group(0)
    return dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))


def test_moving_from_the_pipeline_posts_the_column_form_to_the_cards_move_without_javascript(
    client_for, recruiter, requisition, application
):
    client = client_for(recruiter)
    html = client.get(_url(requisition)).content.decode()
    move_url = reverse("workflows:application-move", args=[application.pk])
    button = (
        f'<button type="submit" form="moves-applied" formaction="{move_url}" '
        'name="transition" value="screen">Start screening</button>'
    )
    assert button in html
    data = {**_column_form(html, "applied"), "transition": "screen"}
    assert data["expected_state"] == "applied" and data["next"] == _url(requisition)
    response = client.post(move_url, data)
    assert response.status_code == 302 and response.headers["Location"] == _url(requisition)
    assert Application.objects.get(pk=application.pk).state == "screening"


def test_moving_from_the_pipeline_with_htmx_answers_the_refreshed_board(
    client_for, recruiter, requisition, application
):
    client = client_for(recruiter)
    data = {**_column_form(client.get(_url(requisition)).content.decode(), "applied")}
    move_url = reverse("workflows:application-move", args=[application.pk])
    response = client.post(move_url, {**data, "transition": "screen"}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="board"' in html and 'data-count="screening">1<' in html
    assert "now screening" in html
    assert Application.objects.get(pk=application.pk).state == "screening"


def test_a_move_that_needs_a_reason_links_to_its_move_page_and_comes_back(
    client_for, recruiter, requisition, application, reason
):
    client = client_for(recruiter)
    html = client.get(_url(requisition)).content.decode()
    move_url = reverse("workflows:application-move", args=[application.pk])
    link = f"{move_url}?transition=reject&amp;next=/requisitions/{requisition.pk}/pipeline/"
    assert f'<a href="{link}" role="button"' in html
    page = client.get(link.replace("&amp;", "&"))
    assert page.status_code == 200 and "Disposition reason" in page.content.decode()
    data = {"transition": "reject", "expected_state": "applied", "next": _url(requisition)}
    refused = client.post(move_url, data)  # no reason: the guard still holds
    assert refused.status_code == 400
    assert Application.objects.get(pk=application.pk).state == "applied"
    moved = client.post(move_url, {**data, "reason": reason.pk})
    assert moved.status_code == 302 and moved.headers["Location"] == _url(requisition)
    assert Application.objects.get(pk=application.pk).state == "rejected"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"stage": "nowhere"}, "There is no “nowhere” column"),
        ({"stage": "applied", "after": "-1"}, "“after” must be the number of cards"),
        ({"stage": "applied", "after": "ten"}, "“after” must be the number of cards"),
        ({"stage": "applied", "after": "9" * 30}, "“after” must be the number of cards"),
    ],
)
def test_a_column_request_it_cannot_show_is_a_400_that_says_why(
    client_for, recruiter, requisition, query, message
):
    client = client_for(recruiter)
    page = client.get(_url(requisition, **query))
    assert page.status_code == 400 and message in page.content.decode()
    assert 'id="board"' in page.content.decode()
    partial = client.get(_url(requisition, **query), headers=HTMX)
    assert partial.status_code == 400 and message in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_show_more_for_another_hms_requisition_is_404(
    client_for, other_hiring_manager, requisition
):
    response = client_for(other_hiring_manager).get(
        _url(requisition, stage="applied", after=0), headers=HTMX
    )
    assert response.status_code == 404
