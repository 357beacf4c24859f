from candidates.models import JournalEntry
from notifications.models import OutboundMessage
from tests.factories import ApplicationFactory, UserFactory
from workflows.duties.messaging import candidate_message_queue, user_message_queue


def test_a_candidate_message_is_queued_once_and_journaled_with_its_link(
    db, django_capture_on_commit_callbacks, mailoutbox
):
    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = candidate_message_queue(
            application=application, template_key="application_received", occasion="applied"
        )
        again = candidate_message_queue(
            application=application, template_key="application_received", occasion="applied"
        )
    assert first == again
    assert OutboundMessage.objects.count() == 1
    entry = JournalEntry.objects.get(kind="email", candidate=application.candidate)
    assert entry.message == first
    assert entry.requisition == application.requisition
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [
        f"{application.candidate.full_name} <{application.candidate.email}>"
    ]
    assert application.requisition.title in mailoutbox[0].subject


def test_a_switched_off_milestone_sends_nothing(db):
    from notifications.models import EmailTemplate

    EmailTemplate.objects.filter(key="application_received").update(is_active=False)
    application = ApplicationFactory()
    message = candidate_message_queue(
        application=application, template_key="application_received", occasion="applied"
    )
    assert message is None
    assert not OutboundMessage.objects.exists()
    assert not JournalEntry.objects.filter(kind="email").exists()


def test_a_user_without_an_email_address_gets_no_message(db):
    user = UserFactory(email="")
    message = user_message_queue(
        user=user, template_key="task_reminder", idempotency_key="task_reminder:task:1"
    )
    assert message is None
