"""/dashboard/: the recruiter's day, the hiring manager's day, both for someone with both roles."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ats.roles import HIRING_MANAGER, RECRUITER
from candidates.models import JournalEntry
from insights import dashboard
from notifications.models import OutboundMessage
from tests.factories import CandidateFactory, TaskFactory, UserFactory
from workflows.applications.services import application_create
from workflows.duties.messaging import candidate_message_queue

URL = "/dashboard/"


def _apply(requisition, recruiter):
    return application_create(candidate=CandidateFactory(), requisition=requisition, by=recruiter)


def test_login_still_lands_on_the_dashboard_by_its_name(client, recruiter):
    from django.urls import reverse

    assert reverse("dashboard") == URL
    response = client.post(
        "/accounts/login/",
        {"username": recruiter.username, "password": "correct horse battery staple"},
    )
    assert response.headers["Location"] == URL


def test_a_recruiter_sees_their_requisitions_tasks_and_the_communication_board(
    client_for, requisition, recruiter, hiring_manager, advance
):
    waiting = advance(_apply(requisition, recruiter), "shortlisted")
    silent = _apply(requisition, recruiter)
    TaskFactory(
        application=silent,
        owner=recruiter,
        title="Call back Ada",
        blocking=False,
        due_at=timezone.now() - timedelta(hours=3),
    )
    TaskFactory(
        application=waiting,
        owner=hiring_manager,
        kind="review",
        blocking=False,
        title="Review the shortlist",
        due_at=timezone.now() + timedelta(hours=5),
    )

    html = client_for(recruiter).get(URL).content.decode()

    assert "As recruiter" in html and "As hiring manager" not in html
    assert requisition.title in html
    my_tasks = html.split('id="my-tasks-table"')[1].split("</table>")[0]
    assert "Call back Ada" in my_tasks and "overdue" in my_tasks
    waiting_on = html.split('id="waiting-table"')[1].split("</table>")[0]
    assert "Review the shortlist" in waiting_on and "Hank Manager" in waiting_on
    board = html.split('id="communication-board"')[1].split("</table>")[0]
    assert silent.candidate.full_name in board and waiting.candidate.full_name in board
    assert "never" in board


def test_the_board_shows_days_since_the_last_message_who_owes_and_delivery_problems(
    clock, requisition, recruiter, hiring_manager, advance
):
    app = _apply(requisition, recruiter)
    message = candidate_message_queue(
        application=app, template_key="application_received", occasion="received"
    )
    OutboundMessage.objects.filter(pk=message.pk).update(status="bounced")
    shortlisted = advance(_apply(requisition, recruiter), "shortlisted")
    clock.advance(timedelta(days=3, hours=1))

    rows, total = dashboard.communication_board(recruiter)

    by_app = {row.application.pk: row for row in rows}
    assert total == 2
    assert by_app[app.pk].days_since_message == 3
    assert by_app[app.pk].delivery_problem == "bounced"
    # The screening duty (created with the application) names who owes the next step.
    assert by_app[app.pk].owes == recruiter.first_name
    assert by_app[shortlisted.pk].days_since_message is None
    assert by_app[shortlisted.pk].owes == hiring_manager.first_name
    # The HM review is due 48 h (the default SLA) after shortlisting: overdue 3 days later.
    assert by_app[shortlisted.pk].overdue
    assert rows[0].application.pk == shortlisted.pk  # never messaged: first
    assert [e.candidate_id for e in dashboard.delivery_problems(recruiter)] == [app.candidate_id]


def test_a_hiring_manager_sees_the_shortlist_with_its_sla_clock_feedback_and_sla_record(
    client_for, clock, requisition, recruiter, hiring_manager, advance
):
    app = advance(_apply(requisition, recruiter), "shortlisted")
    TaskFactory(
        application=app,
        owner=hiring_manager,
        kind="feedback",
        blocking=False,
        title="Feedback on the technical interview",
        due_at=timezone.now() - timedelta(hours=2),
    )
    TaskFactory(
        application=app,
        owner=hiring_manager,
        kind="review",
        blocking=False,
        due_at=timezone.now() - timedelta(days=1),
        completed_at=timezone.now() - timedelta(days=2),
    )
    clock.advance(timedelta(hours=10))

    html = client_for(hiring_manager).get(URL).content.decode()

    assert "As hiring manager" in html and "As recruiter" not in html
    queue = html.split('id="review-queue"')[1].split("</table>")[0]
    assert app.candidate.full_name in queue and "38 h left" in queue
    assert "Feedback on the technical interview" in html
    assert "No interviews scheduled for you." in html
    assert requisition.title in html.split('id="hm-requisitions-table"')[1]
    # 2 due (the feedback overdue by 12 h, the review done early): 1 on time.
    assert "<strong>1 of 2</strong>" in html and "(50.0 %)" in html
    assert "Communication board" not in html


def test_a_hiring_manager_does_not_see_another_hms_shortlist(
    client_for, requisition, recruiter, other_hiring_manager, advance
):
    app = advance(_apply(requisition, recruiter), "shortlisted")
    html = client_for(other_hiring_manager).get(URL).content.decode()
    assert app.candidate.full_name not in html


def test_someone_with_both_roles_sees_both_parts(client_for, requisition, advance):
    both = UserFactory(roles=[RECRUITER, HIRING_MANAGER])
    html = client_for(both).get(URL).content.decode()
    assert "As recruiter" in html and "As hiring manager" in html


def test_someone_without_a_role_is_told_to_ask_for_one(client_for, user_without_role):
    html = client_for(user_without_role).get(URL).content.decode()
    assert "ask an admin" in html and "As recruiter" not in html


def test_the_dashboard_only_answers_get(client_for, recruiter):
    assert client_for(recruiter).post(URL).status_code == 405


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def _busy(requisition, recruiter, hiring_manager, advance, n):
    for _ in range(n):
        app = advance(_apply(requisition, recruiter), "shortlisted")
        candidate_message_queue(
            application=app, template_key="application_received", occasion="received"
        )
        TaskFactory(application=app, owner=recruiter, blocking=False)
        TaskFactory(application=app, owner=hiring_manager, kind="feedback", blocking=False)
        JournalEntry.objects.create(
            candidate=app.candidate, requisition=requisition, kind="note", summary="A note"
        )


def test_the_dashboards_cost_the_same_queries_with_1_or_many_rows(
    client_for, requisition, recruiter, hiring_manager, advance
):
    both = UserFactory(roles=[RECRUITER, HIRING_MANAGER])
    _busy(requisition, recruiter, hiring_manager, advance, 1)
    counts_one = [_queries(client_for(user)) for user in (recruiter, hiring_manager, both)]
    _busy(requisition, recruiter, hiring_manager, advance, 6)
    counts_many = [_queries(client_for(user)) for user in (recruiter, hiring_manager, both)]
    assert counts_one == counts_many


def test_a_hiring_manager_sees_their_upcoming_interviews_with_a_link_to_the_kit(
    client_for, requisition, recruiter, hiring_manager, advance, plan
):
    from workflows.interviews.services import Slot, interview_schedule

    app = advance(_apply(requisition, recruiter), "interviewing")
    stage = requisition.stages.order_by("order").first()
    interview = interview_schedule(
        application=app,
        stage=stage,
        slot=Slot(starts_at=timezone.now() + timedelta(days=2)),
        by=recruiter,
    )
    page = client_for(hiring_manager).get(URL).content.decode()
    assert f"/interviews/{interview.pk}/kit/" in page
    assert f"{stage.name} with {app.candidate.full_name}" in page


def _tasks(app, recruiter, hiring_manager, n):
    """`n` open duties of the recruiter, `n` feedback duties of the HM, all due at one time."""
    due = timezone.now() + timedelta(days=3)
    for owner, kind in ((recruiter, "other"), (hiring_manager, "feedback")):
        TaskFactory.create_batch(
            n, application=app, owner=owner, kind=kind, due_at=due, blocking=False
        )


def _page(client_for, user) -> tuple[int, str]:
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(URL).content.decode()
    return len(queries), html


def test_the_dashboards_lists_are_capped_with_how_many_more_and_a_link_to_all(
    client_for, requisition, recruiter, hiring_manager
):
    app = _apply(requisition, recruiter)
    _tasks(app, recruiter, hiring_manager, 5)
    users = [recruiter, hiring_manager]
    few = [_page(client_for, user) for user in users]
    assert all("list-more" not in html for _, html in few)
    _tasks(app, recruiter, hiring_manager, 45)
    many = [_page(client_for, user) for user in users]
    _tasks(app, recruiter, hiring_manager, 45)
    more = [_page(client_for, user) for user in users]
    # 5 tasks or 50: the same queries; 50 or 95: the same page, but for the numbers.
    assert [n for n, _ in few] == [n for n, _ in many] == [n for n, _ in more]
    for (_, html_many), (_, html_more) in zip(many, more, strict=True):
        assert abs(len(html_many) - len(html_more)) <= 20
    for (_, html), table in zip(many, ["my-tasks-table", "feedback-table"], strict=True):
        rows = html.split(f'id="{table}"')[1].split("</table>")[0].count("<tr")
        assert rows == 1 + dashboard.LIST_LIMIT
        assert "Showing 15 of 50 — 35 more" in html and 'href="/tasks/"' in html
