"""A candidate's reply comes back through an ESP's inbound webhook (Postmark, Mailgun) and lands
threaded on the right profile; forged calls are refused; strangers go to the admin queue."""

from datetime import timedelta

import pytest
from django.urls import reverse

from candidates.models import JournalEntry, ReplyAttachment
from notifications.models import InboundEmail, OutboundMessage
from tests.factories import CandidateFactory
from tests.workflows.inbound_payloads import (
    MAILGUN_SIGNING_KEY,
    SECRET,
    mailgun_form,
    post_mailgun,
    post_postmark,
    postmark_payload,
    raw_mime,
)
from workflows.duties.conversations import conversation_message_send
from workflows.models import Task

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def webhooks_on(settings):
    settings.ANYMAIL = {
        "WEBHOOK_SECRET": SECRET,
        "MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_SIGNING_KEY,
    }


@pytest.fixture
def written(application, recruiter, django_capture_on_commit_callbacks):
    """The recruiter wrote to the application's candidate about its requisition."""
    with django_capture_on_commit_callbacks(execute=True):
        sent = conversation_message_send(
            candidate=application.candidate,
            by=recruiter,
            requisition=application.requisition,
            subject="Your application",
            body="Hi, when can we talk?",
        )
    return sent.message


def test_an_email_to_a_candidate_names_its_conversation_in_its_reply_address(written, mailoutbox):
    [email] = [m for m in mailoutbox if written.to_address in m.to[0]]
    assert email.reply_to == [written.reply_to]
    assert written.reply_to.startswith("reply+") and written.reply_to.endswith("@in.tandem.test")
    assert email.extra_headers["Message-ID"] == written.rfc_message_id


def test_a_postmark_reply_lands_threaded_on_the_profile_and_the_owner_owes_an_answer(
    client, client_for, written, application, recruiter, mailoutbox
):
    text = "Tuesday works for me.\n\nGrace\n--\nGrace Hopper\n\nOn Mon, Rita wrote:\n> when?"
    response = post_postmark(
        client,
        postmark_payload(sender=application.candidate.email, to=written.reply_to, text=text),
    )
    assert response.status_code == 200
    reply = JournalEntry.objects.get(kind="reply")
    assert (reply.candidate, reply.requisition) == (application.candidate, application.requisition)
    assert reply.body == "Tuesday works for me.\n\nGrace"
    assert reply.inbound.matched_by == "token" and "Grace Hopper" in reply.inbound.folded_text
    task = Task.objects.get(kind="candidate_reply")
    assert (task.owner, task.application, task.completed_at) == (recruiter, application, None)
    told = OutboundMessage.objects.get(template_key="candidate_replied")
    assert told.to_address == recruiter.email and "Tuesday works for me." in told.text_body
    page = client_for(recruiter).get(reverse("candidates:detail", args=[application.candidate.pk]))
    html = page.content.decode()
    assert "Tuesday works for me." in html and "Hi, when can we talk?" in html
    assert html.index("Hi, when can we talk?") < html.index("Tuesday works for me.")


def test_a_mailgun_reply_found_by_its_in_reply_to_header_lands_on_the_profile(
    client, written, application
):
    mime = raw_mime(
        sender=application.candidate.email,
        to="jobs@example.com",
        in_reply_to=written.rfc_message_id,
        text="Yes please.",
    )
    form = mailgun_form(mime=mime, recipient="jobs@example.com", sender=application.candidate.email)
    assert post_mailgun(client, form).status_code == 200
    reply = JournalEntry.objects.get(kind="reply")
    assert reply.inbound.matched_by == "headers"
    assert (reply.candidate, reply.requisition, reply.body) == (
        application.candidate,
        application.requisition,
        "Yes please.",
    )


def test_a_reply_from_a_known_address_without_token_or_headers_matches_the_sender(
    client, application
):
    post_postmark(client, postmark_payload(sender=application.candidate.email.upper(), to="x@y.z"))
    reply = JournalEntry.objects.get(kind="reply")
    assert reply.inbound.matched_by == "sender" and reply.requisition == application.requisition


def test_a_forged_mailgun_signature_or_a_missing_secret_is_refused_and_nothing_is_kept(
    client, written, application
):
    mime = raw_mime(sender=application.candidate.email, to=written.reply_to)
    forged = mailgun_form(
        mime=mime, recipient=written.reply_to, sender="x@y.z", key="not-the-signing-key"
    )
    assert post_mailgun(client, forged).status_code == 400
    genuine = mailgun_form(mime=mime, recipient=written.reply_to, sender="x@y.z")
    assert post_mailgun(client, genuine, credentials="").status_code == 400
    payload = postmark_payload(sender=application.candidate.email, to=written.reply_to)
    assert post_postmark(client, payload, credentials="tandem:guess").status_code == 400
    assert not InboundEmail.objects.exists() and not JournalEntry.objects.filter(kind="reply")


def test_without_a_webhook_secret_the_inbound_webhook_does_not_exist(client, settings):
    settings.ANYMAIL = {}
    payload = postmark_payload(sender="a@b.c", to="d@e.f")
    assert post_postmark(client, payload).status_code == 404


def test_a_reply_address_with_a_forged_signature_matches_nothing(client, written, application):
    local, domain = written.reply_to.split("@")
    forged = f"{local[:-1]}{'0' if local[-1] != '0' else '1'}@{domain}"  # one digit of the HMAC
    post_postmark(client, postmark_payload(sender="stranger@example.net", to=forged))
    [inbound] = InboundEmail.objects.all()
    assert inbound.status == "unmatched" and not JournalEntry.objects.filter(kind="reply")


def test_an_unknown_sender_waits_in_the_admin_queue(client, admin_user, client_for):
    post_postmark(client, postmark_payload(sender="stranger@example.net", to="jobs@example.com"))
    [inbound] = InboundEmail.objects.all()
    assert inbound.status == "unmatched" and inbound.concerns_candidate is None
    assert not JournalEntry.objects.filter(kind="reply").exists()
    page = client_for(admin_user).get(reverse("admin:notifications_inboundemail_changelist"))
    assert "stranger@example.net" in page.content.decode()


def test_an_email_two_candidates_could_have_sent_is_not_attached_to_a_guess(client):
    CandidateFactory(email="shared@example.org")
    post_postmark(client, postmark_payload(sender="other@example.org", to="jobs@example.com"))
    assert InboundEmail.objects.get().status == "unmatched"


def test_an_attachment_that_fails_the_resume_checks_is_refused_with_a_journal_note(
    client, written, application
):
    attachments = (
        ("cv.pdf", "application/pdf", PDF),
        ("invoice.exe", "application/octet-stream", b"MZ\x90\x00binary"),
        ("fake.pdf", "application/pdf", b"not a pdf at all"),
    )
    payload = postmark_payload(
        sender=application.candidate.email, to=written.reply_to, attachments=attachments
    )
    assert post_postmark(client, payload).status_code == 200
    [kept] = ReplyAttachment.objects.all()
    assert (kept.filename, kept.kind, kept.candidate) == ("cv.pdf", "pdf", application.candidate)
    note = JournalEntry.objects.get(kind="system", summary__contains="refused")
    assert "invoice.exe" in note.body and "fake.pdf" in note.body and "cv.pdf" not in note.body


def test_the_same_reply_posted_twice_is_kept_once(client, written, application):
    payload = postmark_payload(sender=application.candidate.email, to=written.reply_to)
    post_postmark(client, payload)
    post_postmark(client, payload)
    assert JournalEntry.objects.filter(kind="reply").count() == 1
    assert Task.objects.filter(kind="candidate_reply").count() == 1


def test_answering_in_the_conversation_completes_the_duty_and_threads_the_answer(
    client, written, application, recruiter
):
    post_postmark(client, postmark_payload(sender=application.candidate.email, to=written.reply_to))
    inbound = InboundEmail.objects.get()
    answer = conversation_message_send(
        candidate=application.candidate,
        by=recruiter,
        requisition=application.requisition,
        subject="Re: Your application",
        body="Great, Tuesday at 10.",
    ).message
    assert Task.objects.get(kind="candidate_reply").completed_at is not None
    assert answer.headers["In-Reply-To"] == inbound.rfc_message_id
    assert answer.headers["References"].split() == [written.rfc_message_id, inbound.rfc_message_id]
    assert OutboundMessage.objects.filter(reply_to=written.reply_to).count() == 2


def test_the_board_puts_the_candidate_who_wrote_first_as_we_owe_an_answer_until_answered(
    client, client_for, written, application, recruiter, requisition
):
    from tests.factories import CandidateFactory as Candidates
    from workflows.applications.services import application_create

    for _ in range(3):  # quieter candidates who never heard from us sort first otherwise
        application_create(candidate=Candidates(), requisition=requisition, by=recruiter)
    post_postmark(client, postmark_payload(sender=application.candidate.email, to=written.reply_to))
    board = client_for(recruiter).get(reverse("dashboard")).content.decode()
    table = board[board.index('id="communication-board"') :]
    body = table[table.index("<tbody>") :]
    first_row = body[: body.index("</tr>")]
    assert application.candidate.full_name in first_row and "we owe an answer" in first_row
    assert "they wrote, we owe an answer" in first_row
    conversation_message_send(
        candidate=application.candidate,
        by=recruiter,
        requisition=requisition,
        subject="Re: Your application",
        body="Thanks!",
    )
    board = client_for(recruiter).get(reverse("dashboard")).content.decode()
    assert "we owe an answer" not in board


def test_an_unanswered_reply_is_escalated_by_the_usual_sweep_once_its_sla_passes(
    client, written, application, clock
):
    from workflows.duties.sweeps import task_escalations_send

    post_postmark(client, postmark_payload(sender=application.candidate.email, to=written.reply_to))
    task = Task.objects.get(kind="candidate_reply")
    clock.advance(task.due_at - clock.now + timedelta(minutes=1))
    task_escalations_send()
    task.refresh_from_db()
    assert task.escalated_at is not None
    assert OutboundMessage.objects.filter(
        template_key="task_escalation",
        idempotency_key__startswith=f"task_escalation:task:{task.pk}",
    ).exists()
