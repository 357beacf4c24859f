"""The SLA and milestone sweeps Celery beat runs every minute (settings.TANDEM_PERIODIC_TASKS).

Each sweep reads only the rows whose time has come, through a partial index on its due column
(cost grows with the due rows, not with all rows), claims them with
`select_for_update(skip_locked=True)` (two sweeps never take the same row; PostgreSQL — SQLite
has one writer anyway), does its work and marks the rows done in the same transaction. Messages
go through the outbox with idempotency keys, so a sweep that runs twice sends once.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate, JournalEntry
from candidates.services import candidate_email_mark_undeliverable
from notifications.models import OutboundMessage
from notifications.selectors import bounced_messages
from requisitions.models import Duty, Requisition
from workflows.applications.selectors import must_haves_by_requisition
from workflows.duties.intake import intake_invitation_emails
from workflows.duties.messaging import (
    absolute_url,
    candidate_message_queue,
    person_name,
    user_email,
    user_message_queue,
    user_messages_queue_bulk,
    when,
)
from workflows.duties.services import sla_due, sla_hours, task_ensure
from workflows.models import (
    ACTIVE_STATES,
    Application,
    BounceHandled,
    RejectionNotice,
    ScreeningAnswer,
    Task,
)

SWEEP_BATCH = 500
# Requisitions older than this when the intake sweep first sees them get no intake duty
# (e.g. those that existed before the sweep was deployed).
INTAKE_LOOKBACK = timedelta(days=30)
# Bounces reported longer ago than this are not looked at again.
BOUNCE_LOOKBACK = timedelta(days=7)
REQUISITION_ACTIVE = [
    Requisition.Status.DRAFT,
    Requisition.Status.OPEN,
    Requisition.Status.ON_HOLD,
]


def _claim(queryset, limit: int) -> list:
    return list(queryset.select_for_update(skip_locked=True, of=("self",))[:limit])


# --- reminders and escalations: generic over every open task --------------------------------

# What a reminder or an escalation reads of a task and its people (a sweep reads a thousand).
PERSON_FIELDS = ("email", "first_name", "last_name", "username")
TASK_FIELDS = ("due_at", "title", "kind", "owner_id", "requisition_id", "application_id")


def _claim_tasks(queryset, limit: int) -> list[Task]:
    """Claim up to `limit` tasks (their own columns only), then attach their requisitions and
    people, each loaded once (two more queries): a thousand due tasks of a few requisitions
    build a few requisitions, not a thousand."""
    tasks = _claim(queryset.only(*TASK_FIELDS), limit)
    requisitions = Requisition.objects.only(
        "title", "status", "recruiter_id", "hiring_manager_id"
    ).in_bulk({task.requisition_id for task in tasks})
    people_ids = {task.owner_id for task in tasks}
    for requisition in requisitions.values():
        people_ids |= {requisition.recruiter_id, requisition.hiring_manager_id}
    people = get_user_model().objects.only(*PERSON_FIELDS).in_bulk(people_ids - {None})
    for requisition in requisitions.values():
        requisition.recruiter = people.get(requisition.recruiter_id)
        requisition.hiring_manager = people.get(requisition.hiring_manager_id)
    for task in tasks:
        task.requisition = requisitions[task.requisition_id]
        task.owner = people[task.owner_id]
    return tasks


def _task_context(task: Task, *, for_owner: bool) -> dict:
    link = task.get_absolute_url()
    if not for_owner and task.kind not in (Task.Kind.REVIEW, Task.Kind.FEEDBACK):
        link = reverse("requisitions:detail", args=[task.requisition_id])
    return {
        "task_title": task.title,
        "requisition_title": task.requisition.title,
        "due_at": when(task.due_at),
        "task_url": absolute_url(link),
        "owner_name": person_name(task.owner),
    }


@transaction.atomic
def task_reminders_send(*, limit: int = SWEEP_BATCH) -> int:
    """Remind each open task's owner once, TANDEM_TASK_REMINDER_HOURS before it is due.

    A task first seen already overdue gets no reminder (its escalation follows). Returns the
    number of tasks looked at.
    """
    now = timezone.now()
    lead = timedelta(hours=settings.TANDEM_TASK_REMINDER_HOURS)
    to_remind = Task.objects.open().filter(reminded_at__isnull=True)
    # Already overdue: no reminder, only the mark (one statement, no row loaded).
    overdue = to_remind.filter(due_at__lt=now).order_by("due_at").values_list("pk", flat=True)
    marked = Task.objects.filter(pk__in=list(overdue[:limit])).update(reminded_at=now)
    tasks = _claim_tasks(
        to_remind.filter(due_at__gte=now, due_at__lte=now + lead).order_by("due_at"),
        limit - marked,
    )
    user_messages_queue_bulk(
        user_email(
            user=task.owner,
            template_key="task_reminder",
            idempotency_key=f"task_reminder:task:{task.pk}",
            context=_task_context(task, for_owner=True),
            requisition_id=task.requisition_id,
        )
        for task in tasks
    )
    Task.objects.filter(pk__in=[task.pk for task in tasks]).update(reminded_at=now)
    return marked + len(tasks)


def escalation_recipients(task: Task) -> list:
    """Who hears of an overdue task: the recruiter (and, for interview feedback, the HM too);
    for the recruiter's own duties, the hiring manager who waits on them."""
    requisition = task.requisition
    people = [requisition.recruiter]
    if task.kind == Task.Kind.FEEDBACK:
        people.append(requisition.hiring_manager)
    recipients = [p for p in people if p is not None and p.pk != task.owner_id]
    if not recipients and requisition.hiring_manager_id != task.owner_id:
        recipients = [requisition.hiring_manager]
    unique = {person.pk: person for person in recipients}
    return list(unique.values())


@transaction.atomic
def task_escalations_send(*, limit: int = SWEEP_BATCH) -> int:
    """Escalate each overdue open task once. An overdue intake duty sends the intake invitation
    (to the HM and the recruiter) instead. Returns the number of tasks looked at."""
    now = timezone.now()
    tasks = _claim_tasks(
        Task.objects.overdue(now).filter(escalated_at__isnull=True).order_by("due_at"),
        limit,
    )
    emails = []
    for task in tasks:
        if task.kind == Task.Kind.INTAKE:
            emails.extend(intake_invitation_emails(task))
            continue
        emails.extend(
            user_email(
                user=person,
                template_key="task_escalation",
                idempotency_key=f"task_escalation:task:{task.pk}:user:{person.pk}",
                context=_task_context(task, for_owner=person.pk == task.owner_id),
                requisition_id=task.requisition_id,
            )
            for person in escalation_recipients(task)
        )
    user_messages_queue_bulk(emails)
    Task.objects.filter(pk__in=[task.pk for task in tasks]).update(escalated_at=now)
    return len(tasks)


# --- milestone 2: the intake invitation -----------------------------------------------------


@transaction.atomic
def intake_duties_ensure(*, limit: int = SWEEP_BATCH) -> int:
    """Give each new active requisition its intake duty (due the agreed "intake scheduling"
    hours after it was created) and complete the duties whose intake was held or whose
    requisition closed. Returns the number of duties created.

    The requisitions app may not import workflows, so its create services cannot make the task;
    this sweep does, within a minute. Reads active requisitions without an intake duty only.
    """
    now = timezone.now()
    done = Task.objects.open().filter(kind=Task.Kind.INTAKE)
    done.filter(
        Q(requisition__intake__held=True) | ~Q(requisition__status__in=REQUISITION_ACTIVE)
    ).update(completed_at=now)
    missing = (
        Requisition.objects.filter(
            status__in=REQUISITION_ACTIVE, created_at__gte=now - INTAKE_LOOKBACK
        )
        .exclude(intake__held=True)
        .filter(~Exists(Task.objects.filter(requisition=OuterRef("pk"), kind=Task.Kind.INTAKE)))
        .select_related("recruiter", "hiring_manager")
        .prefetch_related("service_levels")
        .order_by("created_at")[:limit]
    )
    created = 0
    for requisition in missing:
        _task, new = task_ensure(
            key=f"intake:requisition:{requisition.pk}",
            requisition=requisition,
            owner=requisition.recruiter or requisition.hiring_manager,
            kind=Task.Kind.INTAKE,
            title=f"Hold the intake meeting for {requisition.title}",
            due_at=sla_due(requisition, Duty.INTAKE_SCHEDULING, start=requisition.created_at),
        )
        created += new
    return created


# --- milestone 3: the HM's screening digest --------------------------------------------------


def _rating(value) -> str:
    if value is None:
        return "not rated"
    value = Decimal(value)
    return f"{value.normalize() if value == value.to_integral() else value} / 5"


def _digest_rows(tasks: list[Task], owner) -> list[dict]:
    from workflows.applications.milestones import digest_token

    applications = (
        Application.objects.filter(pk__in=[task.application_id for task in tasks])
        .select_related("candidate", "screening")
        .prefetch_related(
            Prefetch(
                "screening__answers",
                queryset=ScreeningAnswer.objects.select_related("question"),
            )
        )
    )
    must_haves = must_haves_by_requisition({tasks[0].requisition_id})[tasks[0].requisition_id]
    rows = []
    for app in applications:
        screening = getattr(app, "screening", None)
        answers = screening.answers.all() if screening else []
        by_criterion = {answer.question.criterion_id: answer.rating for answer in answers}
        token = digest_token(application=app, user=owner)
        rows.append(
            {
                "name": app.candidate.full_name,
                "rating": _rating(screening.rating if screening else None),
                "sort": -(screening.rating or 0) if screening else 1,
                "must_haves": [
                    {"name": c.name, "rating": _rating(by_criterion.get(c.pk))} for c in must_haves
                ],
                "summary": screening.summary if screening else "",
                "accept_url": absolute_url("workflows:digest-accept", token),
                "decline_url": absolute_url("workflows:digest-decline", token),
            }
        )
    rows.sort(key=lambda row: (row["sort"], row["name"]))
    for row in rows:
        del row["sort"]
    return rows


@transaction.atomic
def screening_digests_send(*, limit: int = SWEEP_BATCH) -> int:
    """Send each HM one digest per requisition of the candidates shortlisted since the last one.

    A shortlist starts a review duty whose `announce_at` is a short batching window away; when a
    requisition's first window ends, every unannounced review duty of it goes into one digest
    (top rated first) and is marked announced. Returns the number of digests queued.
    """
    now = timezone.now()
    due = _claim(
        Task.objects.filter(kind=Task.Kind.REVIEW, announce_at__lte=now).order_by("announce_at"),
        limit,
    )
    if not due:
        return 0
    batch = {task.pk: task for task in due}
    batch.update(
        (task.pk, task)
        for task in _claim(
            Task.objects.filter(
                kind=Task.Kind.REVIEW,
                announce_at__isnull=False,
                requisition__in={task.requisition_id for task in due},
            ).exclude(pk__in=list(batch)),
            limit,
        )
    )
    groups: dict[tuple[int, int], list[Task]] = defaultdict(list)
    for task in batch.values():
        if task.completed_at is None and task.application_id:
            groups[(task.requisition_id, task.owner_id)].append(task)
    requisitions = Requisition.objects.select_related("recruiter", "hiring_manager").in_bulk(
        {rid for rid, _ in groups}
    )
    owners = {task.owner_id: task.owner for task in batch.values()} if groups else {}
    sent = 0
    for (requisition_id, owner_id), tasks in groups.items():
        requisition, owner = requisitions[requisition_id], owners[owner_id]
        first = min(task.pk for task in tasks)
        message = user_message_queue(
            user=owner,
            template_key="screening_digest",
            idempotency_key=f"screening_digest:requisition:{requisition_id}:task:{first}",
            context={
                "recruiter_name": person_name(requisition.recruiter) or "Your recruiter",
                "requisition_title": requisition.title,
                "candidates": _digest_rows(tasks, owner),
                "links_valid_for": f"{settings.TANDEM_DIGEST_LINK_DAYS} days",
                "requisition_url": absolute_url("workflows:review"),
            },
            requisition_id=requisition_id,
        )
        sent += message is not None
    Task.objects.filter(pk__in=list(batch)).update(announce_at=None)
    return sent


# --- milestone 8: the delayed rejection email ------------------------------------------------


@transaction.atomic
def rejection_emails_send(*, limit: int = SWEEP_BATCH) -> int:
    """Email each candidate whose rejection is due (the move was TANDEM_REJECTION_DELAY_HOURS
    ago), unless the application was reopened. Returns the number of notices handled."""
    now = timezone.now()
    notices = _claim(
        RejectionNotice.objects.filter(
            sent_at__isnull=True, cancelled_at__isnull=True, due_at__lte=now
        )
        .select_related(
            "application__candidate",
            "application__requisition__recruiter",
            "application__requisition__hiring_manager",
        )
        .order_by("due_at"),
        limit,
    )
    for notice in notices:
        app = notice.application
        if app.state not in (Application.State.REJECTED, Application.State.WITHDRAWN):
            notice.cancelled_at = now
            notice.save(update_fields=["cancelled_at"])
            continue
        notice.message = candidate_message_queue(
            application=app, template_key=notice.template_key, occasion=f"move:{notice.move_id}"
        )
        notice.sent_at = now
        notice.save(update_fields=["message", "sent_at"])
    return len(notices)


# --- milestone 9: no black hole --------------------------------------------------------------


def _span(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    return f"{hours // 24} days" if hours % 24 == 0 else f"{hours} hours"


@transaction.atomic
def candidate_updates_check(*, limit: int = SWEEP_BATCH) -> int:
    """An active application whose candidate heard nothing (no email in their journal) for the
    agreed "candidate update cadence" gets a task for the recruiter — once per silence period.
    Returns the number of tasks created."""
    now = timezone.now()
    applications = _claim(
        Application.objects.filter(contact_due_at__lte=now)
        .select_related("candidate", "requisition__recruiter")
        .order_by("contact_due_at"),
        limit,
    )
    created = 0
    for app in applications:
        if app.state not in ACTIVE_STATES:
            app.contact_due_at = None
        else:
            cadence = timedelta(hours=sla_hours(app.requisition, Duty.CANDIDATE_UPDATE))
            last = JournalEntry.objects.filter(
                candidate=app.candidate_id, kind=JournalEntry.Kind.EMAIL
            ).aggregate(last=Max("created_at"))["last"]
            if last is not None and last + cadence > now:
                app.contact_due_at = last + cadence
            else:
                owner = app.requisition.recruiter or app.requisition.hiring_manager
                _task, new = task_ensure(
                    key=f"candidate_update:application:{app.pk}:{app.contact_due_at:%Y%m%d%H%M%S}",
                    requisition=app.requisition,
                    application=app,
                    owner=owner,
                    kind=Task.Kind.CANDIDATE_UPDATE,
                    title=f"Update {app.candidate.full_name}: no news for {_span(cadence)}",
                    due_at=now + timedelta(days=1),
                )
                created += new
                app.contact_due_at = now + cadence
        Application.objects.filter(pk=app.pk).update(contact_due_at=app.contact_due_at)
    return created


# --- bounces ---------------------------------------------------------------------------------


@transaction.atomic
def bounces_process(*, limit: int = SWEEP_BATCH) -> int:
    """Turn each bounced email to a candidate (one recorded in their journal) into: the address
    marked undeliverable, a journal entry, and an alert to the requisition's recruiter — once
    per bounce (a BounceHandled row). Returns the number of bounces handled."""
    now = timezone.now()
    messages = _claim(
        bounced_messages(since=now - BOUNCE_LOOKBACK)
        .filter(concerns_candidate__isnull=False, journal_entry__isnull=False)
        .filter(~Exists(BounceHandled.objects.filter(message=OuterRef("pk")))),
        limit,
    )
    candidates = Candidate.objects.in_bulk({m.concerns_candidate for m in messages})
    requisitions = Requisition.objects.select_related("recruiter").in_bulk(
        {m.concerns_requisition for m in messages if m.concerns_requisition}
    )
    for message in messages:
        candidate = candidates.get(message.concerns_candidate)
        BounceHandled.objects.create(message=message, candidate=candidate)
        if candidate is None:
            continue
        requisition = requisitions.get(message.concerns_requisition)
        candidate_email_mark_undeliverable(
            candidate=candidate,
            address=message.to_address,
            reason=message.bounce_reason,
            subject=message.subject,
            requisition=requisition,
            when=message.bounced_at,
        )
        if requisition is not None and requisition.recruiter is not None:
            _bounce_alert_send(message, candidate, requisition.recruiter)
    return len(messages)


def _bounce_alert_send(message: OutboundMessage, candidate: Candidate, recruiter) -> None:
    user_message_queue(
        user=recruiter,
        template_key="email_bounced_alert",
        idempotency_key=f"email_bounced_alert:message:{message.pk}",
        context={
            "candidate_name": candidate.full_name,
            "email": message.to_address,
            "message_subject": message.subject,
            "reason": message.bounce_reason,
            "candidate_url": absolute_url("candidates:detail", candidate.pk),
        },
        requisition_id=message.concerns_requisition,
        candidate_id=candidate.pk,
    )
