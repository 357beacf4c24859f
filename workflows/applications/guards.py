"""The guards of the application state machine (DESIGN.md: "compliance guards block moving a
candidate forward until a duty is done").

Two kinds, both `ats.guards.Guard`s so every page can show *why* a move is blocked:

- `ProcessGuard`: a duty of the process (screening form, blocking tasks, interviews, an open
  requisition). An admin may override one with a written justification; the transition service
  records that override.
- plain `Guard`: what the person moving must supply (a disposition reason, the HM's feedback). They
  are never overridden: the form asks for them.

Guards are pure: they read the application (and what the pipeline query annotated on it).
"""

from __future__ import annotations

from dataclasses import dataclass

from ats.guards import Guard
from ats.rules import rule


@dataclass(frozen=True)
class ProcessGuard(Guard):
    """A duty of the process; `application_move` lets an admin override it with a justification
    (the override waives it by name when the transition runs: `ats.guards.transition_run`)."""


def _requisition_open(app) -> str | None:
    requisition = app.requisition
    if requisition.status == "open":
        return None
    return f"The requisition is {requisition.get_status_display().lower()}; it must be open."


def _no_open_blocking_tasks(app) -> str | None:
    count = app.open_blocking_tasks
    if not count:
        return None
    if count == 1:
        return "A blocking task on this application is still open; complete it first."
    return f"{count} blocking tasks on this application are still open; complete them first."


def _screening_complete(app) -> str | None:
    return None if app.screening_completed else "Complete the screening form first."


def planned_interviews_outstanding(app) -> list[str]:
    """The planned interviews of `app` not yet done with all their scorecards, as sentences.

    Every stage of the requisition's plan needs a completed interview on which every interviewer
    submitted a scorecard (`Application.interviews_outstanding`, filled in bulk on lists).
    """
    return app.interviews_outstanding


def _interviews_done(app) -> str | None:
    outstanding = planned_interviews_outstanding(app)
    return " ".join(outstanding) or None


def _disposition_reason_given(app) -> str | None:
    return None if app.disposition_reason_id else "Choose a disposition reason."


def _decline_feedback_given(app) -> str | None:
    if app.decline_feedback.strip():
        return None
    return "Write your feedback for the recruiter: why this candidate is not a fit."


REQUISITION_OPEN = ProcessGuard("requisition_open", _requisition_open)
NO_OPEN_BLOCKING_TASKS = ProcessGuard("no_open_blocking_tasks", _no_open_blocking_tasks)
SCREENING_COMPLETE = ProcessGuard("screening_complete", _screening_complete)
INTERVIEWS_DONE = ProcessGuard("interviews_done", _interviews_done)
DISPOSITION_REASON_GIVEN = Guard("disposition_reason", _disposition_reason_given)
DECLINE_FEEDBACK_GIVEN = Guard("decline_feedback", _decline_feedback_given)

FORWARD = [REQUISITION_OPEN, NO_OPEN_BLOCKING_TASKS]

# Which form field supplies what an input guard asks for.
INPUT_FIELDS = {"disposition_reason": "reason", "decline_feedback": "feedback"}


# --- permissions (django-fsm-2 `permission=`; the transition service checks them) --------------


# Recruiters (and admins) run the search: screen, shortlist, offer, hire, reject, reopen.
is_recruiter_move = rule("workflows.move_application")
# The requisition's hiring manager (or an admin) accepts or declines from the shortlist.
is_hiring_manager_move = rule("workflows.decide_on_shortlist")
