"""ESP stand-ins for the email tests (eager tasks and the clock live in tests/conftest.py)."""

import pytest
from django.core.mail.backends.locmem import EmailBackend


class BrokenBackend(EmailBackend):
    """An ESP that refuses every message (the SMTP server hung up)."""

    def send_messages(self, messages):
        raise ConnectionResetError("the mail server closed the connection")


class WorkerKilled(BaseException):
    """What a worker that dies mid-send looks like to the code around it: nothing comes back."""


class DyingBackend(EmailBackend):
    """The ESP accepts the message, then the worker is killed before recording the result."""

    def send_messages(self, messages):
        super().send_messages(messages)
        raise WorkerKilled


@pytest.fixture
def broken_esp(settings):
    settings.EMAIL_BACKEND = "tests.notifications.conftest.BrokenBackend"


@pytest.fixture
def message_args():
    """Arguments for message_queue: an application_received email to Grace."""

    def make(**overrides):
        args = {
            "template_key": "application_received",
            "to": "grace@example.org",
            "to_name": "Grace Hopper",
            "context": {
                "candidate_first_name": "Grace",
                "requisition_title": "Backend Engineer",
                "recruiter_name": "Rita Recruiter",
            },
            "idempotency_key": "application_received:application:1",
        }
        args.update(overrides)
        return args

    return make


class CountingBackend(EmailBackend):
    """The locmem backend, counting the connections made and opened (class-wide)."""

    made = 0
    opened = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        type(self).made += 1

    def open(self):
        type(self).opened += 1
        return True


class RefusingBackend(CountingBackend):
    """Accepts every message except those to refused@example.org (the server says 550)."""

    def send_messages(self, messages):
        if any("refused@example.org" in address for m in messages for address in m.to):
            raise ConnectionResetError("550 mailbox unavailable")
        return super().send_messages(messages)


@pytest.fixture
def counting_backend(settings):
    settings.EMAIL_BACKEND = "tests.notifications.conftest.CountingBackend"
    CountingBackend.made = CountingBackend.opened = 0
    return CountingBackend


class FastBounceBackend(EmailBackend):
    """The ESP reports a bounce (its webhook, matched by metadata) before the send returns."""

    def send_messages(self, messages):
        from notifications.models import OutboundMessage
        from notifications.services import METADATA_KEY

        sent = super().send_messages(messages)
        for message in messages:
            OutboundMessage.objects.filter(pk=message.metadata[METADATA_KEY]).update(
                status="bounced", bounce_reason="550 no such user"
            )
        return sent
