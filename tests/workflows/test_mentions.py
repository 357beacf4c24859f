"""`@username` in a note tells that colleague: an email through the outbox and an entry on their
dashboard, both linking to the note."""

import pytest
from django.urls import reverse

from candidates.models import JournalEntry, Mention
from notifications.models import OutboundMessage
from tests.factories import CandidateFactory, RecruiterFactory

pytestmark = pytest.mark.django_db


def test_a_mention_in_a_profile_note_emails_the_colleague_and_shows_on_their_dashboard(
    client_for, recruiter
):
    colleague = RecruiterFactory(username="sam", first_name="Sam", email="sam@example.com")
    candidate = CandidateFactory()
    client = client_for(recruiter)
    client.post(
        reverse("candidates:note-add", args=[candidate.pk]),
        {"text": "@sam could you call her? Also @nobody and me @" + recruiter.username},
    )
    note = JournalEntry.objects.get(kind="note")
    [mention] = Mention.objects.all()
    assert (mention.user, mention.entry) == (colleague, note)
    [email] = OutboundMessage.objects.filter(template_key="note_mention")
    link = f"/candidates/{candidate.pk}/#entry-{note.pk}"
    assert email.to_address == "sam@example.com" and link in email.text_body
    dashboard = client_for(colleague).get(reverse("dashboard")).content.decode()
    assert "Mentioned in notes" in dashboard and f"#entry-{note.pk}" in dashboard
    profile = client_for(colleague).get(reverse("candidates:detail", args=[candidate.pk]))
    assert f'id="entry-{note.pk}"' in profile.content.decode()


def test_a_mention_in_an_application_note_tells_the_colleague_too(
    client_for, recruiter, application
):
    RecruiterFactory(username="sam", email="sam@example.com")
    client_for(recruiter).post(
        reverse("workflows:application-note", args=[application.pk]), {"body": "Ping @sam."}
    )
    assert Mention.objects.get().user.username == "sam"


def test_hiring_managers_who_cannot_read_the_profile_are_not_told(
    client_for, recruiter, hiring_manager
):
    candidate = CandidateFactory()
    client_for(recruiter).post(
        reverse("candidates:note-add", args=[candidate.pk]), {"text": f"@{hiring_manager.username}"}
    )
    assert not Mention.objects.exists()
    assert not OutboundMessage.objects.filter(template_key="note_mention").exists()
