"""Every model of the `workflows` app, gathered for Django's app registry and for migrations.

Each model lives in the package that owns it: applications (the state machine and screening),
interviews (interviews and scorecards), offers, duties (tasks with SLA clocks, rejection notices,
handled bounces). Import from here or from the package; both name the same classes.
"""

from workflows.applications.models import (
    ACTIVE_STATES,
    Application,
    ApplicationQuerySet,
    ApplicationTransition,
    DispositionReason,
    ScreeningAnswer,
    ScreeningQuestion,
    ScreeningResponse,
)
from workflows.duties.models import BounceHandled, RejectionNotice, Task, TaskQuerySet
from workflows.interviews.models import (
    Interview,
    InterviewPanelist,
    InterviewQuerySet,
    Scorecard,
    ScorecardRating,
    interviews_outstanding_attach,
    interviews_outstanding_for,
    new_ics_uid,
)
from workflows.offers.models import Offer

__all__ = [
    "ACTIVE_STATES",
    "Application",
    "ApplicationQuerySet",
    "ApplicationTransition",
    "BounceHandled",
    "DispositionReason",
    "Interview",
    "InterviewPanelist",
    "InterviewQuerySet",
    "Offer",
    "RejectionNotice",
    "Scorecard",
    "ScorecardRating",
    "ScreeningAnswer",
    "ScreeningQuestion",
    "ScreeningResponse",
    "Task",
    "TaskQuerySet",
    "interviews_outstanding_attach",
    "interviews_outstanding_for",
    "new_ics_uid",
]
