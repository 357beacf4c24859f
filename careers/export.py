"""Everything Tandem holds about one candidate, as plain data (the GDPR export, candidate.json)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from ats.personal import personal_data_of
from candidates.models import Candidate
from candidates.services import PROFILE_FIELDS
from careers.models import KnockoutAnswer, Survey
from notifications.models import OutboundMessage
from workflows.models import Application, ApplicationTransition, ScreeningAnswer

FORMAT_VERSION = 1


def _application(application: Application) -> dict[str, Any]:
    screening = getattr(application, "screening", None)
    return {
        "requisition": application.requisition.title,
        "state": application.state,
        "source": application.source,
        "applied_at": application.created_at,
        "state_changed_at": application.state_changed_at,
        "disposition_reason": str(application.disposition_reason or ""),
        "disposition_note": application.disposition_note,
        "hiring_manager_feedback": application.decline_feedback,
        "moves": [
            {
                "move": move.transition,
                "from": move.from_state,
                "to": move.to_state,
                "at": move.created_at,
                "by": move.by_label,
                "reason": str(move.reason or ""),
                "note": move.note,
            }
            for move in application.transitions.all()
        ],
        "application_answers": [
            {"question": answer.prompt, "answer": answer.answer, "met_requirement": answer.passed}
            for answer in application.knockout_answers.all()
        ],
        "screening": (
            {
                "summary": screening.summary,
                "rating": screening.rating,
                "completed_at": screening.completed_at,
                "answers": [
                    {"question": a.question.text, "rating": a.rating, "text": a.text}
                    for a in screening.answers.all()
                ],
            }
            if screening
            else None
        ),
        "submitted_resume": (
            submitted.filename
            if (submitted := getattr(application, "submitted_resume", None))
            else ""
        ),
        "surveys": [
            {
                "occasion": survey.occasion,
                "sent_at": survey.sent_at,
                "answered_at": survey.answered_at,
                "would_recommend": survey.nps,
                "recruiter_communication": survey.recruiter_rating,
                "interviewers": survey.interviewers_rating,
                "comment": survey.comment,
            }
            for survey in application.surveys.all()
        ],
    }


def _journal(candidate: Candidate) -> list[dict[str, Any]]:
    journal = candidate.journal.select_related("actor", "requisition").order_by("created_at", "id")
    return [
        {
            "at": entry.created_at,
            "kind": entry.kind,
            "by": entry.actor_label,
            "requisition": entry.requisition.title if entry.requisition else "",
            "summary": entry.summary,
            "body": entry.body,
        }
        for entry in journal
    ]


def _emails(candidate: Candidate) -> list[dict[str, Any]]:
    messages = OutboundMessage.objects.filter(concerns_candidate=candidate.pk).order_by("queued_at")
    return [
        {
            "to": message.to_address,
            "subject": message.subject,
            "text": message.text_body,
            "status": message.status,
            "queued_at": message.queued_at,
            "sent_at": message.sent_at,
        }
        for message in messages
    ]


def candidate_data(candidate: Candidate) -> dict[str, Any]:
    """The candidate's profile, applications (moves, answers, screening, surveys), journal and
    every email sent to them."""
    applications = (
        Application.objects.filter(candidate=candidate)
        .select_related("requisition", "disposition_reason", "screening", "submitted_resume")
        .prefetch_related(
            Prefetch(
                "transitions",
                queryset=ApplicationTransition.objects.select_related("by", "reason"),
            ),
            Prefetch(
                "screening__answers", queryset=ScreeningAnswer.objects.select_related("question")
            ),
            Prefetch("knockout_answers", queryset=KnockoutAnswer.objects.order_by("id")),
            Prefetch("surveys", queryset=Survey.objects.order_by("created_at")),
        )
        .order_by("created_at")
    )
    profile = {name: getattr(candidate, name) for name in PROFILE_FIELDS}
    profile.update(
        {
            "source": candidate.get_source_display(),
            "resume_filename": candidate.resume_filename,
            "resume_text": candidate.resume_text,
            "created_at": candidate.created_at,
            "updated_at": candidate.updated_at,
        }
    )
    return {
        "format": "tandem-candidate-export",
        "version": FORMAT_VERSION,
        "candidate_id": candidate.pk,
        "profile": profile,
        "applications": [_application(application) for application in applications],
        "journal": _journal(candidate),
        # Every field declared personal on a model about the candidate (ats/personal.py), by
        # model: what interviewers, recruiters and the candidate wrote, whichever page shows it.
        "records": personal_data_of(candidate.pk),
        "emails": _emails(candidate),
    }
