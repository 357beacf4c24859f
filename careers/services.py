"""The only writers of the careers site: applying, surveys, consent, erasure and retention.

`careers` is the top app: it may call every service below it (candidates, workflows,
notifications), in the caller's one transaction.
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from ats.people import person_name
from ats.personal import personal_data_erase
from ats.rules import may
from candidates.models import Candidate, JournalEntry
from candidates.resumes import check_resume
from candidates.services import (
    DuplicateCandidate,
    candidate_anonymise,
    candidate_create,
    candidate_update,
)
from careers.export import candidate_data
from careers.models import ErasureRecord, KnockoutAnswer, SubmittedResume, Survey
from careers.selectors import retention_candidates, retention_due
from notifications.services import messages_redact
from requisitions.models import DUTY_DEFAULT_HOURS, Duty, KnockoutQuestion, Requisition
from requisitions.selectors import agreed_hours
from workflows.applications.services import AlreadyInPipeline, application_create, application_move
from workflows.duties.messaging import absolute_url, candidate_message_queue
from workflows.models import (
    Application,
    DispositionReason,
    Interview,
    RejectionNotice,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

REDACTED = "[redacted]"

# --- applying -----------------------------------------------------------------------------------


class AlreadyApplied(Exception):
    """This person (same email, any case) has applied to this requisition before."""

    def __init__(self, application: Application):
        super().__init__("You have already applied for this role.")
        self.application = application


def _duration(hours: int) -> str:
    if hours % 24 == 0:
        days = hours // 24
        return "1 day" if days == 1 else f"{days} days"
    return "1 hour" if hours == 1 else f"{hours} hours"


def next_steps(requisition: Requisition, *, now: datetime | None = None) -> dict[str, str]:
    """What happens after applying, from the SLAs agreed at intake (Tandem's defaults if none):
    the recruiter reviews within the first-screening time, and the candidate hears from us at
    the latest after the candidate-update cadence."""
    now = now or timezone.now()
    hours: dict[str, int] = {
        **{duty: DUTY_DEFAULT_HOURS[duty] for duty in Duty},
        **agreed_hours(requisition),
    }
    review, update = hours[Duty.FIRST_SCREENING], hours[Duty.CANDIDATE_UPDATE]
    hear_back = timezone.localtime(now + timedelta(hours=max(review, update)))
    return {
        "review_within": _duration(review),
        "hear_back_by": date_format(hear_back, "l j F Y"),
    }


def knockout_reason(question: KnockoutQuestion) -> DispositionReason:
    """The system disposition for failing `question`: group Knock-out, labelled with the
    question (shown "Knock-out: <question>"; created the first time it is needed)."""
    label = question.prompt[:150]
    reason, _ = DispositionReason.objects.get_or_create(
        group=DispositionReason.Group.KNOCK_OUT,
        label=label,
        defaults={"is_system": True, "active": True},
    )
    if not (reason.is_system and reason.active):
        reason.is_system, reason.active = True, True
        reason.save(update_fields=["is_system", "active"])
    return reason


def _answer_text(question: KnockoutQuestion, answer: Any) -> str:
    if question.kind == KnockoutQuestion.Kind.YES_NO:
        return "yes" if answer else "no"
    if isinstance(answer, Decimal):
        text = f"{answer:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(answer or "").strip()


def _check_answers(
    questions: Sequence[KnockoutQuestion], answers: Mapping[int, Any]
) -> dict[str, str]:
    """Errors (keyed q<id>) for missing answers and answers outside a question's choices."""
    errors = {}
    for question in questions:
        answer = answers.get(question.pk)
        if answer is None or answer == "":
            errors[f"q{question.pk}"] = "Answer this question."
        elif question.kind == KnockoutQuestion.Kind.YES_NO and not isinstance(answer, bool):
            errors[f"q{question.pk}"] = "Answer yes or no."
        elif question.kind == KnockoutQuestion.Kind.NUMBER and not isinstance(answer, Decimal):
            errors[f"q{question.pk}"] = "Enter a number."
        elif question.kind == KnockoutQuestion.Kind.CHOICE and answer not in question.options:
            errors[f"q{question.pk}"] = "Choose one of the options."
    return errors


@transaction.atomic
def application_submit(
    *,
    requisition: Requisition,
    first_name: str,
    last_name: str,
    email: str,
    resume: UploadedFile,
    answers: Mapping[int, Any],
    phone: str = "",
    links: Sequence[str] = (),
    talent_pool_consent: bool = False,
) -> Application:
    """A candidate applies on the careers site; returns the application.

    The candidate is matched by email (any case) or created (source: career site). Applying to
    the same requisition twice raises AlreadyApplied and writes nothing. Every application
    question must be answered (ValidationError keyed q<question id> otherwise). The
    "application received" email is queued in this transaction. An answer that fails a
    knock-out still creates the application, which is then rejected at once by Tandem with the
    system reason "Knock-out: <question>" (the polite rejection follows, delayed, from the
    rejection milestone); the candidate is told nothing different.

    Someone already in the database keeps their profile (`_known_applicant_update`); ticking the
    talent-pool box is journalled for the recruiter to confirm, never recorded as consent.
    """
    if requisition.status != Requisition.Status.OPEN or not requisition.published:
        raise ValidationError("This job is no longer open for applications.")
    questions = list(requisition.knockout_questions.all())
    if errors := _check_answers(questions, answers):
        raise ValidationError(errors)
    candidate, later_resume, asked_for_pool = _applicant_for(
        requisition,
        first_name=first_name,
        last_name=last_name,
        email=email.strip(),
        resume=resume,
        phone=phone,
        links=links,
        talent_pool_consent=talent_pool_consent,
    )
    try:
        application = application_create(
            candidate=candidate,
            requisition=requisition,
            by=None,
            source=Candidate.Source.CAREER_SITE,
        )
    except AlreadyInPipeline as clash:
        raise AlreadyApplied(clash.application) from None
    _later_resume_keep(application, later_resume)
    if asked_for_pool:
        _pool_request_journal(application)
    failed = _knockout_answers_record(application, questions, answers)
    candidate_message_queue(
        application=application,
        template_key="application_received",
        occasion="received",
        context=next_steps(requisition),
    )
    return _knockout_reject(application, failed)


def _applicant_for(
    requisition: Requisition,
    *,
    first_name: str,
    last_name: str,
    email: str,
    resume: UploadedFile,
    phone: str,
    links: Sequence[str],
    talent_pool_consent: bool,
) -> tuple[Candidate, UploadedFile | None, bool]:
    """The candidate who applies (matched by email, else created), the resume to keep with the
    application (when the profile keeps its own), and whether they asked to join the pool."""
    candidate = Candidate.objects.select_for_update().filter(email__iexact=email).first()
    if candidate is None:
        created = _new_applicant_create(
            first_name=first_name,
            last_name=last_name,
            email=email,
            resume=resume,
            phone=phone,
            links=links,
            talent_pool_consent=talent_pool_consent,
        )
        return created, None, False
    existing = Application.objects.filter(candidate=candidate, requisition=requisition)
    if existing.exists():
        raise AlreadyApplied(existing.get())
    candidate, later_resume = _known_applicant_update(
        candidate, resume=resume, phone=phone, links=links
    )
    return candidate, later_resume, talent_pool_consent and not candidate.talent_pool_consent


def _pool_request_journal(application: Application) -> None:
    JournalEntry.objects.create(
        candidate=application.candidate,
        requisition=application.requisition,
        kind=JournalEntry.Kind.SYSTEM,
        summary=(
            "Asked on the application form to join the talent pool; "
            "not recorded as consent until confirmed with the candidate"
        ),
    )


def _known_applicant_update(
    candidate: Candidate, *, resume: UploadedFile, phone: str, links: Sequence[str]
) -> tuple[Candidate, UploadedFile | None]:
    """Anyone can type an email address: the public form fills only what the profile lacks and
    never replaces its resume, its consent or anything else already there. Returns the
    candidate and the resume to keep with the application when the profile has one already."""
    blanks = {
        name: value
        for name, value in {"phone": phone.strip(), "links": list(links)}.items()
        if value and not getattr(candidate, name)
    }
    keep_resume = bool(candidate.resume)
    candidate = candidate_update(
        candidate=candidate, by=None, resume=None if keep_resume else resume, **blanks
    )
    if not keep_resume:
        return candidate, None
    check_resume(resume)  # the form checked it too: services never trust callers
    resume.seek(0)
    return candidate, resume


def _new_applicant_create(
    *,
    first_name: str,
    last_name: str,
    email: str,
    resume: UploadedFile,
    phone: str,
    links: Sequence[str],
    talent_pool_consent: bool,
) -> Candidate:
    try:
        return candidate_create(
            by=None,
            resume=resume,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=email,
            phone=phone.strip(),
            links=list(links),
            source=Candidate.Source.CAREER_SITE,
            talent_pool_consent=talent_pool_consent,
        )
    except DuplicateCandidate:  # someone with this email applied in the same instant
        raise ValidationError("Please send the form again.") from None


def _later_resume_keep(application: Application, resume: UploadedFile | None) -> None:
    """A resume sent by someone whose profile has one: kept with the application, journalled
    for the recruiter to decide."""
    if resume is None:
        return
    submitted = SubmittedResume.objects.create(
        application=application,
        file=resume,
        filename=PurePath(resume.name or "resume").name[:255],
    )
    JournalEntry.objects.create(
        candidate=application.candidate,
        requisition=application.requisition,
        kind=JournalEntry.Kind.SYSTEM,
        summary=(
            "A new resume was submitted with this application; the profile keeps the earlier one"
        ),
        body=f"{submitted.filename}: {reverse('careers:submitted-resume', args=[application.pk])}",
    )


def _knockout_answers_record(
    application: Application, questions: list[KnockoutQuestion], answers: Mapping[int, Any]
) -> list[tuple[KnockoutQuestion, Any]]:
    """Keep each answer with whether it met the requirement; returns the failed ones."""
    failed = []
    for question in questions:
        answer = answers[question.pk]
        passed = question.passes(answer)
        KnockoutAnswer.objects.create(
            application=application,
            question=question,
            prompt=question.prompt,
            answer=_answer_text(question, answer)[:1000],
            passed=passed,
        )
        if not passed:
            failed.append((question, answer))
    return failed


def _knockout_reject(
    application: Application, failed: list[tuple[KnockoutQuestion, Any]]
) -> Application:
    """Tandem rejects the application with the system reason of the first failed knock-out
    (none failed: the application as it is)."""
    if not failed:
        return application
    note = "; ".join(
        f"“{q.prompt}” answered “{_answer_text(q, a)}” ({q.requirement})" for q, a in failed
    )
    return application_move(
        application=application,
        transition="reject",
        by=None,
        reason=knockout_reason(failed[0][0]),
        note=f"Knock-out on the application form: {note}"[:2000],
    )


# --- candidate surveys ----------------------------------------------------------------------

SURVEY_SALT = "tandem.careers.survey"


def survey_link_token(survey: Survey) -> str:
    """The signed token in the survey's link (a forged or altered one does not load)."""
    return signing.dumps(survey.token.hex, salt=SURVEY_SALT)


def survey_for_token(token: str) -> Survey | None:
    """The survey a link's token names, or None when the token is forged or unknown, or the
    candidate's data was erased."""
    try:
        raw = signing.loads(token, salt=SURVEY_SALT)
        survey_token = uuid.UUID(hex=str(raw))
    except (signing.BadSignature, ValueError):
        return None
    return (
        Survey.objects.select_related("application__requisition", "application__candidate")
        .filter(token=survey_token, application__candidate__erasure__isnull=True)
        .first()
    )


def survey_state(survey: Survey, *, now: datetime | None = None) -> str:
    """ "open", "answered" or "expired"."""
    if survey.answered_at:
        return "answered"
    if survey.expires_at <= (now or timezone.now()):
        return "expired"
    return "open"


class SurveyClosed(Exception):
    """The survey was answered already, or its link expired; `state` says which."""

    def __init__(self, state: str):
        super().__init__(f"This survey is {state}.")
        self.state = state


@transaction.atomic
def survey_send(*, application: Application, occasion: str) -> Survey | None:
    """Create the candidate's survey for `occasion` and email its link (`candidate_survey`).

    Idempotent per (application, occasion): calling it again (a retried task, a second
    follow-up for the same interview) returns the same survey and sends nothing more. Call it
    inside the transaction of the event (e.g. the interview follow-up) with an occasion naming
    it, e.g. f"interview:{interview.pk}". Returns None for an erased candidate.
    """
    if ErasureRecord.objects.filter(candidate_id=application.candidate_id).exists():
        return None
    now = timezone.now()
    survey, _created = Survey.objects.get_or_create(
        application=application,
        occasion=occasion,
        defaults={"expires_at": now + timedelta(days=settings.TANDEM_SURVEY_VALID_DAYS)},
    )
    if survey.sent_at is None:
        message = candidate_message_queue(
            application=application,
            template_key="candidate_survey",
            occasion=f"survey:{occasion}",
            context={"survey_url": absolute_url("careers:survey", survey_link_token(survey))},
        )
        if message is not None:
            survey.sent_at = now
            survey.save(update_fields=["sent_at"])
    return survey


SURVEY_LOOKBACK = timedelta(days=2)
SURVEY_OCCASION = "interviews"


def interview_surveys_send(*, limit: int = 200) -> int:
    """Send the candidate survey once their first interview has been held (beat, every minute).

    The interview follow-up milestone: one survey per application ("interviews"), however many
    interviews follow, so candidates are asked once. Looks only at interviews held in the last
    two days (indexed), so its cost follows what is due; survey_send is idempotent per occasion.
    """
    since = timezone.now() - SURVEY_LOOKBACK
    pending = list(
        Interview.objects.filter(status=Interview.Status.COMPLETED, completed_at__gte=since)
        .exclude(application__surveys__occasion=SURVEY_OCCASION)
        .values_list("application_id", flat=True)
        .distinct()[:limit]
    )
    sent = 0
    for application_id in pending:
        with transaction.atomic():
            application = (
                Application.objects.select_for_update(skip_locked=True)
                .select_related("candidate", "requisition")
                .filter(pk=application_id)
                .first()
            )
            if application is not None and survey_send(
                application=application, occasion=SURVEY_OCCASION
            ):
                sent += 1
    return sent


def _rating(value: Any, low: int, high: int, field: str, errors: dict) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[field] = f"Choose a number from {low} to {high}."
        return None
    if not low <= number <= high:
        errors[field] = f"Choose a number from {low} to {high}."
        return None
    return number


@transaction.atomic
def survey_answer(
    *,
    survey: Survey,
    nps: Any,
    recruiter_rating: Any,
    interviewers_rating: Any,
    comment: str = "",
) -> Survey:
    """Store the candidate's answers once, and journal them on their profile.

    SurveyClosed when already answered or expired; ValidationError (keyed by field) for a
    rating out of range.
    """
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    state = survey_state(locked)
    if state != "open":
        raise SurveyClosed(state)
    errors: dict[str, str] = {}
    nps = _rating(nps, 0, 10, "nps", errors)
    recruiter_rating = _rating(recruiter_rating, 1, 5, "recruiter_rating", errors)
    interviewers_rating = _rating(interviewers_rating, 1, 5, "interviewers_rating", errors)
    comment = (comment or "").strip()
    if len(comment) > 4000:
        errors["comment"] = "Keep the comment under 4000 characters."
    if errors:
        raise ValidationError(errors)
    locked.nps, locked.recruiter_rating = nps, recruiter_rating
    locked.interviewers_rating, locked.comment = interviewers_rating, comment
    locked.answered_at = timezone.now()
    locked.save()
    application = Application.objects.select_related("candidate", "requisition").get(
        pk=locked.application_id
    )
    JournalEntry.objects.create(
        candidate=application.candidate,
        requisition=application.requisition,
        kind=JournalEntry.Kind.SURVEY,
        actor=None,
        summary=(
            f"Survey answered: would recommend {nps}/10, recruiter's communication "
            f"{recruiter_rating}/5, interviewers {interviewers_rating}/5"
        ),
        body=comment,
    )
    return locked


# --- consent ------------------------------------------------------------------------------------


@transaction.atomic
def consent_withdraw(*, candidate: Candidate) -> bool:
    """The candidate withdraws their talent-pool consent (the link in every email).

    Returns False when there was none to withdraw (nothing is written then).
    """
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if not locked.talent_pool_consent or hasattr(locked, "erasure"):
        return False
    candidate_update(candidate=locked, by=None, talent_pool_consent=False)
    JournalEntry.objects.create(
        candidate=locked,
        kind=JournalEntry.Kind.SYSTEM,
        summary="The candidate withdrew their consent to stay in the talent pool (email link)",
    )
    return True


# --- erasure and export -------------------------------------------------------------------------


def may_manage_personal_data(user: User) -> bool:
    """Recruiters and admins export and erase a candidate's data."""
    return may(user, "candidates.manage_personal_data")


def _submitted_resumes_delete(applications: QuerySet[Application]) -> int:
    """Resumes sent with later applications (see application_submit): the rows now, the files
    after commit."""
    submitted = SubmittedResume.objects.filter(application__in=applications)
    files = [name for name in submitted.values_list("file", flat=True) if name]
    deleted = submitted.delete()[0]
    if files:
        storage = SubmittedResume._meta.get_field("file").storage

        def delete_files() -> None:
            for name in files:
                storage.delete(name)

        transaction.on_commit(delete_files)
    return deleted


@transaction.atomic
def candidate_erase(
    *, candidate: Candidate, by: User | None, reason: str, category: str = ""
) -> ErasureRecord:
    """Erase a candidate's personal data, keep what statistics need, and record it.

    Blanks the profile and deletes the resume file (candidates.services.candidate_anonymise),
    erases every field declared personal on the models about them (`personal_data` and
    `personal_data_owner`, ats/personal.py) and every email to them
    (notifications.services.messages_redact). States, dates, ratings and reasons stay.
    Writes an ErasureRecord and a journal entry, neither holding personal data.
    `by` is None for the retention sweep.
    """
    if by is not None and not may_manage_personal_data(by):
        raise PermissionDenied("Only recruiters and admins erase a candidate's data.")
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if ErasureRecord.objects.filter(candidate=locked).exists():
        raise ValidationError("This candidate's personal data was erased already.")
    counts = candidate_anonymise(candidate=locked)
    applications = Application.objects.filter(candidate=locked)
    counts["submitted_resumes"] = _submitted_resumes_delete(applications)
    # Every other field declared personal on a model about the candidate (ats/personal.py):
    # free text of applications, moves, screenings, answers, interviews, scorecards, offers,
    # duties and surveys. States, dates, ratings and reasons stay for statistics.
    counts.update(personal_data_erase(locked.pk))
    # Nothing more is sent to an erased person: rejection emails still waiting are cancelled.
    # (Scheduled interviews stay: interview_cancel emails the candidate and it
    # has no quiet path; the erased profile has no address left to send to.)
    counts["rejection_notices"] = RejectionNotice.objects.filter(
        application__in=applications, sent_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=timezone.now())
    counts["messages"] = messages_redact(candidate_id=locked.pk)
    record = ErasureRecord.objects.create(
        candidate=locked,
        reason=reason,
        category=category,
        by=by,
        counts=counts,
        erased_at=timezone.now(),
    )
    why = (
        "on request"
        if reason == ErasureRecord.Reason.REQUEST
        else f"the retention period ended ({category.replace('_', ' ')})"
    )
    JournalEntry.objects.create(
        candidate=locked,
        kind=JournalEntry.Kind.SYSTEM,
        actor=by,
        summary=f"Personal data erased: {why} (erasure #{record.pk})",
    )
    return record


@transaction.atomic
def candidate_export(*, candidate: Candidate, by: User) -> tuple[str, bytes]:
    """A zip of everything Tandem holds about `candidate`: candidate.json and the resume file.

    Journals that the data was exported (and by whom). Returns (filename, bytes).
    """
    if not may_manage_personal_data(by):
        raise PermissionDenied("Only recruiters and admins export a candidate's data.")
    data = candidate_data(candidate)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "candidate.json", json.dumps(data, indent=2, ensure_ascii=False, default=str)
        )
        if candidate.resume:
            try:
                with candidate.resume.open("rb") as handle:
                    name = PurePath(
                        candidate.resume_filename or candidate.resume.name or "resume"
                    ).name
                    archive.writestr(f"resume/{name}", handle.read())
            except FileNotFoundError:
                pass
        submitted = SubmittedResume.objects.filter(application__candidate=candidate)
        for later in submitted.order_by("created_at", "pk"):
            try:
                with later.file.open("rb") as handle:
                    name = PurePath(later.filename or later.file.name or "resume").name
                    archive.writestr(
                        f"resume/application-{later.application_id}/{name}", handle.read()
                    )
            except FileNotFoundError:
                pass
    JournalEntry.objects.create(
        candidate=candidate,
        kind=JournalEntry.Kind.SYSTEM,
        actor=by,
        summary=f"Personal data exported by {person_name(by, nobody='Tandem')}",
    )
    return f"candidate-{candidate.pk}-data.zip", buffer.getvalue()


# --- retention ----------------------------------------------------------------------------------

RETENTION_BATCH = 200


@transaction.atomic
def retention_erase_one(*, candidate_id: int, category: str, now: datetime) -> bool:
    """Erase one candidate whose retention ended, unless someone else holds them or they are no
    longer due (they applied again meanwhile). True when erased."""
    locked = Candidate.objects.select_for_update(skip_locked=True).filter(pk=candidate_id).first()
    if locked is None:
        return False
    if not retention_due(now=now, categories=[category]).filter(pk=candidate_id).exists():
        return False
    candidate_erase(
        candidate=locked, by=None, reason=ErasureRecord.Reason.RETENTION, category=category
    )
    return True


def retention_sweep(*, limit: int = RETENTION_BATCH) -> int:
    """Anonymise candidates whose retention period ended (settings.TANDEM_RETENTION_DAYS), one
    transaction each so one failure does not hold back the rest. Idempotent: an erased
    candidate is never due again. Returns how many were erased."""
    now = timezone.now()
    erased = 0
    for candidate_id, category in retention_candidates(now=now, limit=limit):
        if retention_erase_one(candidate_id=candidate_id, category=category, now=now):
            erased += 1
    return erased
