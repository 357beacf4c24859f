"""Milestone 8 (the delayed rejection email) and bounces (address marked, recruiter told)."""

from datetime import UTC, datetime, timedelta

import pytest
from anymail.signals import AnymailTrackingEvent, tracking
from anymail.webhooks.postmark import PostmarkTrackingWebhookView

from candidates.models import JournalEntry
from candidates.services import candidate_update
from notifications.models import OutboundMessage
from notifications.services import METADATA_KEY, message_deliver
from tests.factories import DispositionReasonFactory
from workflows.applications.services import application_move
from workflows.duties import sweeps
from workflows.duties.messaging import candidate_message_queue
from workflows.models import BounceHandled, RejectionNotice

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)


def rejection_emails():
    return list(OutboundMessage.objects.filter(template_key__startswith="rejection_"))


def test_a_rejection_email_goes_to_the_candidate_after_the_delay_exactly_once(
    clock, application, recruiter, reason, django_capture_on_commit_callbacks, mailoutbox
):
    application_move(application=application, transition="reject", by=recruiter, reason=reason)
    clock.advance(23 * H)
    assert sweeps.rejection_emails_send() == 0
    clock.advance(2 * H)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweeps.rejection_emails_send() == 1
        assert sweeps.rejection_emails_send() == 0
    [email] = rejection_emails()
    assert email.template_key == "rejection_we_declined"
    assert email.to_address == application.candidate.email
    assert application.requisition.title in email.subject
    entry = JournalEntry.objects.get(kind="email", candidate=application.candidate)
    assert entry.message == email
    assert len(mailoutbox) == 1


def test_the_delay_is_a_setting(clock, settings, application, recruiter, reason):
    settings.TANDEM_REJECTION_DELAY_HOURS = 2
    application_move(application=application, transition="reject", by=recruiter, reason=reason)
    clock.advance(3 * H)
    sweeps.rejection_emails_send()
    assert len(rejection_emails()) == 1


def test_a_reopen_before_the_delay_cancels_the_rejection_email(
    clock, application, recruiter, reason
):
    application_move(application=application, transition="reject", by=recruiter, reason=reason)
    clock.advance(H)
    application_move(application=application, transition="reopen", by=recruiter, note="Mistake")
    clock.advance(48 * H)
    sweeps.rejection_emails_send()
    assert rejection_emails() == []
    assert RejectionNotice.objects.get().cancelled_at is not None


def test_a_withdrawal_is_acknowledged_with_its_own_template(
    clock, application, recruiter, withdrew_reason
):
    application_move(
        application=application, transition="withdraw", by=recruiter, reason=withdrew_reason
    )
    clock.advance(25 * H)
    sweeps.rejection_emails_send()
    assert [m.template_key for m in rejection_emails()] == ["rejection_withdrawn_ack"]


def test_a_knock_out_by_tandem_itself_gets_the_knock_out_template(clock, application):
    knock_out = DispositionReasonFactory(group="knock_out", label="Work permit", is_system=True)
    application_move(application=application, transition="reject", by=None, reason=knock_out)
    clock.advance(25 * H)
    sweeps.rejection_emails_send()
    [email] = rejection_emails()
    assert email.template_key == "rejection_knock_out"


def test_an_hms_decline_sends_the_we_declined_email(
    clock, application, advance, hiring_manager, reason
):
    app = advance(application, "shortlisted")
    application_move(
        application=app, transition="decline", by=hiring_manager, reason=reason, feedback="No."
    )
    clock.advance(25 * H)
    sweeps.rejection_emails_send()
    assert [m.template_key for m in rejection_emails()] == ["rejection_we_declined"]


def test_rejected_reopened_and_rejected_again_sends_one_email_for_the_last_rejection(
    clock, application, recruiter, reason
):
    application_move(application=application, transition="reject", by=recruiter, reason=reason)
    application_move(application=application, transition="reopen", by=recruiter, note="Again")
    application_move(application=application, transition="reject", by=recruiter, reason=reason)
    clock.advance(25 * H)
    sweeps.rejection_emails_send()
    sweeps.rejection_emails_send()
    assert len(rejection_emails()) == 1


# --- bounces --------------------------------------------------------------------------------


WHEN = datetime(2025, 5, 14, 10, 0, tzinfo=UTC)


def bounce(message, event_id="evt-1"):
    """The ESP reports the message bounced, through anymail's tracking signal."""
    event = AnymailTrackingEvent(
        event_type="bounced",
        timestamp=WHEN,
        message_id="esp-1",
        event_id=event_id,
        metadata={METADATA_KEY: str(message.pk)},
        description="Mailbox does not exist.",
    )
    tracking.send(sender=PostmarkTrackingWebhookView, event=event, esp_name="Postmark")


@pytest.fixture
def bounced(clock, application):
    clock.now = WHEN + H
    message = candidate_message_queue(
        application=application, template_key="application_received", occasion="applied"
    )
    message_deliver(message_id=message.pk)
    bounce(message)
    message.refresh_from_db()
    assert message.status == "bounced"
    return message


def test_a_bounce_marks_the_address_journals_it_and_alerts_the_recruiter_once(
    bounced, application, recruiter
):
    assert sweeps.bounces_process() == 1
    assert sweeps.bounces_process() == 0
    candidate = application.candidate
    candidate.refresh_from_db()
    assert candidate.email_undeliverable_at == WHEN
    entry = JournalEntry.objects.get(candidate=candidate, kind="system")
    assert "bounced" in entry.summary and "Mailbox does not exist." in entry.body
    [alert] = OutboundMessage.objects.filter(template_key="email_bounced_alert")
    assert alert.to_address == recruiter.email
    assert candidate.full_name in alert.subject
    assert "Mailbox does not exist." in alert.text_body
    assert BounceHandled.objects.get().message == bounced


def test_the_same_bounce_reported_twice_is_handled_once(bounced, application):
    bounce(bounced, event_id="evt-1")
    bounce(bounced, event_id="evt-2")
    sweeps.bounces_process()
    assert OutboundMessage.objects.filter(template_key="email_bounced_alert").count() == 1
    assert JournalEntry.objects.filter(kind="system", summary__contains="bounced").count() == 1


def test_no_candidate_email_is_queued_to_an_undeliverable_address(bounced, application):
    sweeps.bounces_process()
    application.candidate.refresh_from_db()
    again = candidate_message_queue(
        application=application, template_key="rejection_we_declined", occasion="later"
    )
    assert again is None
    assert not OutboundMessage.objects.filter(template_key="rejection_we_declined").exists()


def test_a_new_address_can_be_emailed_again(bounced, application, recruiter):
    sweeps.bounces_process()
    candidate = candidate_update(
        candidate=application.candidate, by=recruiter, email="grace.new@example.org"
    )
    assert candidate.email_undeliverable_at is None
    application.candidate.refresh_from_db()
    assert candidate_message_queue(
        application=application, template_key="rejection_we_declined", occasion="later"
    )


def test_a_bounced_email_to_a_user_does_not_touch_any_candidate(clock, application, recruiter):
    from workflows.duties.messaging import user_message_queue

    message = user_message_queue(
        user=recruiter,
        template_key="task_reminder",
        idempotency_key="reminder",
        context={"task_title": "x", "requisition_title": "y", "due_at": "z", "task_url": "u"},
        requisition_id=application.requisition_id,
        candidate_id=application.candidate_id,
    )
    clock.now = WHEN + H
    message_deliver(message_id=message.pk)
    bounce(message)
    assert sweeps.bounces_process() == 0
    application.candidate.refresh_from_db()
    assert application.candidate.email_undeliverable_at is None
