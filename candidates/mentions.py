"""`@username` in a note tells that colleague: a Mention row (their dashboard lists it) and an
email through the outbox, both linking to the note. Only colleagues who may read the candidate
database are told (the link would be a 404 for anyone else); unknown names are left as text."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from ats.people import person_name
from ats.rules import may
from candidates.models import JournalEntry, Mention
from notifications.selectors import email_template_is_active
from notifications.services import QueuedEmail, messages_queue_bulk

MENTION = re.compile(r"(?<![\w@.])@([\w.+-]{1,150})")
MAX_MENTIONS = 10


def mentioned_usernames(text: str) -> list[str]:
    names = [name.rstrip(".") for name in MENTION.findall(text or "")]
    return list(dict.fromkeys(name for name in names if name))[:MAX_MENTIONS]


def note_url(entry: JournalEntry) -> str:
    profile = reverse("candidates:detail", args=[entry.candidate_id])
    return f"{settings.SITE_URL}{profile}#entry-{entry.pk}"


def mentions_notify(*, entry: JournalEntry) -> list[Mention]:
    """Record and email each colleague `@named` in the note `entry` (not its author); run in
    the note's transaction. Returns the mentions written."""
    names = mentioned_usernames(entry.body or entry.summary)
    if not names:
        return []
    users = [
        user
        for user in get_user_model().objects.filter(username__in=names, is_active=True)
        if user.pk != entry.actor_id and may(user, "candidates.view_candidates")
    ]
    mentions = Mention.objects.bulk_create(
        [Mention(entry=entry, user=user) for user in users], ignore_conflicts=True
    )
    if users and email_template_is_active("note_mention"):
        messages_queue_bulk(
            QueuedEmail(
                template_key="note_mention",
                to=user.email,
                to_name=person_name(user),
                context={
                    "recipient_name": user.first_name or user.get_username(),
                    "author_name": person_name(entry.actor, nobody="Tandem"),
                    "candidate_name": entry.candidate.full_name,
                    "note_excerpt": (entry.body or entry.summary)[:500],
                    "note_url": note_url(entry),
                },
                idempotency_key=f"note_mention:entry:{entry.pk}:user:{user.pk}",
                concerns_requisition=entry.requisition_id,
            )
            for user in users
            if user.email
        )
    return mentions
