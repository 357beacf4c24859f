"""Bulk actions from the pipeline and the candidate list: one request, one service call, every
candidate journaled; a reject of 200 costs the queries a reject of 20 does."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.models import JournalEntry
from notifications.models import OutboundMessage
from tests.factories import ApplicationFactory, CandidateFactory, RequisitionFactory
from workflows.applications.services import application_create
from workflows.duties.sweeps import rejection_emails_send
from workflows.models import Application, RejectionNotice

pytestmark = pytest.mark.django_db


def applicants(requisition, n):
    return ApplicationFactory.create_batch(n, requisition=requisition)


def bulk(client, requisition, applications, **fields):
    data = {"application": [a.pk for a in applications], "step": "apply", **fields}
    return client.post(reverse("workflows:applications-bulk", args=[requisition.pk]), data)


def test_bulk_reject_of_200_is_one_request_with_the_queries_of_20_and_200_delayed_emails(
    client_for, recruiter, hiring_manager, reason, clock
):
    client = client_for(recruiter)
    small = RequisitionFactory(status="open", recruiter=recruiter, hiring_manager=hiring_manager)
    large = RequisitionFactory(status="open", recruiter=recruiter, hiring_manager=hiring_manager)
    few, many = applicants(small, 20), applicants(large, 200)
    bulk(client, small, few[:1], action="reject", reason=reason.pk)  # warm the session, caches
    with CaptureQueriesContext(connection) as twenty:
        response = bulk(client, small, few[1:], action="reject", reason=reason.pk)
    assert response.status_code == 302
    with CaptureQueriesContext(connection) as two_hundred:
        response = bulk(client, large, many, action="reject", reason=reason.pk)
    assert response.status_code == 302
    # PostgreSQL: the same statements. SQLite splits each bulk write into batches of its
    # 999-parameter limit: a few more statements per bulk write, never one per row.
    assert len(two_hundred) - len(twenty) <= (0 if connection.vendor == "postgresql" else 6)
    assert Application.objects.filter(requisition=large, state="rejected").count() == 200
    entries = JournalEntry.objects.filter(requisition=large, kind="stage_move")
    assert entries.count() == 200 and all(reason.label in e.body for e in entries)
    assert RejectionNotice.objects.filter(application__requisition=large).count() == 200
    clock.advance(timedelta(hours=25))
    while rejection_emails_send():
        pass
    assert OutboundMessage.objects.filter(concerns_requisition=large.pk).count() == 200


def test_a_bulk_move_a_guard_blocks_for_one_moves_none_and_lists_the_blocked_with_why(
    client_for, recruiter, requisition
):
    screened = [
        application_create(candidate=CandidateFactory(), requisition=requisition, by=recruiter)
        for _ in range(2)
    ]
    client = client_for(recruiter)
    assert (
        bulk(client, requisition, screened, action="move", transition="screen").status_code == 302
    )
    response = bulk(client, requisition, screened, action="move", transition="shortlist")
    html = response.content.decode()
    assert response.status_code == 400 and "nothing was changed" in html.lower()
    for app in screened:
        assert app.candidate.full_name in html
    assert "screening form" in html
    assert set(
        Application.objects.filter(pk__in=[a.pk for a in screened]).values_list("state", flat=True)
    ) == {"screening"}


def test_all_in_a_column_selects_the_whole_column_shown_or_not(
    client_for, recruiter, requisition, reason
):
    apps = applicants(requisition, 30)
    client = client_for(recruiter)
    url = reverse("workflows:applications-bulk", args=[requisition.pk])
    page = client.post(url, {"state": "applied"})
    assert page.status_code == 200 and page.content.decode().count('name="application"') == 30
    client.post(url, {"state": "applied", "step": "apply", "action": "reject", "reason": reason.pk})
    assert not Application.objects.filter(pk__in=[a.pk for a in apps], state="applied").exists()


def test_bulk_email_from_the_candidate_list_personalises_each_and_journals_each(
    client_for, recruiter
):
    people = [CandidateFactory(first_name=name) for name in ("Ada", "Grace", "Katherine")]
    client = client_for(recruiter)
    listing = client.get(reverse("candidates:list")).content.decode()
    assert 'form="bulk-form"' in listing
    response = client.post(
        reverse("workflows:candidates-bulk"),
        {
            "candidate": [p.pk for p in people],
            "step": "apply",
            "action": "email",
            "template": "compose_availability",
        },
    )
    assert response.status_code == 302
    messages = OutboundMessage.objects.filter(template_key="conversation_message")
    assert sorted(m.text_body.splitlines()[0] for m in messages) == [
        "Hi Ada,",
        "Hi Grace,",
        "Hi Katherine,",
    ]
    assert all(m.reply_to.startswith("reply+") for m in messages)
    assert JournalEntry.objects.filter(kind="email", message__in=messages).count() == 3


def test_bulk_add_to_another_requisition_lists_those_already_in_it(
    client_for, recruiter, requisition
):
    target = RequisitionFactory(status="open", recruiter=recruiter)
    inside, outside = CandidateFactory(), CandidateFactory()
    application_create(candidate=inside, requisition=target, by=recruiter)
    response = client_for(recruiter).post(
        reverse("workflows:candidates-bulk"),
        {
            "candidate": [inside.pk, outside.pk],
            "step": "apply",
            "action": "add",
            "target": target.pk,
        },
        follow=True,
    )
    assert Application.objects.filter(requisition=target).count() == 2
    assert "already in this pipeline" in response.content.decode()


def test_hiring_managers_have_no_bulk_actions(client_for, hiring_manager, requisition):
    apps = applicants(requisition, 2)
    client = client_for(hiring_manager)
    assert bulk(client, requisition, apps, action="add").status_code == 404
    assert client.post(reverse("workflows:candidates-bulk")).status_code == 404


def test_the_pipeline_has_checkboxes_a_column_select_and_the_bulk_bar(
    client_for, recruiter, requisition
):
    applicants(requisition, 2)
    html = (
        client_for(recruiter)
        .get(reverse("workflows:pipeline", args=[requisition.pk]))
        .content.decode()
    )
    assert 'id="bulk-form"' in html and html.count('name="application"') == 2
    assert 'name="state" value="applied"' in html
