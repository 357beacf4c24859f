from django.db import IntegrityError, transaction

from candidates.models import Candidate, JournalEntry
from requisitions.models import Requisition
from workflows.models import Application


class AlreadyInPipeline(Exception):
    """The candidate already has an application on this requisition."""

    def __init__(self, application: Application):
        super().__init__(f"{application.candidate} is already in this pipeline.")
        self.application = application


@transaction.atomic
def application_create(
    *, candidate: Candidate, requisition: Requisition, by=None, source: str = ""
) -> Application:
    """Put `candidate` into `requisition`'s pipeline (state `applied`) and journal it.

    Raises AlreadyInPipeline when they are in it already; nothing new is written then.
    """
    existing = Application.objects.filter(candidate=candidate, requisition=requisition).first()
    if existing:
        raise AlreadyInPipeline(existing)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                candidate=candidate,
                requisition=requisition,
                source=source or candidate.source,
                created_by=by,
            )
    except IntegrityError:
        raise AlreadyInPipeline(
            Application.objects.get(candidate=candidate, requisition=requisition)
        ) from None
    JournalEntry.objects.create(
        candidate=candidate,
        requisition=requisition,
        kind=JournalEntry.Kind.STAGE_MOVE,
        actor=by,
        summary=f"Added to the pipeline of {requisition.title}",
    )
    return application
