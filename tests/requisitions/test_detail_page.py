from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from requisitions.models import Requisition
from tests.factories import RequisitionFactory, complete_intake, open_requisition


def _url(requisition, name="detail"):
    return reverse(f"requisitions:{name}", args=[requisition.pk])


def test_the_detail_page_shows_what_is_missing_and_the_moves(client_for, recruiter):
    requisition = RequisitionFactory(title="Product Designer")
    page = client_for(recruiter).get(_url(requisition)).text
    assert "Before the search can open" in page
    assert "Plan at least one interview stage." in page
    assert "Open the search" in page
    assert "Cancel requisition" in page
    assert 'href="' + _url(requisition, "intake") + '"' in page  # the Intake tab


def test_another_hiring_manager_gets_404_on_every_requisition_page(
    client_for, hiring_manager, other_hiring_manager
):
    requisition = RequisitionFactory(hiring_manager=hiring_manager)
    client = client_for(other_hiring_manager)
    for name in ("detail", "intake", "edit"):
        assert client.get(_url(requisition, name)).status_code == 404
    assert client.post(_url(requisition, "move"), {"transition": "cancel"}).status_code == 404


def test_the_hiring_manager_sees_their_requisition_without_move_buttons(client_for, hiring_manager):
    requisition = RequisitionFactory(hiring_manager=hiring_manager)
    page = client_for(hiring_manager).get(_url(requisition)).text
    assert requisition.title in page
    assert "Open the search" not in page
    assert "The recruiter opens the search once the intake is complete." in page


def test_opening_early_shows_what_is_missing_and_changes_nothing(client_for, recruiter):
    requisition = RequisitionFactory()
    response = client_for(recruiter).post(_url(requisition, "move"), {"transition": "open"})
    assert response.status_code == 400
    assert "The search cannot open yet" in response.text
    assert "Add three must-haves (exactly 3 are needed)." in response.text
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.DRAFT


def test_the_recruiter_opens_a_complete_requisition(client_for, recruiter):
    requisition = complete_intake(RequisitionFactory())
    client = client_for(recruiter)
    response = client.post(_url(requisition, "move"), {"transition": "open"})
    assert response.headers["Location"] == _url(requisition)
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.OPEN
    assert "Opened the search (Draft → Open)" in client.get(_url(requisition)).text


def test_cancelling_from_the_page_needs_a_reason(client_for, recruiter):
    requisition = open_requisition()
    client = client_for(recruiter)
    response = client.post(_url(requisition, "move"), {"transition": "cancel", "reason": ""})
    assert "Say why the requisition is cancelled." in response.text
    client.post(_url(requisition, "move"), {"transition": "cancel", "reason": "Budget frozen"})
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.CANCELLED
    assert requisition.cancel_reason == "Budget frozen"


def test_a_hiring_manager_posting_a_move_is_forbidden(client_for, hiring_manager):
    requisition = complete_intake(RequisitionFactory(hiring_manager=hiring_manager))
    response = client_for(hiring_manager).post(_url(requisition, "move"), {"transition": "open"})
    assert response.status_code == 403
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.DRAFT


def test_an_unknown_move_is_explained(client_for, recruiter):
    requisition = RequisitionFactory()
    response = client_for(recruiter).post(_url(requisition, "move"), {"transition": "delete"})
    assert response.status_code == 400
    assert "Unknown requisition transition" in response.text


def test_moves_are_post_only_and_the_detail_get_only(client_for, recruiter):
    requisition = RequisitionFactory()
    client = client_for(recruiter)
    assert client.get(_url(requisition, "move")).status_code == 405
    assert client.post(_url(requisition)).status_code == 405


def test_the_detail_query_count_does_not_grow_with_the_plan(client_for, recruiter):
    small = complete_intake(RequisitionFactory())
    big = complete_intake(RequisitionFactory())
    from requisitions.services import StageInput, interview_plan_save

    interview_plan_save(
        requisition=big,
        by=recruiter,
        stages=[
            StageInput(name=f"Stage {n}", interviewers=[big.hiring_manager, recruiter])
            for n in range(6)
        ],
    )
    client = client_for(recruiter)
    client.get(_url(small))
    with CaptureQueriesContext(connection) as one:
        client.get(_url(small))
    with CaptureQueriesContext(connection) as many:
        client.get(_url(big))
    assert len(many) == len(one)
