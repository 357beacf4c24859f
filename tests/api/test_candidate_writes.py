"""Adding a candidate (with a resume) and a journal note through the API: the page's form
checks the input and the page's services write, so both accept and refuse the same things."""

from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.models import Candidate, JournalEntry
from tests.factories import CandidateFactory, RequisitionFactory

NEW = {
    "first_name": "Grace",
    "last_name": "Hopper",
    "email": "grace@example.org",
    "skills": ["COBOL", "compilers"],
    "links": ["https://example.org/grace"],
}


def test_a_recruiter_adds_a_candidate_with_a_resume(api_for, recruiter):
    resume = SimpleUploadedFile("grace.txt", b"Rear admiral. Wrote the first compiler.")
    response = api_for(recruiter, write=True).post(
        "/api/v1/candidates/", {**NEW, "resume": resume}, format="multipart"
    )
    assert response.status_code == 201, response.content
    candidate = Candidate.objects.get(pk=response.json()["id"])
    assert candidate.email == "grace@example.org" and candidate.skills == ["cobol", "compilers"]
    assert "first compiler" in candidate.resume_text
    assert candidate.resume_filename == "grace.txt"
    entry = JournalEntry.objects.get(candidate=candidate)
    assert entry.actor == recruiter and "Added to the candidate database" in entry.summary


def test_a_bad_resume_is_a_400_naming_the_field_and_nothing_is_saved(api_for, recruiter):
    fake = SimpleUploadedFile("cv.pdf", b"not really a pdf")
    response = api_for(recruiter, write=True).post(
        "/api/v1/candidates/", {**NEW, "resume": fake}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {"resume": ["This file is not a PDF, whatever its name says."]}
    assert not Candidate.objects.exists()


def test_a_duplicate_email_is_a_409_naming_the_existing_profile(api_for, recruiter):
    existing = CandidateFactory(email="GRACE@example.org")
    response = api_for(recruiter, write=True).post("/api/v1/candidates/", NEW, format="json")
    assert response.status_code == 409
    assert response.json()["existing"] == existing.pk
    assert Candidate.objects.count() == 1


def test_missing_fields_are_a_400_naming_them(api_for, recruiter):
    response = api_for(recruiter, write=True).post("/api/v1/candidates/", {}, format="json")
    assert response.status_code == 400
    assert {"first_name", "last_name", "email"} <= set(response.json())


def test_an_hm_cannot_add_candidates_or_notes_and_a_read_token_cannot_either(
    api_for, hiring_manager, recruiter
):
    candidate = CandidateFactory()
    hm = api_for(hiring_manager, write=True)
    assert hm.post("/api/v1/candidates/", NEW, format="json").status_code == 404
    note = {"text": "Met at a meetup"}
    assert hm.post(f"/api/v1/candidates/{candidate.pk}/notes/", note).status_code == 404
    read = api_for(recruiter)
    assert read.post("/api/v1/candidates/", NEW, format="json").status_code == 403
    assert read.post(f"/api/v1/candidates/{candidate.pk}/notes/", note).status_code == 403
    assert not JournalEntry.objects.filter(kind="note").exists()


def test_a_note_goes_to_the_journal_about_a_requisition_one_sees(api_for, recruiter):
    candidate = CandidateFactory()
    requisition = RequisitionFactory(status="open")
    api = api_for(recruiter, write=True)
    response = api.post(
        f"/api/v1/candidates/{candidate.pk}/notes/",
        {"text": "Called her\nInterested from March.", "requisition": requisition.pk},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["summary"], body["requisition"]) == (
        "note",
        "Called her",
        requisition.pk,
    )
    closed = RequisitionFactory(status="cancelled")
    refused = api.post(
        f"/api/v1/candidates/{candidate.pk}/notes/",
        {"text": "x", "requisition": closed.pk},
        format="json",
    )
    assert refused.status_code == 400 and "requisition" in refused.json()
    empty = api.post(f"/api/v1/candidates/{candidate.pk}/notes/", {"text": "  "}, format="json")
    assert empty.status_code == 400
