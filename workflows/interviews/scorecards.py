"""Scorecards: what an interview rates, and an interviewer's submission (once, then read-only;
a correction is a new version)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ats.people import person_name
from ats.rules import may, scorecard_refusal
from candidates.models import JournalEntry
from requisitions.models import Criterion
from workflows.interviews.base import journal, lock
from workflows.models import Interview, InterviewPanelist, Scorecard, ScorecardRating

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def criteria_in_focus(interview: Interview) -> list[Criterion]:
    """What the interview rates: the stage's focus areas (all criteria when it names none),
    must-haves first."""
    focus = list(interview.stage.focus_areas.all())
    if not focus:
        focus = list(Criterion.objects.filter(requisition_id=interview.stage.requisition_id))
    return sorted(focus, key=lambda c: (c.kind != Criterion.Kind.MUST_HAVE, c.order, c.pk))


@dataclass
class ScorecardEntry:
    """A scorecard as typed: the ratings cleaned (criterion, rating, evidence), and what is
    missing, keyed by form field (`check_scorecard` fills both)."""

    recommendation: str
    notes: str
    correction_reason: str
    ratings: list[tuple[Criterion, int, str]] = field(default_factory=list)
    missing: dict[str, str] = field(default_factory=dict)


def _rating(given: Mapping) -> int:
    try:
        return int(given.get("rating") or 0)
    except (TypeError, ValueError):
        return 0


def check_scorecard(
    interview: Interview,
    *,
    current: Scorecard | None,
    recommendation: str,
    notes: str,
    ratings: Mapping[int, Mapping],
    correction_reason: str = "",
) -> ScorecardEntry:
    """Clean a scorecard for `interview` and say what is missing (a rating per criterion in
    focus, the recommendation, the notes; a correction's reason when `current` is in). Reads
    only."""
    entry = ScorecardEntry(
        recommendation=recommendation,
        notes=notes.strip(),
        correction_reason=correction_reason.strip() if current is not None else "",
    )
    if current is not None and not entry.correction_reason:
        entry.missing["correction_reason"] = (
            "Your scorecard is submitted; to correct it, say what you correct and why."
        )
    for criterion in criteria_in_focus(interview):
        given = ratings.get(criterion.pk) or {}
        rating = _rating(given)
        if rating not in ScorecardRating.Rating.values:
            entry.missing[f"c{criterion.pk}"] = (
                "Rate this criterion (strong no, no, yes, strong yes)."
            )
        entry.ratings.append((criterion, rating, (given.get("evidence") or "").strip()))
    if recommendation not in Scorecard.Recommendation.values:
        entry.missing["recommendation"] = "Give your overall recommendation."
    if not entry.notes:
        entry.missing["notes"] = "Write down the evidence behind your ratings."
    return entry


@transaction.atomic
def scorecard_submit(
    *,
    interview: Interview,
    by: User,
    recommendation: str,
    notes: str,
    ratings: Mapping[int, Mapping],
    correction_reason: str = "",
) -> Scorecard:
    """Submit `by`'s scorecard for `interview`: `ratings` maps criterion id → {rating 1-4,
    evidence}. Submitted once, then read-only; with `correction_reason` it replaces the current
    one by a new version (both journaled). Completes the interviewer's feedback task.

    ValidationError keyed `c<criterion id>` / recommendation / notes / correction_reason.
    """
    locked = lock(interview)
    panelist = (
        InterviewPanelist.objects.select_for_update(of=("self",))
        .select_related("feedback_task")
        .filter(interview=locked, user=by)
        .first()
    )
    if panelist is None:
        raise PermissionDenied("Only the interviewers fill in this interview's scorecards.")
    if not may(by, "workflows.submit_scorecard", locked):
        raise ValidationError(scorecard_refusal(locked) or "No scorecard can be submitted now.")
    current = Scorecard.objects.filter(interview=locked, interviewer=by, is_current=True).first()
    entry = check_scorecard(
        locked,
        current=current,
        recommendation=recommendation,
        notes=notes,
        ratings=ratings,
        correction_reason=correction_reason,
    )
    if entry.missing:
        raise ValidationError(entry.missing)
    return do_scorecard_submit(locked, panelist=panelist, current=current, entry=entry)


def do_scorecard_submit(
    interview: Interview,
    *,
    panelist: InterviewPanelist,
    current: Scorecard | None,
    entry: ScorecardEntry,
) -> Scorecard:
    """Write the scorecard `check_scorecard` cleaned (a new version over `current`), its journal
    entry, and complete the interviewer's feedback task."""
    by = panelist.user
    version = 1
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
        version = current.version + 1
    scorecard = Scorecard.objects.create(
        interview=interview,
        interviewer=by,
        version=version,
        recommendation=entry.recommendation,
        notes=entry.notes,
        correction_reason=entry.correction_reason,
    )
    ScorecardRating.objects.bulk_create(
        ScorecardRating(scorecard=scorecard, criterion=criterion, rating=rating, evidence=evidence)
        for criterion, rating, evidence in entry.ratings
    )
    _journal_scorecard(interview, scorecard, entry=entry)
    task = panelist.feedback_task
    if task is not None and task.completed_at is None:
        task.completed_at = timezone.now()
        task.save(update_fields=["completed_at"])
    return scorecard


def _journal_scorecard(interview: Interview, scorecard: Scorecard, *, entry: ScorecardEntry):
    by = scorecard.interviewer
    lines = [
        f"{criterion.name}: {ScorecardRating.Rating(rating).label}"
        + (f" — {evidence}" if evidence else "")
        for criterion, rating, evidence in entry.ratings
    ]
    lines += ["", entry.notes]
    if scorecard.version > 1:
        lines = [f"Correction: {entry.correction_reason}", "", *lines]
        summary = f"Scorecard corrected (version {scorecard.version}) by {person_name(by)}"
    else:
        summary = f"Scorecard by {person_name(by)}"
    journal(
        interview,
        by=by,
        kind=JournalEntry.Kind.FEEDBACK,
        summary=f"{summary} ({interview.stage.name}): {scorecard.get_recommendation_display()}",
        body="\n".join(lines),
    )
