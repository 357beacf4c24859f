"""A filled or cancelled search closes its other applications the way a person would: a duty for
the recruiter, one step to close them all, each candidate's polite email after the usual delay."""

from datetime import timedelta

from django.urls import reverse

from requisitions.services import requisition_move
from tests.factories import CandidateFactory
from workflows.applications.closing import closing_duties_ensure
from workflows.applications.services import application_create
from workflows.duties.sweeps import rejection_emails_send, task_escalations_send
from workflows.models import Application, RejectionNotice, Task


def _others(requisition, recruiter, n=2):
    return [
        application_create(candidate=CandidateFactory(), requisition=requisition, by=recruiter)
        for _ in range(n)
    ]


def test_hiring_the_last_headcount_gives_the_recruiter_a_duty_to_close_the_rest(
    client_for, requisition, recruiter, application, advance, clock
):
    waiting = _others(requisition, recruiter)
    advance(application, "hired")
    requisition.refresh_from_db()
    assert requisition.status == "filled"
    task = Task.objects.get(kind="close_rest")
    assert (task.owner, task.requisition) == (recruiter, requisition)
    assert "close the 2 applications still open" in task.title

    client = client_for(recruiter)
    tasks_page = client.get(reverse("workflows:tasks")).content.decode()
    url = reverse("workflows:close-rest", args=[requisition.pk])
    assert url in tasks_page
    page = client.get(url).content.decode()
    assert "Position filled" in page and "Close the 2 applications" in page

    response = client.post(url)
    assert response.status_code == 302, response.content.decode()[-1500:]
    for app in waiting:
        app.refresh_from_db()
        assert app.state == "rejected"
        assert app.disposition_reason.label == "Position filled"
    task.refresh_from_db()
    assert task.completed_at is not None
    notices = RejectionNotice.objects.filter(application__in=waiting)
    assert notices.count() == 2
    assert rejection_emails_send() == 0  # not at once: after the usual delay
    clock.advance(timedelta(days=2))
    assert rejection_emails_send() == 2


def test_a_cancelled_search_gets_its_duty_from_the_sweep_and_it_escalates_when_overdue(
    requisition, recruiter, application, clock
):
    requisition_move(
        requisition=requisition, transition="cancel", by=recruiter, reason="Budget frozen"
    )
    assert closing_duties_ensure() == 1
    assert closing_duties_ensure() == 0  # once
    task = Task.objects.get(kind="close_rest")
    assert "cancelled" in task.title
    clock.advance(timedelta(days=30))
    assert task_escalations_send() >= 1
    task.refresh_from_db()
    assert task.escalated_at is not None
    Application.objects.get(pk=application.pk)  # still open until someone acts


def test_the_duty_completes_itself_once_nothing_is_left_open(
    requisition, recruiter, application, reason
):
    from workflows.applications.services import application_move

    requisition_move(
        requisition=requisition, transition="cancel", by=recruiter, reason="Budget frozen"
    )
    closing_duties_ensure()
    application_move(application=application, transition="reject", by=recruiter, reason=reason)
    closing_duties_ensure()
    assert Task.objects.get(kind="close_rest").completed_at is not None


def test_hms_and_outsiders_do_not_get_the_close_rest_page(
    client_for, requisition, hiring_manager, user_without_role
):
    url = reverse("workflows:close-rest", args=[requisition.pk])
    assert client_for(hiring_manager).get(url).status_code == 404
    assert client_for(user_without_role).post(url).status_code == 404


def test_an_open_search_keeps_its_applications(client_for, requisition, recruiter, application):
    response = client_for(recruiter).post(reverse("workflows:close-rest", args=[requisition.pk]))
    assert response.status_code == 400
    assert "still on" in response.content.decode()
    application.refresh_from_db()
    assert application.state == "applied"


def test_the_close_rest_page_names_25_and_counts_the_rest_whatever_is_left_open(
    client_for, requisition, recruiter, application, advance
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _others(requisition, recruiter, n=5)
    advance(application, "hired")
    client = client_for(recruiter)
    url = reverse("workflows:close-rest", args=[requisition.pk])
    with CaptureQueriesContext(connection) as few:
        small = client.get(url).content.decode()
    _others(requisition, recruiter, n=30)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()

    assert len(many) == len(few)
    assert "Close the 35 applications" in page and "and 10 more" in page
    assert page.count('<li><a href="/applications/') == 25
    assert "Close the 5 applications" in small and "more (" not in small
