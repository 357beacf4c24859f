"""Offers: draft → approved (HM) → extended → accepted (hires) / declined (rejects), journaled."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from candidates.models import JournalEntry
from tests.factories import DispositionReasonFactory
from workflows.models import Offer
from workflows.offers.services import offer_actions, offer_create, offer_move

START = datetime.date(2031, 7, 1)


@pytest.fixture
def in_offer(application, advance):
    return advance(application, "offer")


def _draft(app, by, **kwargs):
    data = {"salary": Decimal("85000"), "currency": "eur", "start_date": START, **kwargs}
    return offer_create(application=app, by=by, **data)


def test_a_recruiter_drafts_an_offer_for_a_candidate_in_the_offer_stage(in_offer, recruiter):
    offer = _draft(in_offer, recruiter, notes="Hybrid")
    assert (offer.status, offer.currency, offer.created_by) == ("draft", "EUR", recruiter)
    assert JournalEntry.objects.filter(
        summary="Offer drafted: 85,000 EUR a year, starting 1 July 2031"
    ).exists()


def test_an_offer_needs_the_offer_stage_and_sane_terms(requisition, in_offer, recruiter):
    from tests.factories import CandidateFactory
    from workflows.applications.services import application_create

    applied = application_create(
        candidate=CandidateFactory(), requisition=requisition, by=recruiter
    )
    with pytest.raises(ValidationError, match="offer move first"):
        _draft(applied, recruiter)
    with pytest.raises(ValidationError) as error:
        _draft(in_offer, recruiter, salary=Decimal("0"), currency="euro", start_date=None)
    assert set(error.value.message_dict) == {"salary", "currency", "start_date"}
    assert not Offer.objects.exists()


def test_one_open_offer_at_a_time(in_offer, recruiter):
    _draft(in_offer, recruiter)
    with pytest.raises(ValidationError, match="open offer already"):
        _draft(in_offer, recruiter)
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.create(application=in_offer, salary=1, start_date=START)


def test_only_the_hiring_manager_approves(
    in_offer, recruiter, hiring_manager, other_hiring_manager
):
    offer = _draft(in_offer, recruiter)
    assert offer_actions(offer, recruiter) == []
    assert offer_actions(offer, hiring_manager) == ["approve"]
    for user in (recruiter, other_hiring_manager):
        with pytest.raises(PermissionDenied):
            offer_move(offer=offer, transition="approve", by=user)
    offer_move(offer=offer, transition="approve", by=hiring_manager)
    offer.refresh_from_db()
    assert (offer.status, offer.approved_by) == ("approved", hiring_manager)


def test_an_offer_cannot_skip_approval(in_offer, recruiter):
    offer = _draft(in_offer, recruiter)
    with pytest.raises(ValidationError, match="the offer is draft"):
        offer_move(offer=offer, transition="extend", by=recruiter)


def test_accepting_hires_the_candidate_and_fills_the_last_headcount(
    in_offer, recruiter, hiring_manager
):
    offer = _draft(in_offer, recruiter)
    offer_move(offer=offer, transition="approve", by=hiring_manager)
    offer_move(offer=offer, transition="extend", by=recruiter)
    offer.refresh_from_db()
    assert offer.status == "extended" and offer.respond_by is not None
    offer_move(offer=offer, transition="accept", by=recruiter)
    in_offer.refresh_from_db()
    offer.refresh_from_db()
    assert offer.status == "accepted" and offer.decided_at is not None
    assert in_offer.state == "hired"
    assert in_offer.requisition.status == "filled"
    summaries = list(
        JournalEntry.objects.filter(summary__startswith="Offer")
        .order_by("pk")
        .values_list("summary", flat=True)
    )
    assert [s.split(" (")[0] for s in summaries] == [
        "Offer drafted: 85,000 EUR a year, starting 1 July 2031",
        "Offer approved",
        "Offer extended",
        "Offer accepted",
    ]


def test_declining_needs_a_reason_and_rejects_the_application_with_it(
    in_offer, recruiter, hiring_manager
):
    reason = DispositionReasonFactory(group="offer_declined", label="Accepted a counter-offer")
    offer = _draft(in_offer, recruiter)
    offer_move(offer=offer, transition="approve", by=hiring_manager)
    offer_move(offer=offer, transition="extend", by=recruiter)
    with pytest.raises(ValidationError) as error:
        offer_move(offer=offer, transition="decline", by=recruiter)
    assert "reason" in error.value.message_dict
    offer_move(offer=offer, transition="decline", by=recruiter, reason=reason, note="Sad")
    offer.refresh_from_db()
    in_offer.refresh_from_db()
    assert (offer.status, offer.decline_reason) == ("declined", reason)
    assert (in_offer.state, in_offer.disposition_reason) == ("rejected", reason)
    assert in_offer.transitions.last().transition == "reject"
    assert JournalEntry.objects.filter(summary__startswith="Offer declined").exists()
