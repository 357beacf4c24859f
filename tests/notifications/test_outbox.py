"""The outbox: queue in the caller's transaction, deliver after commit, once, with retries."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from notifications.models import EmailTemplate, OutboundMessage
from notifications.rendering import TemplateRenderError
from notifications.services import (
    MAX_ATTEMPTS,
    METADATA_KEY,
    QUEUED_GRACE,
    SENDING_TIMEOUT,
    backoff,
    message_deliver,
    message_queue,
    messages_requeue,
)
from notifications.tasks import deliver_message, requeue_messages
from tests.notifications.conftest import WorkerKilled

pytestmark = pytest.mark.django_db

ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def test_a_queued_message_is_delivered_after_commit(
    message_args, django_capture_on_commit_callbacks, mailoutbox
):
    attachment = {"filename": "interview.ics", "mimetype": "text/calendar", "content": ICS}
    with django_capture_on_commit_callbacks(execute=True):
        message, created = message_queue(
            **message_args(concerns_candidate=5, concerns_requisition=7, attachments=[attachment])
        )
        assert mailoutbox == []  # nothing leaves before the commit

    assert created
    [email] = mailoutbox
    assert email.to == ["Grace Hopper <grace@example.org>"]
    assert email.subject == "We received your application for Backend Engineer"
    assert "Hi Grace," in email.body and "Rita Recruiter" in email.body
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html" and "<strong>Backend Engineer</strong>" in html
    assert email.attachments == [("interview.ics", ICS, "text/calendar")]
    assert email.metadata == {METADATA_KEY: str(message.pk)}
    message.refresh_from_db()
    assert message.status == "sent"
    assert (message.attempts, message.next_attempt_at, message.last_error) == (1, None, "")
    assert message.sent_at is not None
    assert (message.concerns_candidate, message.concerns_requisition) == (5, 7)


def test_the_same_idempotency_key_queues_and_sends_one_email(
    message_args, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first, first_created = message_queue(**message_args())
        again, again_created = message_queue(**message_args(to="someone.else@example.org"))
    assert (first_created, again_created) == (True, False)
    assert again.pk == first.pk and len(callbacks) == 1

    deliver_message.delay(str(first.pk))  # the task runs again (a retry, a redelivery)
    assert message_deliver(message_id=first.pk) is None

    assert len(mailoutbox) == 1
    assert OutboundMessage.objects.count() == 1
    assert OutboundMessage.objects.get().attempts == 1


def test_a_rolled_back_transaction_queues_and_sends_nothing(
    message_args, django_capture_on_commit_callbacks, mailoutbox
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        message_queue(**message_args())
        raise RuntimeError("the event that caused the email failed")
    assert callbacks == []
    assert not OutboundMessage.objects.exists()
    assert mailoutbox == []


def test_the_database_template_wins_over_the_shipped_default_and_html_is_escaped(
    message_args, django_capture_on_commit_callbacks, mailoutbox
):
    EmailTemplate.objects.filter(key="application_received").update(
        subject="Thanks, {{ candidate_first_name }}!",
        text_body="Dear {{ candidate_first_name }}, about {{ requisition_title }}.",
        html_body="<p>Dear {{ candidate_first_name }}</p>",
    )
    context = {"candidate_first_name": "Tom & <Jerry>", "requisition_title": "R&D"}
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = message_queue(**message_args(context=context))
    assert message.subject == "Thanks, Tom & <Jerry>!"
    assert message.text_body == "Dear Tom & <Jerry>, about R&D."
    assert message.html_body == "<p>Dear Tom &amp; &lt;Jerry&gt;</p>"
    assert mailoutbox[0].subject == "Thanks, Tom & <Jerry>!"


def test_without_a_database_row_the_shipped_default_is_used(message_args):
    EmailTemplate.objects.filter(key="application_received").delete()
    message, _ = message_queue(**message_args())
    assert message.subject == "We received your application for Backend Engineer"


def test_a_subject_is_kept_on_one_line(message_args):
    context = {"requisition_title": "Backend\r\nBcc: everyone@example.org"}
    message, _ = message_queue(**message_args(context=context))
    assert message.subject == "We received your application for Backend Bcc: everyone@example.org"


def test_an_unknown_template_raises_and_writes_nothing(message_args):
    with pytest.raises(TemplateRenderError, match="no email template 'no_such_thing'"):
        message_queue(**message_args(template_key="no_such_thing"))
    assert not OutboundMessage.objects.exists()


def test_a_template_that_fails_to_render_raises_a_clear_error(message_args):
    EmailTemplate.objects.filter(key="application_received").update(text_body="Hi {% if %}")
    with pytest.raises(TemplateRenderError, match="The text body does not render"):
        message_queue(**message_args())
    assert not OutboundMessage.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"to": "not-an-address"},
        {"attachments": [{"filename": "x.ics", "content": ICS}]},
        {"attachments": [{"filename": "x.pdf", "mimetype": "application/pdf", "content": 42}]},
    ],
)
def test_a_bad_address_or_attachment_is_refused(message_args, bad):
    with pytest.raises(ValidationError):
        message_queue(**message_args(**bad))
    assert not OutboundMessage.objects.exists()


def test_a_failed_send_is_retried_after_a_backoff_and_then_delivered(
    message_args, django_capture_on_commit_callbacks, mailoutbox, settings, clock
):
    settings.EMAIL_BACKEND = "tests.notifications.conftest.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = message_queue(**message_args())
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == 1
    assert "ConnectionResetError: the mail server closed the connection" in message.last_error
    assert message.next_attempt_at == clock.now + backoff(1)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clock.advance(backoff(1) / 2)
    assert messages_requeue() == 0  # not due yet
    clock.advance(backoff(1))
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_messages.delay().get() == 1

    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2 and message.last_error == ""
    assert len(mailoutbox) == 1


def test_backoff_doubles_and_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(50).total_seconds() == 3600


def test_delivery_gives_up_after_the_maximum_number_of_attempts(
    message_args, django_capture_on_commit_callbacks, mailoutbox, broken_esp, clock
):
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = message_queue(**message_args())
    for _ in range(MAX_ATTEMPTS - 1):
        clock.advance(backoff(MAX_ATTEMPTS))
        with django_capture_on_commit_callbacks(execute=True):
            messages_requeue()
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == MAX_ATTEMPTS
    assert message.next_attempt_at is None

    clock.advance(backoff(MAX_ATTEMPTS) * 10)
    assert messages_requeue() == 0
    assert deliver_message.delay(str(message.pk)).get() == "skipped"
    assert mailoutbox == []


def test_the_sweep_dispatches_a_message_whose_task_never_ran(
    message_args, django_capture_on_commit_callbacks, mailoutbox, clock
):
    with django_capture_on_commit_callbacks(execute=False):  # the broker was down at commit
        message, _ = message_queue(**message_args())
    assert mailoutbox == []
    assert messages_requeue() == 0  # its task may still be on the way

    clock.advance(QUEUED_GRACE)
    with django_capture_on_commit_callbacks(execute=True):
        assert messages_requeue() == 1
    assert messages_requeue() == 0  # nothing left to do: the sweep is idempotent

    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 1
    assert len(mailoutbox) == 1


def test_two_sweeps_before_the_task_runs_dispatch_it_once(
    message_args, django_capture_on_commit_callbacks, clock
):
    with django_capture_on_commit_callbacks(execute=False):
        message_queue(**message_args())
    clock.advance(QUEUED_GRACE)
    with django_capture_on_commit_callbacks(execute=False) as dispatched:
        messages_requeue()
        messages_requeue()
    assert len(dispatched) == 1


def test_a_message_stuck_in_sending_by_a_dead_worker_is_sent_again_by_the_sweep(
    message_args, django_capture_on_commit_callbacks, mailoutbox, settings, clock
):
    settings.EMAIL_BACKEND = "tests.notifications.conftest.DyingBackend"
    message, _ = message_queue(**message_args())
    with pytest.raises(WorkerKilled):
        message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == "sending"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clock.advance(SENDING_TIMEOUT / 2)
    assert messages_requeue() == 0  # it might still be sending
    clock.advance(SENDING_TIMEOUT)
    with django_capture_on_commit_callbacks(execute=True):
        assert messages_requeue() == 1

    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2
    # The documented at-least-once window: the ESP had accepted the first one.
    assert len(mailoutbox) == 2


def test_a_message_stuck_in_sending_on_its_last_attempt_is_given_up(message_args, settings, clock):
    settings.EMAIL_BACKEND = "tests.notifications.conftest.DyingBackend"
    message, _ = message_queue(**message_args())
    OutboundMessage.objects.filter(pk=message.pk).update(attempts=MAX_ATTEMPTS - 1)
    with pytest.raises(WorkerKilled):
        message_deliver(message_id=message.pk)
    clock.advance(SENDING_TIMEOUT * 2)
    assert messages_requeue() == 1
    message.refresh_from_db()
    assert message.status == "failed" and message.next_attempt_at is None
    assert "Gave up" in message.last_error


# --- the outbox in admin ----------------------------------------------------------------------

CHANGELIST = "/admin/notifications/outboundmessage/"


def _failed_for_good(message_args, key):
    message, _ = message_queue(**message_args(idempotency_key=key))
    OutboundMessage.objects.filter(pk=message.pk).update(attempts=MAX_ATTEMPTS - 1)
    message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == "failed" and message.next_attempt_at is None
    return message


def test_admin_delivers_failed_messages_again_and_skips_the_others(
    message_args,
    client_for,
    admin_user,
    settings,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    settings.EMAIL_BACKEND = "tests.notifications.conftest.BrokenBackend"
    failed = _failed_for_good(message_args, "a")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        sent, _ = message_queue(**message_args(idempotency_key="b"))
    mailoutbox.clear()

    client = client_for(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST,
            {"action": "deliver_again", "_selected_action": [str(failed.pk), str(sent.pk)]},
            follow=True,
        )
    page = response.content.decode()
    assert "1 message(s) queued for delivery again." in page
    assert "1 message(s) skipped: only failed messages are delivered again." in page
    failed.refresh_from_db()
    assert failed.status == "sent" and failed.attempts == 1
    assert len(mailoutbox) == 1


def test_the_outbox_in_admin_is_read_only_and_shows_delivery_events(
    message_args, client_for, admin_user
):
    message, _ = message_queue(**message_args())
    message.events.create(event_type="delivered", occurred_at=message.queued_at, description="ok")
    client = client_for(admin_user)
    page = client.get(f"{CHANGELIST}{message.pk}/change/").content.decode()
    assert "grace@example.org" in page and "delivered" in page
    assert 'name="_save"' not in page
    assert client.get(f"{CHANGELIST}add/").status_code == 403


def test_the_outbox_list_in_admin_costs_the_same_queries_for_one_or_many_messages(
    message_args, client_for, admin_user, django_assert_max_num_queries
):
    client = client_for(admin_user)
    message_queue(**message_args(idempotency_key="first"))
    with CaptureQueriesContext(connection) as one:
        assert client.get(CHANGELIST, {"status": "queued"}).status_code == 200
    for n in range(20):
        message_queue(**message_args(idempotency_key=f"more-{n}"))
    with django_assert_max_num_queries(len(one)):
        response = client.get(CHANGELIST, {"status": "queued"})
    assert "21 outbound messages" in response.content.decode()
