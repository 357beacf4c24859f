"""Helpers for the candidate tests: people made through the services (so search can find them),
and small real resume files (PDF, DOCX, zip bombs) built in memory."""

import io
import itertools
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates import services

_numbers = itertools.count(1)


@pytest.fixture
def make_candidate(db):
    """`make_candidate(skills=[...], resume_text=..., ...)`: a person written by the services."""

    def make(*, by=None, resume=None, resume_text: str = "", **fields):
        number = next(_numbers)
        values = {
            "first_name": "Casey",
            "last_name": f"Person{number}",
            "email": f"casey{number}@example.org",
            "location": "Berlin",
            "current_title": "Software Engineer",
            "current_company": "Acme",
            "skills": ["python"],
            "source": "sourced",
            **fields,
        }
        if resume_text and resume is None:
            resume = SimpleUploadedFile("resume.txt", resume_text.encode(), "text/plain")
        return services.candidate_create(by=by, resume=resume, **values)

    return make


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a fresh folder per test (and tests can look inside it)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def pdf_bytes(text: str, *, catalog: bytes = b"", page: bytes = b"") -> bytes:
    """A minimal, valid one-page PDF showing `text` in Helvetica; `catalog` and `page` are extra
    entries of the document catalog and of the page (e.g. an /OpenAction)."""
    content = b"BT /F1 12 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        + page
        + b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def macro_docx(text: str, *, extension_part: str = "word/vbaProject.bin") -> bytes:
    """A Word document carrying a macro project (or another part named `extension_part`)."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes(text))) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        archive.writestr(extension_part, b"\xd0\xcf\x11\xe0 Attribute VB_Name = AutoOpen")
    return buffer.getvalue()


def zip_bomb_docx(*, entries: int = 3, padding_bytes: int = 0) -> bytes:
    """A zip that looks like a Word document, with many entries or a hugely compressible one."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(entries - 2):
            archive.writestr(f"word/media/part{number}.xml", "<x/>")
        if padding_bytes:
            archive.writestr("word/padding.bin", b"\0" * padding_bytes)
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type)


def query_count(request) -> int:
    """How many queries `request()` makes (compare one row with many: it must not grow)."""
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200
    return len(captured)
