"""My tasks (/tasks/): the owner's open tasks, overdue first; manual ones ticked off by POST."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import TaskFactory
from workflows.models import Task

pytestmark = pytest.mark.django_db

URL = reverse("workflows:tasks")


def test_the_page_lists_my_open_tasks_overdue_first_with_links(
    clock, client_for, recruiter, application
):
    later = TaskFactory(application=application, owner=recruiter, title="Later", kind="other")
    Task.objects.filter(pk=later.pk).update(due_at=clock.now + timedelta(days=3))
    late = TaskFactory(application=application, owner=recruiter, title="Late one", kind="other")
    Task.objects.filter(pk=late.pk).update(due_at=clock.now - timedelta(hours=2))
    done = TaskFactory(application=application, owner=recruiter, title="Finished", kind="other")
    Task.objects.filter(pk=done.pk).update(completed_at=clock.now)
    response = client_for(recruiter).get(URL)
    assert response.status_code == 200
    titles = [task.title for task in response.context["tasks"]]
    assert titles.index("Late one") < titles.index("Later")
    assert "Finished" not in titles
    html = response.content.decode()
    assert "Overdue" in html and application.get_absolute_url() in html
    assert response.context["overdue"] == 1


def test_someone_elses_tasks_are_not_listed(client_for, hiring_manager, application):
    response = client_for(hiring_manager).get(URL)
    assert response.context["tasks"] == []
    assert b"No open tasks" in response.content


def test_marking_a_manual_task_done_completes_it(client_for, recruiter, application):
    task = TaskFactory(application=application, owner=recruiter, kind="candidate_update")
    response = client_for(recruiter).post(reverse("workflows:task-complete", args=[task.pk]))
    assert response.status_code == 302 and response["Location"] == URL
    task.refresh_from_db()
    assert task.completed_by == recruiter


def test_an_automatic_task_cannot_be_marked_done(client_for, recruiter, application):
    task = Task.objects.get(application=application, kind="screening")
    client = client_for(recruiter)
    assert b"Completes itself" in client.get(URL).content
    response = client.post(reverse("workflows:task-complete", args=[task.pk]), follow=True)
    assert b"completes itself when the work is done" in response.content
    task.refresh_from_db()
    assert task.completed_at is None


def test_another_users_task_is_404(client_for, hiring_manager, recruiter, application):
    task = TaskFactory(application=application, owner=recruiter, kind="other")
    url = reverse("workflows:task-complete", args=[task.pk])
    assert client_for(hiring_manager).post(url).status_code == 404
    task.refresh_from_db()
    assert task.completed_at is None


def test_wrong_methods_are_refused(client_for, recruiter, application):
    task = TaskFactory(application=application, owner=recruiter, kind="other")
    client = client_for(recruiter)
    assert client.post(URL).status_code == 405
    assert client.get(reverse("workflows:task-complete", args=[task.pk])).status_code == 405
    task.refresh_from_db()
    assert task.completed_at is None


def test_the_nav_links_to_my_tasks(client_for, hiring_manager):
    assert URL.encode() in client_for(hiring_manager).get(reverse("dashboard")).content


def test_the_page_costs_the_same_queries_for_one_or_many_tasks(client_for, recruiter, application):
    client = client_for(recruiter)
    client.get(URL)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for _ in range(10):
        TaskFactory(application=application, owner=recruiter, kind="other")
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(response.context["tasks"]) == 11
    assert len(many.captured_queries) == len(one.captured_queries)
