"""The outbox in batches: many messages queued in one statement, delivered through one email
connection per batch, each exactly once, one failure losing none of the others."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from notifications.models import EmailTemplate, OutboundMessage
from notifications.services import (
    DELIVERY_BATCH,
    RECORD_EVERY,
    QueuedEmail,
    message_queue,
    messages_deliver,
    messages_queue_bulk,
    outbox_batch,
)
from notifications.tasks import deliver_messages
from tests.notifications.conftest import CountingBackend, RefusingBackend

pytestmark = pytest.mark.django_db


def _email(n: int, **overrides) -> QueuedEmail:
    args = {
        "template_key": "application_received",
        "to": f"candidate{n}@example.org",
        "to_name": f"Candidate  {n}",
        "context": {"candidate_first_name": f"Ada{n}", "requisition_title": "Backend Engineer"},
        "idempotency_key": f"bulk-test:{n}",
        "concerns_candidate": n,
    }
    args.update(overrides)
    return QueuedEmail(**args)


def test_bulk_queueing_writes_the_same_rows_as_queueing_one_at_a_time(message_args):
    one, _ = message_queue(
        **message_args(
            to="candidate1@example.org",
            to_name="Candidate  1",
            context=_email(1).context,
            idempotency_key="single:1",
            concerns_candidate=1,
        )
    )
    [bulk] = messages_queue_bulk([_email(1)])
    fields = ["to_address", "to_name", "from_address", "template_key", "subject", "text_body"]
    fields += ["html_body", "attachments", "concerns_candidate", "status", "attempts"]
    assert [getattr(bulk, f) for f in fields] == [getattr(one, f) for f in fields]
    stored = OutboundMessage.objects.get(pk=bulk.pk)
    assert [getattr(stored, f) for f in fields] == [getattr(one, f) for f in fields]
    assert stored.next_attempt_at is not None and stored.queued_at is not None


def test_bulk_queueing_reads_each_template_once_and_inserts_in_one_statement():
    emails = [_email(n) for n in range(30)]  # one batch on SQLite too (999 parameters)
    with CaptureQueriesContext(connection) as queries:
        written = messages_queue_bulk(emails)
    inserts = [q for q in queries if q["sql"].startswith("INSERT")]
    templates = [q for q in queries if "notifications_emailtemplate" in q["sql"]]
    assert len(written) == 30 and len(inserts) == 1 and len(templates) == 1
    assert len(queries) <= 6  # savepoint, keys that exist, templates, insert, check, release


def test_bulk_queueing_is_idempotent_and_skips_keys_queued_before():
    message_queue(**{**_email(3).__dict__, "attachments": ()})
    first = messages_queue_bulk([_email(n) for n in range(5)])
    again = messages_queue_bulk([_email(n) for n in range(5)] + [_email(1)])
    assert sorted(m.idempotency_key for m in first) == [f"bulk-test:{n}" for n in (0, 1, 2, 4)]
    assert again == []
    assert OutboundMessage.objects.count() == 5


def test_bulk_queueing_renders_each_recipients_own_context_and_escapes_html():
    EmailTemplate.objects.filter(key="application_received").update(
        subject="Hi {{ candidate_first_name }}", html_body="<p>{{ candidate_first_name }}</p>"
    )
    a, b = messages_queue_bulk(
        [_email(1), _email(2, context={"candidate_first_name": "<b>Bo</b>"})]
    )
    assert (a.subject, b.subject) == ("Hi Ada1", "Hi <b>Bo</b>")
    assert b.html_body == "<p>&lt;b&gt;Bo&lt;/b&gt;</p>"


def test_a_bad_address_in_a_bulk_queue_writes_nothing():
    with pytest.raises(ValidationError):
        messages_queue_bulk([_email(1), _email(2, to="not-an-address")])
    assert not OutboundMessage.objects.exists()


def test_a_bulk_queue_is_delivered_after_commit_in_batched_tasks(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        messages_queue_bulk([_email(n) for n in range(DELIVERY_BATCH + 5)])
        assert mailoutbox == []
    assert len(callbacks) == 1
    assert len(mailoutbox) == DELIVERY_BATCH + 5
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_messages_queued_one_by_one_inside_an_outbox_batch_leave_in_one_dispatch(
    message_args, django_capture_on_commit_callbacks, mailoutbox
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        transaction.atomic(),
        outbox_batch(),
    ):
        for n in range(3):
            message_queue(**message_args(idempotency_key=f"k{n}", to=f"p{n}@example.org"))
    assert len(callbacks) == 1 and len(mailoutbox) == 3


def test_a_batch_is_sent_through_one_connection_each_message_once(counting_backend, mailoutbox):
    messages = messages_queue_bulk([_email(n) for n in range(20)])
    delivered = messages_deliver(message_ids=[m.pk for m in messages])
    assert (CountingBackend.made, CountingBackend.opened) == (1, 1)
    assert [m.status for m in delivered] == ["sent"] * 20
    assert sorted(e.to[0] for e in mailoutbox) == sorted(
        f"Candidate {n} <candidate{n}@example.org>" for n in range(20)
    )
    again = deliver_messages.delay([str(m.pk) for m in messages]).get()
    assert again == {} and len(mailoutbox) == 20  # a redelivered task sends nothing twice
    stored = OutboundMessage.objects.filter(pk__in=[m.pk for m in messages])
    assert {(m.status, m.attempts, m.next_attempt_at) for m in stored} == {("sent", 1, None)}


def test_delivering_a_batch_records_its_sent_messages_ten_at_a_time(
    counting_backend,
):
    def queries_for(n: int) -> int:
        messages = messages_queue_bulk([_email(i, idempotency_key=f"{n}:{i}") for i in range(n)])
        with CaptureQueriesContext(connection) as queries:
            messages_deliver(message_ids=[m.pk for m in messages])
        return len(queries)

    assert queries_for(40) - queries_for(20) == 20 // RECORD_EVERY


def test_one_refused_message_does_not_stop_or_lose_the_others(settings, mailoutbox, clock):
    settings.EMAIL_BACKEND = "tests.notifications.conftest.RefusingBackend"
    RefusingBackend.made = RefusingBackend.opened = 0
    messages = messages_queue_bulk([_email(1), _email(2, to="refused@example.org"), _email(3)])
    delivered = {m.to_address: m for m in messages_deliver(message_ids=[m.pk for m in messages])}
    assert {a: m.status for a, m in delivered.items()} == {
        "candidate1@example.org": "sent",
        "refused@example.org": "failed",
        "candidate3@example.org": "sent",
    }
    refused = OutboundMessage.objects.get(to_address="refused@example.org")
    assert "550 mailbox unavailable" in refused.last_error and refused.next_attempt_at
    assert len(mailoutbox) == 2
    assert RefusingBackend.made == 1  # the same connection, opened again after the failure


def test_a_bounce_reported_before_the_batch_is_recorded_stays_bounced(settings):
    settings.EMAIL_BACKEND = "tests.notifications.conftest.FastBounceBackend"
    messages = messages_queue_bulk([_email(1), _email(2)])
    delivered = messages_deliver(message_ids=[m.pk for m in messages])
    assert [m.status for m in delivered] == ["bounced", "bounced"]
    stored = OutboundMessage.objects.get(pk=messages[0].pk)
    assert (stored.status, stored.bounce_reason) == ("bounced", "550 no such user")
    assert stored.sent_at is not None  # when it left, recorded all the same
