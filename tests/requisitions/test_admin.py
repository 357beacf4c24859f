from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from requisitions.models import Requisition
from tests.factories import RequisitionFactory, complete_intake

CHANGELIST = reverse("admin:requisitions_requisition_changelist")


def _action(client, action, *requisitions, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, ACTION_CHECKBOX_NAME: [r.pk for r in requisitions], **extra},
        follow=True,
    )


def test_the_admin_open_action_respects_the_guard(client_for, admin_user):
    incomplete = RequisitionFactory(title="Product Designer")
    complete = complete_intake(RequisitionFactory(title="Data Analyst"))
    response = _action(client_for(admin_user), "open_requisitions", incomplete, complete)
    assert "Product Designer: Add three must-haves" in response.text
    incomplete.refresh_from_db()
    complete.refresh_from_db()
    assert incomplete.status == Requisition.Status.DRAFT
    assert complete.status == Requisition.Status.OPEN
    assert complete.events.get(kind="moved").actor == admin_user


def test_the_admin_cancel_action_asks_for_a_reason(client_for, admin_user):
    requisition = RequisitionFactory()
    client = client_for(admin_user)
    response = _action(client, "cancel_requisitions", requisition)
    assert "Cancelling needs a reason" in response.text
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.DRAFT
    _action(client, "cancel_requisitions", requisition, reason="Budget frozen")
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.CANCELLED
    assert requisition.cancel_reason == "Budget frozen"


def test_every_requisitions_admin_page_renders(client_for, admin_user):
    requisition = complete_intake(RequisitionFactory())
    client = client_for(admin_user)
    for model in (
        "requisition",
        "intakemeeting",
        "criterion",
        "interviewstage",
        "serviceleveldefault",
        "requisitionevent",
    ):
        assert client.get(reverse(f"admin:requisitions_{model}_changelist")).status_code == 200
    page = client.get(reverse("admin:requisitions_requisition_change", args=[requisition.pk]))
    assert "must_have 1" in page.text


def test_admin_shows_the_intake_but_does_not_edit_around_its_rules(client_for, admin_user):
    client = client_for(admin_user)
    for model in ("requisition", "criterion", "interviewstage", "intakemeeting"):
        assert client.get(reverse(f"admin:requisitions_{model}_add")).status_code == 403
