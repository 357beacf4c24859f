"""Several months of hiring history for the demo, so the dashboards and reports mean something.

How: for each history requisition, the whole story is simulated in time order with a mocked
clock (`django.utils.timezone.now` patched, as the tests' `clock` fixture does). Each step runs
through the real services — `requisition_create`, the intake services, `requisition_move`,
`application_create`, `screening_complete`, `application_move` — at the moment it happens in
the story, so the transition log, the journal, `opened_at`, `state_changed_at` and the
requisitions' fills all carry consistent past timestamps. Steps whose moment is still in the
future are not taken: those applications stay active, with their duties open (some overdue).

Duties come from the services too: screening when an application arrives, the HM's review when
it is shortlisted, each interviewer's feedback when an interview is held — each completed by the
act that fulfils it. An accepted candidate's interviews are scheduled for the stages of the plan,
held, and scored by every interviewer before an offer can be made, as the guard requires.

Deterministic (a seeded random generator per requisition) and idempotent by slug: a history
requisition that exists is left as it is. About 300 applications take a few seconds on SQLite.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from unittest import mock

from anymail.signals import AnymailTrackingEvent
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from ats.roles import HIRING_MANAGER, RECRUITER
from candidates.models import Candidate
from demo.accounts import DEMO_PASSWORD
from notifications.services import METADATA_KEY, message_track
from requisitions import services as requisition_services
from requisitions.models import Criterion, Requisition
from requisitions.selectors import agreed_hours, service_level_defaults
from workflows.applications.services import application_create, application_move, screening_complete
from workflows.duties.messaging import candidate_message_queue
from workflows.interviews.services import (
    Slot,
    criteria_in_focus,
    interview_complete,
    interview_schedule,
    scorecard_submit,
)
from workflows.models import ACTIVE_STATES, Application, DispositionReason, Interview

# username, first, last, role: the colleagues who make "per person" and "per pair" numbers mean
# something. They log in with the demo password too (to see another HM's dashboard).
COLLEAGUES = [
    ("sam.sourcer", "Sam", "Sourcer", RECRUITER),
    ("helga.head", "Helga", "Head", HIRING_MANAGER),
    ("omar.owner", "Omar", "Owner", HIRING_MANAGER),
    ("ivy.interviewer", "Ivy", "Interviewer", None),
]

# title, department, location, headcount, recruiter, HM, opened (days ago), applicants,
# the share of the shortlist the HM accepts, how fast the HM reviews (hours, typical)
HISTORY = [
    ("Payments Engineer", "Engineering", "Berlin", 2, "recruiter", "manager", 175, 50, 0.7, 30),
    ("Frontend Engineer", "Engineering", "Berlin", 1, "recruiter", "manager", 150, 42, 0.65, 40),
    ("SRE", "Engineering", "Remote", 1, "sam.sourcer", "manager", 125, 38, 0.6, 50),
    ("UX Researcher", "Design", "Amsterdam", 1, "recruiter", "helga.head", 160, 36, 0.3, 70),
    ("Account Executive", "Sales", "London", 2, "sam.sourcer", "omar.owner", 110, 48, 0.75, 20),
    ("Data Engineer", "Analytics", "Berlin", 3, "recruiter", "manager", 55, 48, 0.6, 36),
    ("Sales Development Rep", "Sales", "London", 3, "sam.sourcer", "omar.owner", 40, 40, 0.7, 24),
    ("Visual Designer", "Design", "Remote", 2, "recruiter", "helga.head", 28, 36, 0.35, 60),
]  # fmt: skip

SLUGS = [slugify(row[0]) for row in HISTORY]

# source and its weight; referrals convert better (the move probabilities below)
SOURCES = [
    ("career_site", 35),
    ("job_board", 22),
    ("sourced", 20),
    ("referral", 13),
    ("agency", 10),
]
BOUNCES = 2  # active candidates whose last email bounced, for the communication board

REASONS = {
    "we_declined": ("we_declined", "Skills do not match the must-haves"),
    "experience": ("we_declined", "Not enough relevant experience"),
    "better_fit": ("we_declined", "Another candidate was a better fit"),
    "interview": ("we_declined", "Interview performance"),
    "withdrew": ("candidate_withdrew", "Accepted another offer"),
    "no_response": ("candidate_withdrew", "Did not respond"),
    "offer_declined": ("offer_declined", "Compensation"),
    "closed": ("other", "Requisition closed"),
    "other": ("other", "Other (see note)"),
}


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@contextmanager
def frozen_clock(clock: Clock) -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", clock):
        yield


@dataclass
class Story:
    """One applicant's path: the next step and when; their open duty."""

    application: Application
    rng: random.Random
    referral: bool
    interviews: list[Interview] = field(default_factory=list)


def _hours(rng: random.Random, typical: float) -> timedelta:
    """A duration around `typical` hours (log-normal: mostly near it, sometimes much longer)."""
    return timedelta(hours=max(0.5, rng.lognormvariate(0, 0.6) * typical))


def _colleagues(users: dict) -> dict:
    User = get_user_model()
    people = dict(users)
    for username, first, last, role in COLLEAGUES:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.com",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if role:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        people[username] = user
    return people


def _reasons() -> dict[str, DispositionReason]:
    return {
        key: DispositionReason.objects.get_or_create(group=group, label=label)[0]
        for key, (group, label) in REASONS.items()
    }


def _open_requisition(row, people, clock: Clock) -> Requisition:
    title, department, location, headcount, recruiter_key, hm_key, *_ = row
    recruiter, manager = people[recruiter_key], people[hm_key]
    requisition = requisition_services.requisition_create(
        by=recruiter,
        title=title,
        department=department,
        location=location,
        headcount=headcount,
        hiring_manager=manager,
        description=f"{title} in our {department} team.",
    )
    MUST, NICE = Criterion.Kind.MUST_HAVE, Criterion.Kind.NICE_TO_HAVE
    criteria = requisition_services.criteria_save(
        requisition=requisition,
        by=recruiter,
        criteria=[
            requisition_services.CriterionInput(kind=kind, name=f"{title}: {label}")
            for kind, label in [
                (MUST, "core craft"),
                (MUST, "collaboration"),
                (MUST, "ownership"),
                (NICE, "domain knowledge"),
                (NICE, "mentoring"),
                (NICE, "tooling"),
            ]
        ],
    )
    requisition_services.interview_plan_save(
        requisition=requisition,
        by=manager,
        stages=[
            requisition_services.StageInput(
                name="Team interview",
                interviewers=[manager, people["ivy.interviewer"]],
                focus_areas=criteria[:3],
                follow_up_by="interviewers",
            )
        ],
    )
    requisition_services.service_levels_save(
        requisition=requisition, by=recruiter, hours=service_level_defaults()
    )
    requisition_services.intake_save(
        requisition=requisition,
        by=recruiter,
        meeting_at=clock.now - timedelta(hours=2),
        attendees=[recruiter, manager],
        held=True,
    )
    requisition_services.requisition_move(requisition=requisition, transition="open", by=recruiter)
    requisition.refresh_from_db()
    return requisition


def _screen(app: Application, recruiter, rng: random.Random) -> None:
    from workflows.applications.services import screening_questions_ensure

    questions = screening_questions_ensure(requisition=app.requisition)
    rating = rng.choice([3, 4, 4, 5])
    screening_complete(
        application=app,
        by=recruiter,
        answers={
            q.pk: {"rating": rating, "text": "From the phone screen."}
            if q.is_rating
            else {"text": "Yes."}
            for q in questions
        },
        summary="Screened by phone; see the ratings.",
    )


def seed(*, users: dict, stdout) -> None:
    if "recruiter" not in users or "manager" not in users:
        return
    people = _colleagues(users)
    reasons = _reasons()
    made = 0
    for index, row in enumerate(HISTORY):
        if Requisition.objects.filter(slug=slugify(row[0])).exists():
            continue
        made += _simulate(index, row, people, reasons)
    stdout.write(f"workflows: {made} history applications created")


def _simulate(index: int, row, people: dict, reasons: dict) -> int:
    (_title, _dept, _loc, _hc, recruiter_key, hm_key, opened_days, applicants, accept, review_h) = (
        row
    )
    real_now = timezone.now()
    rng = random.Random(f"tandem-history-{index}")
    recruiter, manager = people[recruiter_key], people[hm_key]
    opened_at = (real_now - timedelta(days=opened_days)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    clock = Clock(opened_at)
    candidates = list(
        Candidate.objects.filter(email__endswith="@demo.example.com").order_by("pk")[
            index * 37 % 250 :
        ][:applicants]
    )
    with frozen_clock(clock):
        requisition = _open_requisition(row, people, clock)
        hours = agreed_hours(requisition)
        events: list = []
        stories: list[Story] = []
        # Old searches drew applicants over their first 50 days; open ones still draw them.
        window = 50 if opened_days > 70 else opened_days - 0.3
        for n, candidate in enumerate(candidates):
            at = opened_at + timedelta(days=rng.uniform(0.2, window), hours=rng.uniform(0, 8))
            heapq.heappush(events, (at, n, "apply", candidate))
        while events:
            at, n, step, payload = heapq.heappop(events)
            if at > real_now:
                continue  # the future: not happened yet
            clock.now = at
            if step == "apply":
                story = _apply(payload, requisition, recruiter, rng, f"{index}-{n}")
                if story is not None:
                    stories.append(story)
                    _plan(story, "applied", at, events, n, accept, review_h)
                continue
            _take(
                payload,
                step,
                at,
                events,
                n,
                clock=clock,
                recruiter=recruiter,
                manager=manager,
                people=people,
                reasons=reasons,
                hours=hours,
                accept=accept,
                review_h=review_h,
            )
        _acknowledge(stories, clock, recruiter)
    _bounce_some(requisition, real_now)
    return len(stories)


def _apply(candidate, requisition, recruiter, rng, seed: str) -> Story | None:
    """The candidate applies, if the search is still open; their story starts."""
    requisition.refresh_from_db(fields=["status"])
    if requisition.status != Requisition.Status.OPEN:
        return None
    source = rng.choices([s for s, _ in SOURCES], [w for _, w in SOURCES])[0]
    app = application_create(
        candidate=candidate, requisition=requisition, by=recruiter, source=source
    )
    return Story(application=app, rng=random.Random(seed), referral=source == "referral")


def _acknowledge(stories: list[Story], clock, recruiter) -> None:
    """The acknowledgement email, kept for the candidates still in process (the board shows
    the silence since); the finished ones would only fill the demo's outbox."""
    for story in stories:
        app = story.application
        if app.state in ACTIVE_STATES:
            clock.now = app.created_at + timedelta(minutes=5)
            candidate_message_queue(
                application=app,
                template_key="application_received",
                occasion="received",
                by=recruiter,
            )


def _plan(story: Story, state: str, at: datetime, events, n: int, accept: float, review_h) -> None:
    """Decide the applicant's next step from `state` and push it with its moment."""
    rng = story.rng
    boost = 0.15 if story.referral else 0.0
    if state == "applied":
        step = "reject:we_declined" if rng.random() < 0.2 else "screen"
        delay = _hours(rng, 40)
    elif state == "screening":
        roll = rng.random()
        if roll < 0.42 + boost:
            step = "shortlist"
        elif roll < 0.9:
            step = rng.choice(["reject:experience", "reject:we_declined", "reject:other"])
        else:
            step = "withdraw:no_response"
        delay = _hours(rng, 40)
    elif state == "shortlisted":
        step = "accept" if rng.random() < accept + boost / 2 else "decline"
        delay = _hours(rng, review_h)
    elif state == "interviewing":
        roll = rng.random()
        if roll < 0.4 + boost:
            step = "make_offer"
        elif roll < 0.88:
            step = rng.choice(["reject:interview", "reject:better_fit"])
        else:
            step = "withdraw:withdrew"
        delay = timedelta(days=rng.uniform(5, 16))
    elif state == "offer":
        step = "hire" if rng.random() < 0.8 else "withdraw:offer_declined"
        delay = timedelta(days=rng.uniform(2, 8))
    else:
        return
    heapq.heappush(events, (at + delay, n, step, story))


def _schedule_interviews(story: Story, at: datetime, recruiter) -> None:
    """One interview per stage of the plan, a day after the accept, two hours apart; a clash with
    an interviewer's other interview moves it an hour later (the double-booking rule)."""
    app = story.application
    start = (at + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    for stage in app.requisition.stages.order_by("order"):
        for _attempt in range(72):
            try:
                interview = interview_schedule(
                    application=app,
                    stage=stage,
                    slot=Slot(starts_at=start, location="Berlin office"),
                    by=recruiter,
                )
            except ValidationError:
                start += timedelta(hours=1)
                continue
            story.interviews.append(interview)
            start += timedelta(hours=2)
            break


def _hold_interviews(story: Story, at: datetime, clock: Clock, recruiter) -> None:
    """Hold the interviews that ended before `at`; each interviewer scores a few hours later."""
    for interview in story.interviews:
        if interview.ends_at > at or interview.status != Interview.Status.SCHEDULED:
            continue
        clock.now = interview.ends_at
        interview = interview_complete(interview=interview, by=recruiter)
        criteria = criteria_in_focus(interview)
        for user in interview.interviewers.all():
            clock.now = min(at, interview.ends_at + _hours(story.rng, 20))
            scorecard_submit(
                interview=interview,
                by=user,
                recommendation=story.rng.choice(["yes", "yes", "strong_yes", "no"]),
                notes="Examples for each focus area.",
                ratings={
                    c.pk: {"rating": story.rng.choice([2, 3, 3, 4]), "evidence": "Discussed."}
                    for c in criteria
                },
            )
    clock.now = at


def _take(
    story: Story,
    step: str,
    at,
    events,
    n,
    *,
    clock: Clock,
    recruiter,
    manager,
    people,
    reasons,
    hours,
    accept,
    review_h,
) -> None:
    app = story.application
    move, _, reason_key = step.partition(":")
    app.requisition.refresh_from_db(fields=["status"])
    if app.requisition.status != Requisition.Status.OPEN and move not in ("reject", "withdraw"):
        move, reason_key = "reject", "closed"  # the search ended before this step
    if move == "shortlist":
        _screen(app, recruiter, story.rng)
    if app.state == Application.State.INTERVIEWING:
        _hold_interviews(story, at, clock, recruiter)
    by = manager if move in ("accept", "decline") else recruiter
    reason = reasons[reason_key] if reason_key else None
    if move == "decline":
        reason = reasons[story.rng.choice(["we_declined", "experience"])]
    app = application_move(
        application=app,
        transition=move,
        by=by,
        reason=reason,
        feedback="Not what the team needs right now." if move == "decline" else "",
        note="See the screening." if reason_key == "other" else "",
    )
    story.application = app
    if app.state == Application.State.INTERVIEWING:
        _schedule_interviews(story, at, recruiter)
    _plan(story, app.state, at, events, n, accept, review_h)


def _bounce_some(requisition: Requisition, now: datetime) -> None:
    """Mark the latest emails of a few active candidates as bounced, as an ESP would report."""
    from candidates.models import JournalEntry

    entries = JournalEntry.objects.filter(
        requisition=requisition, kind=JournalEntry.Kind.EMAIL, message__isnull=False
    ).select_related("message")
    active = Application.objects.filter(
        requisition=requisition, state__in=["applied", "screening"]
    ).values_list("candidate_id", flat=True)
    for entry in entries.filter(candidate_id__in=list(active)).order_by("created_at")[:BOUNCES]:
        message_track(
            event=AnymailTrackingEvent(
                event_type="bounced",
                timestamp=now,
                metadata={METADATA_KEY: str(entry.message_id)},
                description="550 5.1.1 mailbox unavailable",
            ),
            esp_name="demo",
        )
