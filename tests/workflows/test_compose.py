"""Writing to a candidate from the profile or the application page: a template's draft filled in,
a preview, copies, their files attached, now or at a time (cancellable), through the outbox."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from candidates.models import JournalEntry, ScheduledMessage
from candidates.services import candidate_update
from notifications.models import OutboundMessage
from tests.factories import RecruiterFactory
from workflows.duties.conversations import scheduled_messages_send

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def compose_url(application):
    return reverse("workflows:compose", args=[application.candidate_id])


def post(client, application, **fields):
    data = {"requisition": application.requisition_id, "template": "", **fields}
    return client.post(compose_url(application), data)


def test_using_a_template_fills_the_draft_with_the_candidates_details(
    client_for, recruiter, application
):
    response = post(
        client_for(recruiter), application, template="compose_availability", action="load"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Hi {application.candidate.first_name}," in html
    assert f"{application.requisition.title}: when are you available?" in html
    assert "Rita Recruiter" in html
    assert not OutboundMessage.objects.exists()


def test_the_preview_shows_the_email_with_its_footer_as_a_partial_for_htmx(
    client_for, recruiter, application
):
    client = client_for(recruiter)
    response = client.post(
        compose_url(application),
        {"subject": "Hello", "body": "Dear Grace", "action": "preview"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="preview"' in html and "Dear Grace" in html and "Hello" in html
    plain = post(client, application, subject="Hello", body="Dear Grace", action="preview")
    assert "<html" in plain.content.decode() and "Dear Grace" in plain.content.decode()


def test_sending_queues_one_email_with_copies_and_the_resume_and_journals_it(
    client_for, recruiter, application, django_capture_on_commit_callbacks, mailoutbox
):
    colleague = RecruiterFactory(email="colleague@example.com")
    candidate_update(
        candidate=application.candidate,
        by=recruiter,
        resume=SimpleUploadedFile("grace.pdf", PDF, "application/pdf"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client_for(recruiter),
            application,
            subject="Next steps",
            body="Hi Grace,\n\nCan we talk Tuesday?",
            cc=[colleague.pk],
            attach_resume="on",
            action="send",
        )
    assert response.status_code == 302
    message = OutboundMessage.objects.get(template_key="conversation_message")
    assert message.cc == ["colleague@example.com"] and message.subject == "Next steps"
    entry = JournalEntry.objects.get(message=message)
    assert (entry.kind, entry.actor, entry.requisition) == (
        "email",
        recruiter,
        application.requisition,
    )
    [email] = [m for m in mailoutbox if m.subject == "Next steps"]
    assert email.cc == ["colleague@example.com"]
    assert [(name, content) for name, content, _ in email.attachments] == [("grace.pdf", PDF)]
    profile = client_for(recruiter).get(
        reverse("candidates:detail", args=[application.candidate_id])
    )
    assert "Can we talk Tuesday?" in profile.content.decode()


def test_an_email_without_a_subject_keeps_what_was_typed_and_sends_nothing(
    client_for, recruiter, application
):
    response = post(client_for(recruiter), application, subject="", body="Kept text", action="send")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the email a subject." in html and "Kept text" in html
    assert not OutboundMessage.objects.exists()


def test_an_email_for_later_waits_can_be_cancelled_and_otherwise_leaves_on_time(
    client_for, recruiter, application, clock
):
    client = client_for(recruiter)
    later = (timezone.now() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    for subject in ("First", "Second"):
        post(client, application, subject=subject, body="Text", send_at=later, action="send")
    first, second = ScheduledMessage.objects.order_by("pk")
    profile = client.get(reverse("candidates:detail", args=[application.candidate_id]))
    assert "Waiting to leave" in profile.content.decode()
    client.post(reverse("workflows:scheduled-cancel", args=[first.pk]))
    assert scheduled_messages_send() == 0 and not OutboundMessage.objects.filter(
        template_key="conversation_message"
    )
    clock.advance(timedelta(hours=3))
    assert scheduled_messages_send() == 1
    assert scheduled_messages_send() == 0
    [message] = OutboundMessage.objects.filter(template_key="conversation_message")
    assert message.subject == "Second" and message.reply_to.startswith("reply+")
    first.refresh_from_db(), second.refresh_from_db()
    assert first.cancelled_at and first.message is None and second.message == message


def test_a_time_in_the_past_is_refused(client_for, recruiter, application):
    earlier = (timezone.now() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = post(
        client_for(recruiter), application, subject="S", body="B", send_at=earlier, action="send"
    )
    assert (
        response.status_code == 400 and "Choose a time in the future" in response.content.decode()
    )


def test_the_application_page_links_to_compose_about_its_requisition(
    client_for, recruiter, application
):
    client = client_for(recruiter)
    page = client.get(reverse("workflows:application-detail", args=[application.pk]))
    link = reverse("workflows:compose-for-application", args=[application.pk])
    assert link in page.content.decode()
    response = client.get(link)
    assert response.url == f"{compose_url(application)}?requisition={application.requisition_id}"


def test_hiring_managers_and_outsiders_cannot_write_to_candidates(
    client_for, hiring_manager, user_without_role, application, client
):
    for user in (hiring_manager, user_without_role):
        assert client_for(user).get(compose_url(application)).status_code == 404
    client.logout()
    assert client.get(compose_url(application)).status_code == 302
