"""Privacy: withdrawing consent, export, erasure on request and the retention sweep."""

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from candidates.models import Candidate, JournalEntry
from candidates.services import journal_note_add
from careers.consent import consent_withdraw_token
from careers.models import ErasureRecord, SubmittedResume
from careers.services import (
    retention_sweep,
    survey_answer,
    survey_for_token,
    survey_link_token,
    survey_send,
)
from careers.tasks import sweep_retention
from tests.careers.conftest import apply_data, resume
from tests.factories import CandidateFactory, KnockoutQuestionFactory, open_requisition
from workflows.applications.services import application_move
from workflows.models import Application, DispositionReason, RejectionNotice

pytestmark = pytest.mark.django_db

# Marks of personal data that must be gone after an erasure, wherever they were written.
MARKS = ["Zephyrine", "Quillfeather", "zq-erase@example.org", "+49 555 0199", "zq-portfolio"]


@pytest.fixture
def applicant(client, job, recruiter):
    """A candidate who applied with a resume, answered a free-text question, got emails, a note,
    was rejected with a note, and answered a survey: personal data in every corner."""
    question = KnockoutQuestionFactory(
        requisition=job, kind="text", required_answer=None, prompt="Proudest project?"
    )
    response = client.post(
        f"/jobs/{job.slug}/apply/",
        apply_data(
            first_name="Zephyrine",
            last_name="Quillfeather",
            email="zq-erase@example.org",
            phone="+49 555 0199",
            links="https://zq-portfolio.example.org",
            resume=resume(
                "zephyrine.txt", b"Zephyrine Quillfeather resume: zq-portfolio and compilers"
            ),
            talent_pool_consent="on",
            **{f"q{question.pk}": "Zephyrine's compiler for zq-portfolio"},
        ),
    )
    assert response.status_code == 302
    candidate = Candidate.objects.get(email="zq-erase@example.org")
    journal_note_add(candidate=candidate, by=recruiter, text="Called Zephyrine Quillfeather")
    application = Application.objects.get(candidate=candidate)
    survey = survey_send(application=application, occasion="interview:1")
    survey_answer(
        survey=survey,
        nps=8,
        recruiter_rating=4,
        interviewers_rating=5,
        comment="Zephyrine enjoyed it",
    )
    reason = DispositionReason.objects.filter(group="we_declined").first()
    application_move(
        application=application,
        transition="reject",
        by=recruiter,
        reason=reason,
        note="Zephyrine Quillfeather lacks Go",
    )
    candidate.refresh_from_db()
    return candidate


def _database_text() -> str:
    out = io.StringIO()
    # Every app that may hold a candidate's data (not the test-only models other tests define).
    call_command(
        "dumpdata",
        "candidates",
        "careers",
        "workflows",
        "requisitions",
        "notifications",
        "django_celery_beat",
        "auth.user",
        stdout=out,
    )
    return out.getvalue()


# --- consent ----------------------------------------------------------------------------------


def test_the_consent_link_asks_then_withdraws_on_post(client, applicant):
    url = f"/privacy/consent/{consent_withdraw_token(applicant.pk)}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Leave our talent pool?" in page.content.decode()
    applicant.refresh_from_db()
    assert applicant.talent_pool_consent is True  # a GET changes nothing
    done = client.post(url)
    assert "Your consent is withdrawn" in done.content.decode()
    applicant.refresh_from_db()
    assert applicant.talent_pool_consent is False
    assert JournalEntry.objects.filter(
        candidate=applicant, summary__contains="withdrew their consent"
    ).exists()
    assert "You are not in our talent pool" in client.get(url).content.decode()


def test_a_forged_consent_link_is_a_polite_404(client, applicant):
    token = consent_withdraw_token(applicant.pk)
    response = client.post(f"/privacy/consent/{token[:-2]}xx/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.talent_pool_consent is True


def test_every_candidate_email_carries_the_withdraw_link(applicant):
    from notifications.models import OutboundMessage

    link = f"/privacy/consent/{consent_withdraw_token(applicant.pk)}/"
    bodies = OutboundMessage.objects.filter(concerns_candidate=applicant.pk)
    assert bodies.count() >= 2
    assert all(link in message.text_body and link in message.html_body for message in bodies)


# --- export -----------------------------------------------------------------------------------


def test_a_recruiter_exports_everything_about_a_candidate(client_for, recruiter, applicant):
    response = client_for(recruiter).post(f"/candidates/{applicant.pk}/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert set(archive.namelist()) == {"candidate.json", "resume/zephyrine.txt"}
    assert b"Zephyrine Quillfeather resume" in archive.read("resume/zephyrine.txt")
    data = json.loads(archive.read("candidate.json"))
    profile = data["profile"]
    assert (profile["first_name"], profile["email"], profile["phone"]) == (
        "Zephyrine",
        "zq-erase@example.org",
        "+49 555 0199",
    )
    assert profile["links"] == ["https://zq-portfolio.example.org"]
    assert profile["talent_pool_consent"] is True
    [application] = data["applications"]
    assert application["state"] == "rejected"
    assert application["disposition_note"] == "Zephyrine Quillfeather lacks Go"
    assert application["application_answers"][0]["answer"].startswith("Zephyrine's compiler")
    assert application["surveys"][0]["comment"] == "Zephyrine enjoyed it"
    assert [m["to"] for m in data["emails"]] == ["zq-erase@example.org"] * len(data["emails"])
    assert any("Called Zephyrine" in entry["summary"] + entry["body"] for entry in data["journal"])
    assert JournalEntry.objects.filter(
        candidate=applicant, summary__startswith="Personal data exported by Rita"
    ).exists()


def test_only_recruiters_and_admins_export_and_erase(
    client_for, hiring_manager, admin_user, applicant
):
    client = client_for(hiring_manager)
    assert client.post(f"/candidates/{applicant.pk}/export/").status_code == 404
    assert client.get(f"/candidates/{applicant.pk}/erase/").status_code == 404
    assert client.post(f"/candidates/{applicant.pk}/erase/", {"confirm": "on"}).status_code == 404
    assert not ErasureRecord.objects.exists()
    admin = client_for(admin_user)
    assert admin.post(f"/candidates/{applicant.pk}/export/").status_code == 200
    assert admin.get(f"/candidates/{applicant.pk}/export/").status_code == 405


# --- erasure ----------------------------------------------------------------------------------


def test_erasure_needs_a_confirmation_and_a_post(client_for, recruiter, applicant):
    client = client_for(recruiter)
    page = client.get(f"/candidates/{applicant.pk}/erase/")
    assert page.status_code == 200
    assert "cannot be undone" in page.content.decode()
    response = client.post(f"/candidates/{applicant.pk}/erase/", {})
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    assert not ErasureRecord.objects.exists()
    applicant.refresh_from_db()
    assert applicant.first_name == "Zephyrine"


def test_an_erased_candidate_leaves_no_personal_data_in_the_database_or_on_disk(
    client_for, recruiter, applicant, django_capture_on_commit_callbacks
):
    resume_path = Path(applicant.resume.path)
    assert resume_path.exists()
    before = _database_text()
    assert all(mark in before for mark in MARKS)

    client = client_for(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/candidates/{applicant.pk}/erase/", {"confirm": "on"})
    assert response.status_code == 302

    after = _database_text()
    for mark in MARKS:
        assert mark not in after, mark
    assert "Zephyrine".lower() not in after.lower()
    assert not resume_path.exists()

    record = ErasureRecord.objects.get()
    assert (record.candidate, record.reason, record.by) == (applicant, "request", recruiter)
    entry = JournalEntry.objects.filter(candidate=applicant).first()
    assert entry.summary == f"Personal data erased: on request (erasure #{record.pk})"
    assert entry.actor == recruiter
    # Statistics are kept: the application, its state and reason, the survey's ratings.
    application = Application.objects.get(candidate=applicant)
    assert application.state == "rejected" and application.disposition_reason is not None
    assert application.surveys.get().nps == 8
    # Erasing again is refused plainly.
    again = client.post(f"/candidates/{applicant.pk}/erase/", {"confirm": "on"})
    assert again.status_code == 400
    assert ErasureRecord.objects.count() == 1


def test_erasure_cancels_the_rejection_email_still_waiting(client_for, recruiter, applicant):
    notice = RejectionNotice.objects.get(application__candidate=applicant)
    assert notice.sent_at is None and notice.cancelled_at is None
    response = client_for(recruiter).post(f"/candidates/{applicant.pk}/erase/", {"confirm": "on"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.cancelled_at is not None and notice.sent_at is None
    assert ErasureRecord.objects.get().counts["rejection_notices"] == 1


def test_an_erased_candidates_survey_link_is_a_polite_404(client, client_for, recruiter, applicant):
    application = Application.objects.get(candidate=applicant)
    survey = survey_send(application=application, occasion="interview:2")
    url = f"/survey/{survey_link_token(survey)}/"
    assert client.get(url).status_code == 200
    client_for(recruiter).post(f"/candidates/{applicant.pk}/erase/", {"confirm": "on"})
    response = client.get(url)
    assert response.status_code == 404
    assert "We could not find this survey" in response.content.decode()
    assert survey_for_token(survey_link_token(survey)) is None


def test_a_resume_sent_with_a_later_application_is_exported_and_erased(
    client, client_for, recruiter, hiring_manager, applicant, django_capture_on_commit_callbacks
):
    second = open_requisition(
        title="Data Engineer",
        slug="data-engineer",
        recruiter=recruiter,
        hiring_manager=hiring_manager,
    )
    response = client.post(
        f"/jobs/{second.slug}/apply/",
        apply_data(
            email="zq-erase@example.org",
            resume=resume("zq-new.txt", b"Zephyrine Quillfeather, newer resume"),
        ),
    )
    assert response.status_code == 302
    submitted = SubmittedResume.objects.get(application__candidate=applicant)
    path = Path(submitted.file.path)
    assert path.exists()

    recruiter_client = client_for(recruiter)
    archive = zipfile.ZipFile(
        io.BytesIO(recruiter_client.post(f"/candidates/{applicant.pk}/export/").content)
    )
    name = f"resume/application-{submitted.application_id}/zq-new.txt"
    assert archive.read(name) == b"Zephyrine Quillfeather, newer resume"

    with django_capture_on_commit_callbacks(execute=True):
        recruiter_client.post(f"/candidates/{applicant.pk}/erase/", {"confirm": "on"})
    assert not SubmittedResume.objects.exists()
    assert not path.exists()


def test_the_erase_page_costs_the_same_queries_with_one_application_or_many(
    client_for, recruiter, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ApplicationFactory

    candidate = CandidateFactory()
    ApplicationFactory(candidate=candidate)
    client = client_for(recruiter)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/candidates/{candidate.pk}/erase/").status_code == 200
        return len(queries)

    one = count()
    ApplicationFactory.create_batch(4, candidate=candidate)
    assert count() == one


# --- retention ----------------------------------------------------------------------------------


def _rejected(candidate, recruiter, requisition=None):
    from tests.factories import ApplicationFactory

    extra = {"requisition": requisition} if requisition else {}
    application = ApplicationFactory(candidate=candidate, **extra)
    reason = DispositionReason.objects.filter(group="we_declined").first()
    application_move(application=application, transition="reject", by=recruiter, reason=reason)
    return application


def test_the_sweep_erases_each_category_when_its_retention_ends(clock, recruiter):
    from tests.factories import ApplicationFactory

    no_consent = CandidateFactory(first_name="Nora")
    _rejected(no_consent, recruiter)
    pool = CandidateFactory(first_name="Pia", talent_pool_consent=True)
    _rejected(pool, recruiter)
    active = CandidateFactory(first_name="Ari")
    ApplicationFactory(candidate=active)
    sourced = CandidateFactory(first_name="Sam")

    clock.advance(timedelta(days=179))
    assert retention_sweep() == 0
    clock.advance(timedelta(days=2))  # 181 days after Nora's application closed
    assert sweep_retention.delay().get() == 1  # the beat task runs the service
    erased = {record.candidate_id: record for record in ErasureRecord.objects.all()}
    assert set(erased) == {no_consent.pk}
    assert (erased[no_consent.pk].reason, erased[no_consent.pk].category) == (
        "retention",
        "closed_without_consent",
    )
    no_consent.refresh_from_db()
    assert no_consent.first_name == "Erased" and "Nora" not in no_consent.full_name

    clock.advance(timedelta(days=365 - 181 + 1))  # sourced, never applied: 365 days
    assert retention_sweep() == 1
    assert ErasureRecord.objects.filter(candidate=sourced, category="never_applied").exists()

    clock.advance(timedelta(days=730 - 366 + 1))  # the talent pool: 730 days
    assert retention_sweep() == 1
    assert ErasureRecord.objects.filter(candidate=pool, category="talent_pool").exists()
    assert not ErasureRecord.objects.filter(candidate=active).exists()  # still in a pipeline
    assert retention_sweep() == 0  # idempotent
    assert JournalEntry.objects.filter(
        candidate=pool, summary__contains="the retention period ended (talent pool)"
    ).exists()


def test_applying_again_restarts_the_clock(clock, recruiter):
    from tests.factories import ApplicationFactory

    candidate = CandidateFactory()
    _rejected(candidate, recruiter)
    clock.advance(timedelta(days=170))
    ApplicationFactory(candidate=candidate)
    clock.advance(timedelta(days=30))
    assert retention_sweep() == 0


def test_the_sweep_is_a_daily_beat_task_and_retention_is_configurable(settings):
    spec = django_settings.TANDEM_PERIODIC_TASKS["retention-sweep"]
    assert spec == {"task": "careers.tasks.sweep_retention", "every_seconds": 86400}
    assert django_settings.TANDEM_RETENTION_DAYS["closed_without_consent"] == 180
    assert django_settings.TANDEM_RETENTION_DAYS["hired"] is None
