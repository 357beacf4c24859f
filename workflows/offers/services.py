"""The only writers of offers: draft → approved (by the HM) → extended → accepted / declined.

Every change is journaled on the candidate and tells both the hiring manager and the recruiter
(`offer_update`, the one who made the change too, so both hold the same record); extending and
accepting write to the candidate (`offer_extended`, `offer_accepted`). Accepting hires the
candidate and declining rejects the application, both through `application_move`, in the same
transaction.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone

from ats.rules import may
from candidates.models import JournalEntry
from workflows.applications.services import application_move
from workflows.duties.messaging import (
    absolute_url,
    candidate_message_queue,
    person_name,
    user_message_queue,
)
from workflows.models import Application, DispositionReason, Offer

if TYPE_CHECKING:
    from django.contrib.auth.models import User

RESPOND_WITHIN = timedelta(days=7)

LABELS = {
    "approve": "Approve",
    "extend": "Mark extended to the candidate",
    "accept": "The candidate accepted",
    "decline": "The candidate declined",
}


def may_move_offer(offer: Offer, transition: str, user: User | None) -> bool:
    """The HM of the requisition (or an admin) approves; recruiters (and admins) do the rest."""
    if transition == "approve":
        return may(user, "workflows.approve_offer", offer)
    return may(user, "workflows.move_offer", offer)


def offer_actions(offer: Offer, user: User) -> list[str]:
    """The moves `user` may make on `offer` now, in process order (none once the candidate
    left the offer stage)."""
    if offer.application.state != Application.State.OFFER:
        return []
    return [
        name
        for name in LABELS
        if getattr(offer, name)._django_fsm.has_transition(offer.status)
        and may_move_offer(offer, name, user)
    ]


def _journal(offer: Offer, *, by: User | None, summary: str, body: str = "") -> None:
    application = offer.application
    JournalEntry.objects.create(
        candidate=application.candidate,
        requisition=application.requisition,
        kind=JournalEntry.Kind.SYSTEM,
        actor=by,
        summary=summary[:300],
        body=body,
    )


def _details(offer: Offer) -> str:
    return "\n".join(filter(None, [f"Salary {offer.summary}.", offer.notes.strip()]))


def _tell_the_team(offer: Offer, *, by: User | None) -> None:
    application = offer.application
    requisition = application.requisition
    team = {requisition.hiring_manager, requisition.recruiter}
    for user in (member for member in team if member is not None):
        user_message_queue(
            user=user,
            template_key="offer_update",
            idempotency_key=f"offer_update:offer:{offer.pk}:{offer.status}:user:{user.pk}",
            context={
                "candidate_name": application.candidate.full_name,
                "requisition_title": requisition.title,
                "offer_status": offer.get_status_display().lower(),
                "application_url": absolute_url(application.get_absolute_url()),
            },
            requisition_id=requisition.pk,
            candidate_id=application.candidate_id,
        )


@transaction.atomic
def offer_create(
    *,
    application: Application,
    by: User,
    salary: Decimal,
    currency: str,
    start_date: date,
    notes: str = "",
    respond_by: date | None = None,
) -> Offer:
    """Draft an offer for an application in `offer` (one open offer at a time); the HM is told
    so they can approve it."""
    if not may(by, "workflows.move_offer"):
        raise PermissionDenied("Recruiters draft offers.")
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("candidate", "requisition__hiring_manager", "requisition__recruiter")
        .get(pk=application.pk)
    )
    if application.state != Application.State.OFFER:
        raise ValidationError(
            "Make the offer move first: an offer is drafted for a candidate in the offer stage."
        )
    errors = {}
    if salary is None or salary <= 0:
        errors["salary"] = "Give the yearly salary."
    currency = (currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        errors["currency"] = "Use a three-letter currency code, e.g. EUR."
    if start_date is None:
        errors["start_date"] = "Give the start date."
    if errors:
        raise ValidationError(errors)
    if not may(by, "workflows.draft_offer", application):
        raise ValidationError("This candidate has an open offer already.")
    try:
        with transaction.atomic():
            offer = Offer.objects.create(
                application=application,
                salary=salary,
                currency=currency,
                start_date=start_date,
                respond_by=respond_by,
                notes=notes.strip(),
                created_by=by,
            )
    except IntegrityError:
        raise ValidationError("This candidate has an open offer already.") from None
    _journal(offer, by=by, summary=f"Offer drafted: {offer.summary}", body=offer.notes)
    _tell_the_team(offer, by=by)
    return offer


def check_offer_move(
    offer: Offer, *, transition: str, by: User | None, reason: DispositionReason | None
) -> Exception | None:
    """Why `by` may not move `offer` by `transition` now (the exception to raise), or None."""
    label, application = LABELS[transition], offer.application
    if application.state != Application.State.OFFER:
        state = application.get_state_display().lower()
        return ValidationError(
            f"{label} is not possible: the candidate is {state}, not in the offer stage."
        )
    if not getattr(offer, transition)._django_fsm.has_transition(offer.status):
        status = offer.get_status_display().lower()
        return ValidationError(f"{label} is not possible: the offer is {status}.")
    if not may_move_offer(offer, transition, by):
        return PermissionDenied(
            "Only the hiring manager approves an offer."
            if transition == "approve"
            else "Only recruiters record an offer's progress."
        )
    if transition == "decline":
        if reason is None:
            return ValidationError({"reason": "Choose why the candidate declined."})
        if not reason.active:
            return ValidationError({"reason": "Choose one of the reasons offered."})
    return None


@transaction.atomic
def offer_move(
    *,
    offer: Offer,
    transition: str,
    by: User | None,
    reason: DispositionReason | None = None,
    note: str = "",
) -> Offer:
    """Move `offer` by `transition` (approve, extend, accept, decline) on behalf of `by`.

    accept hires the candidate, decline (with a disposition `reason`) rejects the application,
    both through `application_move` (whose guards and permissions apply).
    """
    if transition not in LABELS:
        raise ValidationError({"transition": f"Unknown offer move: {transition!r}."})
    locked = (
        Offer.objects.select_for_update(of=("self",))
        .select_related(
            "application__candidate",
            "application__requisition__hiring_manager",
            "application__requisition__recruiter",
        )
        .get(pk=offer.pk)
    )
    if refusal := check_offer_move(locked, transition=transition, by=by, reason=reason):
        raise refusal
    do_offer_move(locked, transition=transition, by=by, reason=reason, note=note)
    if offer is not locked:
        offer.refresh_from_db()
    return locked


def do_offer_move(
    offer: Offer, *, transition: str, by: User | None, reason: DispositionReason | None, note: str
) -> None:
    """Write the offer move `check_offer_move` allowed, its journal entry, the application's
    move it brings (hire, reject) and the messages to the team and the candidate."""
    if transition == "decline":
        offer.decline_reason = reason
    if transition == "extend" and offer.respond_by is None:
        offer.respond_by = timezone.localdate() + RESPOND_WITHIN
    getattr(offer, transition)()
    if transition == "approve":
        offer.approved_by = by
    offer.save()
    body = note.strip()
    if transition == "decline":
        body = "\n".join(filter(None, [f"Reason: {reason}", body]))
    _journal(
        offer,
        by=by,
        summary=f"Offer {offer.get_status_display().lower()} ({offer.summary})",
        body=body,
    )
    application = offer.application
    if transition == "accept":
        application_move(application=application, transition="hire", by=by, note=note)
    elif transition == "decline":
        application_move(
            application=application, transition="reject", by=by, reason=reason, note=note
        )
    _tell_the_team(offer, by=by)
    _tell_the_candidate(offer, transition=transition, by=by)


def _tell_the_candidate(offer: Offer, *, transition: str, by: User | None) -> None:
    application = offer.application
    if transition == "extend":
        candidate_message_queue(
            application=application,
            template_key="offer_extended",
            occasion=f"offer:{offer.pk}:extended",
            context={
                "offer_details": _details(offer),
                "respond_by": (
                    dateformat.format(offer.respond_by, "l j F Y") if offer.respond_by else ""
                ),
            },
            by=by,
        )
    elif transition == "accept":
        candidate_message_queue(
            application=application,
            template_key="offer_accepted",
            occasion=f"offer:{offer.pk}:accepted",
            context={
                "start_date": dateformat.format(offer.start_date, "l j F Y"),
                "hiring_manager_name": person_name(application.requisition.hiring_manager),
            },
            by=by,
        )
