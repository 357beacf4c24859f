"""Applying on the careers site: the happy path, knock-outs, duplicates, bad input and abuse."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from candidates.models import Candidate, JournalEntry
from careers.models import KnockoutAnswer, SubmittedResume
from notifications.models import OutboundMessage
from tests.careers.conftest import apply_data, resume
from tests.factories import CandidateFactory, KnockoutQuestionFactory, open_requisition
from workflows.models import Application

pytestmark = pytest.mark.django_db


def _nothing_saved():
    assert not Candidate.objects.exists()
    assert not Application.objects.exists()
    assert not KnockoutAnswer.objects.exists()
    assert not OutboundMessage.objects.exists()


def _apply(client, job, **overrides):
    return client.post(f"/jobs/{job.slug}/apply/", apply_data(**overrides))


def test_a_candidate_applies_and_is_told_what_happens_next(
    client, job, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _apply(client, job, talent_pool_consent="on")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/jobs/{job.slug}/apply/thanks/"

    candidate = Candidate.objects.get()
    assert (candidate.full_name, candidate.email, candidate.phone) == (
        "Grace Hopper",
        "grace@example.org",
        "+49 30 1234567",
    )
    assert candidate.source == "career_site"
    assert candidate.talent_pool_consent is True
    assert candidate.links == ["https://github.com/grace", "https://grace.example.org"]
    assert "Ten years of Python" in candidate.resume_text
    application = Application.objects.get()
    assert (application.requisition, application.state, application.source) == (
        job,
        "applied",
        "career_site",
    )
    assert application.created_by is None

    [email] = mailoutbox
    assert email.to == ["Grace Hopper <grace@example.org>"]
    assert "What happens next" in email.body
    assert "within 2 days" in email.body  # the first-screening SLA agreed at intake (48 h)
    assert "/privacy/consent/" in email.body  # every candidate email can withdraw consent
    assert JournalEntry.objects.filter(candidate=candidate, kind="email").count() == 1

    thanks = client.get(response.headers["Location"]).content.decode()
    assert "we have received your application" in thanks
    assert "within 2 days" in thanks


def test_the_form_shows_the_questions_the_privacy_notice_and_a_separate_consent(client, job):
    KnockoutQuestionFactory(requisition=job, prompt="Do you have a work permit?")
    content = client.get(f"/jobs/{job.slug}/apply/").content.decode()
    assert "<legend>Do you have a work permit?" in content
    assert "Your privacy" in content
    assert 'name="talent_pool_consent"' in content
    assert 'enctype="multipart/form-data"' in content
    assert 'class="careers-hp" aria-hidden="true"' in content


def test_an_existing_candidate_is_matched_by_email_in_any_case(client, job):
    existing = CandidateFactory(email="Grace@Example.org", first_name="Grace", phone="")
    assert _apply(client, job, email="grace@EXAMPLE.ORG").status_code == 302
    assert Candidate.objects.get() == existing
    existing.refresh_from_db()
    assert existing.phone == "+49 30 1234567"  # blanks are filled in
    assert Application.objects.get().candidate == existing


@pytest.fixture
def second_job(recruiter, hiring_manager):
    return open_requisition(
        title="Data Engineer",
        slug="data-engineer",
        recruiter=recruiter,
        hiring_manager=hiring_manager,
    )


def test_someone_typing_a_known_email_cannot_replace_the_resume_or_switch_on_consent(
    client, client_for, recruiter, other_hiring_manager, job, second_job, settings
):
    assert _apply(client, job, talent_pool_consent="").status_code == 302
    candidate = Candidate.objects.get()
    kept_file, kept_text = candidate.resume.name, candidate.resume_text

    forged = resume("cv.txt", b"Mallory's resume: not Grace at all.")
    response = _apply(
        client, second_job, first_name="Mallory", resume=forged, talent_pool_consent="on"
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.first_name, candidate.resume.name, candidate.resume_text) == (
        "Grace",
        kept_file,
        kept_text,
    )
    assert candidate.talent_pool_consent is False
    assert (settings.MEDIA_ROOT / kept_file).exists()

    # The new file is kept with the application, under a random name, for the recruiter.
    application = Application.objects.get(requisition=second_job)
    submitted = SubmittedResume.objects.get(application=application)
    assert submitted.filename == "cv.txt"
    assert submitted.file.name.startswith("resumes/submitted/")
    assert "cv" not in submitted.file.name
    summaries = list(
        JournalEntry.objects.filter(candidate=candidate, requisition=second_job).values_list(
            "summary", flat=True
        )
    )
    assert (
        "A new resume was submitted with this application; the profile keeps the earlier one"
        in summaries
    )
    assert any("Asked on the application form to join the talent pool" in s for s in summaries)

    url = f"/applications/{application.pk}/submitted-resume/"
    download = client_for(recruiter).get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="cv.txt"')
    assert b"".join(download.streaming_content) == b"Mallory's resume: not Grace at all."
    assert client_for(other_hiring_manager).get(url).status_code == 404
    first = Application.objects.get(requisition=job)
    assert (
        client_for(recruiter).get(f"/applications/{first.pk}/submitted-resume/").status_code == 404
    )


def test_a_known_candidate_without_a_resume_gets_the_uploaded_one(client, job):
    existing = CandidateFactory(email="grace@example.org", talent_pool_consent=False)
    assert not existing.resume
    assert _apply(client, job, talent_pool_consent="on").status_code == 302
    existing.refresh_from_db()
    assert "Ten years of Python" in existing.resume_text
    assert existing.talent_pool_consent is False  # consent is confirmed by the recruiter
    assert not SubmittedResume.objects.exists()


def test_a_content_length_that_is_not_a_number_is_a_400_not_a_500(client, job):
    response = client.post(f"/jobs/{job.slug}/apply/", apply_data(), CONTENT_LENGTH="lots")
    assert response.status_code == 400
    assert 'name="email"' in response.content.decode()  # the form again, to send once more
    _nothing_saved()


def test_applying_twice_says_so_and_creates_nothing_new(client, job):
    _apply(client, job)
    counts = (
        Candidate.objects.count(),
        Application.objects.count(),
        OutboundMessage.objects.count(),
        JournalEntry.objects.count(),
    )
    response = _apply(client, job, email="GRACE@example.org", first_name="Gracie")
    assert response.status_code == 409
    content = response.content.decode()
    assert "You have already applied for this role" in content
    # Anyone can type an address: the page does not tell when that person applied.
    applied_at = Application.objects.get().created_at
    assert str(applied_at.year) not in content.split("<main", 1)[-1]
    assert " on " not in content.split("from this email address", 1)[-1].split("</p>", 1)[0]
    assert counts == (
        Candidate.objects.count(),
        Application.objects.count(),
        OutboundMessage.objects.count(),
        JournalEntry.objects.count(),
    )
    assert Candidate.objects.get().first_name == "Grace"


KNOCKOUTS = [
    # (question definition, the answer posted, passes)
    ({"kind": "yes_no", "required_answer": True}, "yes", True),
    ({"kind": "yes_no", "required_answer": True}, "no", False),
    ({"kind": "yes_no", "required_answer": False}, "no", True),
    ({"kind": "number", "minimum": Decimal(3)}, "3", True),
    ({"kind": "number", "minimum": Decimal(3)}, "2.5", False),
    ({"kind": "number", "maximum": Decimal(40)}, "41", False),
    ({"kind": "number", "minimum": Decimal(1), "maximum": Decimal(5)}, "5", True),
    (
        {"kind": "choice", "options": ["Berlin", "Remote", "Mars"], "accepted_options": ["Berlin"]},
        "Berlin",
        True,
    ),
    (
        {"kind": "choice", "options": ["Berlin", "Remote", "Mars"], "accepted_options": ["Berlin"]},
        "Mars",
        False,
    ),
    ({"kind": "text", "required_answer": None}, "The compiler, of course.", True),
]


@pytest.mark.parametrize(("definition", "answer", "passes"), KNOCKOUTS)
def test_each_knockout_kind_passes_and_fails_correctly(
    client, job, definition, answer, passes, mailoutbox, django_capture_on_commit_callbacks
):
    question = KnockoutQuestionFactory(
        requisition=job, prompt="The question", **{"required_answer": None, **definition}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _apply(client, job, **{f"q{question.pk}": answer})
    # The candidate sees the same neutral confirmation either way.
    assert response.status_code == 302
    assert response.headers["Location"] == f"/jobs/{job.slug}/apply/thanks/"
    application = Application.objects.get()
    stored = KnockoutAnswer.objects.get()
    assert (stored.prompt, stored.passed, stored.question) == ("The question", passes, question)
    if passes:
        assert application.state == "applied"
        assert application.disposition_reason is None
    else:
        assert application.state == "rejected"
        reason = application.disposition_reason
        assert reason.label == "The question"
        assert str(reason) == "Knock-out: The question"  # the group is not repeated
        assert (reason.group, reason.is_system, reason.active) == ("knock_out", True, True)
        move = application.transitions.get()
        assert (move.transition, move.by, move.reason) == ("reject", None, reason)
        assert "answered" in move.note
        assert JournalEntry.objects.filter(
            candidate=application.candidate, kind="stage_move", summary__contains="Rejected"
        ).exists()
    # No instant "you failed": only the neutral confirmation goes out now; the polite rejection
    # follows after the configured delay (the rejection milestone's sweep).
    assert [m.template_key for m in OutboundMessage.objects.all()] == ["application_received"]
    assert len(mailoutbox) == 1


def test_a_failed_knockout_sees_exactly_the_confirmation_a_passing_one_sees(client, job):
    question = KnockoutQuestionFactory(requisition=job, prompt="Work permit?")
    passed = client.get(
        _apply(client, job, **{f"q{question.pk}": "yes"}).headers["Location"]
    ).content
    failed = client.get(
        _apply(client, job, email="alan@example.org", **{f"q{question.pk}": "no"}).headers[
            "Location"
        ]
    ).content
    # The pages differ in nothing but the CSRF token in the header.
    assert passed.split(b"<main")[1] == failed.split(b"<main")[1]
    assert sorted(Application.objects.values_list("state", flat=True)) == ["applied", "rejected"]


def test_a_second_knockout_failure_reuses_the_system_reason(client, job):
    question = KnockoutQuestionFactory(requisition=job, prompt="Work permit?")
    _apply(client, job, **{f"q{question.pk}": "no"})
    _apply(client, job, email="alan@example.org", **{f"q{question.pk}": "no"})
    reasons = {app.disposition_reason_id for app in Application.objects.all()}
    assert len(reasons) == 1


BAD_INPUTS = [
    ({"first_name": ""}, "first_name", "This field is required."),
    ({"email": ""}, "email", "This field is required."),
    ({"email": "grace-at-example"}, "email", "Enter a valid email address."),
    ({"resume": None}, "resume", "Choose your resume"),
    (
        {"resume": SimpleUploadedFile("cv.pdf", b"just text pretending", "application/pdf")},
        "resume",
        "not a PDF",
    ),
    (
        {"resume": SimpleUploadedFile("cv.exe", b"MZ\x90\x00", "application/octet-stream")},
        "resume",
        "Upload a PDF, DOCX or plain text",
    ),
    ({"resume": resume(content=b"x" * (10 * 1024 * 1024 + 1))}, "resume", "larger than 10 MB"),
    ({"links": "javascript:alert(1)"}, "links", "is not a web address"),
    ({"phone": "call me maybe"}, "phone", "Use digits"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUTS)
def test_bad_input_is_a_400_with_the_error_by_the_field_and_nothing_saved(
    client, job, overrides, field, message
):
    response = _apply(client, job, **overrides)
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    content = response.content.decode()
    assert message.split("“")[0] in content.replace("&#x27;", "'")
    if field != "last_name":
        assert 'value="Hopper"' in content  # what was typed is kept
    _nothing_saved()


def test_the_form_asks_to_choose_the_resume_again_after_an_error(client, job):
    content = _apply(client, job, email="nope").content.decode()
    assert "please choose your resume again" in content


@pytest.mark.parametrize(
    ("definition", "answer", "message"),
    [
        (
            {"kind": "choice", "options": ["A", "B"], "accepted_options": ["A"]},
            "C",
            "Choose one of the options.",
        ),
        ({"kind": "number", "minimum": Decimal(1)}, "lots", "Enter a number."),
        ({"kind": "yes_no", "required_answer": True}, "maybe", "Answer yes or no."),
        ({"kind": "yes_no", "required_answer": True}, None, "Answer this question."),
    ],
)
def test_an_answer_outside_the_question_is_a_400_and_nothing_saved(
    client, job, definition, answer, message
):
    question = KnockoutQuestionFactory(requisition=job, **{"required_answer": None, **definition})
    response = _apply(client, job, **{f"q{question.pk}": answer})
    assert response.status_code == 400
    assert response.context["form"].errors[f"q{question.pk}"] == [message]
    _nothing_saved()


def test_a_request_larger_than_any_application_is_refused_before_reading(client, job):
    response = _apply(client, job, resume=resume(content=b"x" * (12 * 1024 * 1024)))
    assert response.status_code == 413
    assert "at most 10 MB" in response.content.decode()
    _nothing_saved()


def test_a_filled_honeypot_is_refused_and_nothing_saved(client, job):
    response = _apply(client, job, website="http://cheap-pills.example")
    assert response.status_code == 400
    assert "We could not accept this form" in response.content.decode()
    _nothing_saved()


def test_too_many_applications_from_one_address_are_refused(client, job, settings, unique_ip):
    settings.TANDEM_APPLY_RATE = "2/h"
    for n in range(2):
        response = client.post(
            f"/jobs/{job.slug}/apply/",
            apply_data(email=f"person{n}@example.org"),
            REMOTE_ADDR=unique_ip,
        )
        assert response.status_code == 302
    response = client.post(
        f"/jobs/{job.slug}/apply/", apply_data(email="third@example.org"), REMOTE_ADDR=unique_ip
    )
    assert response.status_code == 429
    assert "try again in an hour" in response.content.decode()
    assert not Candidate.objects.filter(email="third@example.org").exists()
    # Another address is not held back.
    response = client.post(
        f"/jobs/{job.slug}/apply/",
        apply_data(email="other@example.org"),
        REMOTE_ADDR=unique_ip.replace("10.", "172.", 1),
    )
    assert response.status_code == 302


def test_a_tampered_csrf_token_is_a_clear_403_and_nothing_saved(job):
    client = Client(enforce_csrf_checks=True)
    page = client.get(f"/jobs/{job.slug}/apply/")
    token = page.context["csrf_token"]
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    response = client.post(f"/jobs/{job.slug}/apply/", apply_data(csrfmiddlewaretoken=tampered))
    assert response.status_code == 403
    assert "The form expired" in response.content.decode()
    _nothing_saved()
    # The genuine token works.
    response = client.post(f"/jobs/{job.slug}/apply/", apply_data(csrfmiddlewaretoken=token))
    assert response.status_code == 302


def test_the_apply_page_refuses_other_methods(client, job):
    assert client.put(f"/jobs/{job.slug}/apply/").status_code == 405
    assert client.post(f"/jobs/{job.slug}/apply/thanks/").status_code == 405


def test_the_apply_page_costs_the_same_queries_for_one_question_or_many(client, job):
    KnockoutQuestionFactory(requisition=job)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/jobs/{job.slug}/apply/").status_code == 200
        return len(queries)

    one = count()
    KnockoutQuestionFactory.create_batch(4, requisition=job)
    assert count() == one


def test_a_resume_with_a_macro_or_pdf_javascript_is_refused_on_the_form_keeping_what_was_typed(
    client, job
):
    from tests.candidates.conftest import macro_docx, pdf_bytes

    scripted = pdf_bytes("Grace", catalog=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
    for name, data, message in [
        ("grace.pdf", scripted, "This PDF contains active content"),
        ("grace.docx", macro_docx("Grace"), "This document contains macros"),
    ]:
        response = _apply(client, job, resume=SimpleUploadedFile(name, data))
        assert response.status_code == 400
        page = response.content.decode()
        assert message in page
        assert 'value="Grace"' in page and 'value="grace@example.org"' in page
    _nothing_saved()
