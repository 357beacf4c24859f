"""Resume files: what may be uploaded, and the text Tandem reads out of them.

Checks, in order: not empty, at most 10 MB, an allowed extension, content that really is what the
extension says (magic bytes; a DOCX must be a zip holding a Word document), and for DOCX the
zip-bomb limits. Text extraction uses pypdf (PDF) and python-docx (DOCX); a file whose text cannot
be read is kept, and its status says so.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError

logger = logging.getLogger(__name__)

MAX_RESUME_BYTES = 10 * 1024 * 1024
ALLOWED_EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".txt": "txt"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
}
# DOCX zip-bomb limits: a real resume is a few dozen entries and a few MB once unpacked.
DOCX_MAX_ENTRIES = 500
DOCX_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
DOCX_MAX_RATIO = 100
MAX_PDF_PAGES = 50
MAX_TEXT_CHARS = 200_000
# Magic bytes of formats people rename to .txt by mistake (or on purpose).
_BINARY_MAGIC = (
    b"%PDF-",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",
    b"\x7fELF",
    b"MZ",
    b"\x89PNG",
    b"GIF8",
)


@dataclass(frozen=True)
class CheckedResume:
    kind: str  # "pdf", "docx" or "txt"
    original_name: str


def _read_all(uploaded) -> bytes:
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data


def check_resume(uploaded) -> CheckedResume:
    """Validate an uploaded resume; raise ValidationError saying what is wrong with it."""
    name = PurePath(uploaded.name or "").name
    if not uploaded.size:
        raise ValidationError("The file is empty.", code="empty")
    if uploaded.size > MAX_RESUME_BYTES:
        raise ValidationError(
            "The file is larger than 10 MB. Upload a smaller PDF, DOCX or text file.",
            code="too_large",
        )
    extension = PurePath(name).suffix.lower()
    kind = ALLOWED_EXTENSIONS.get(extension)
    if kind is None:
        raise ValidationError("Upload a PDF, DOCX or plain text (.txt) file.", code="extension")
    data = _read_all(uploaded)
    if kind == "pdf" and not data[:1024].lstrip().startswith(b"%PDF-"):
        raise ValidationError(
            "This file is not a PDF, whatever its name says.", code="content_mismatch"
        )
    if kind == "docx":
        _check_docx(data)
    if kind == "txt" and (b"\x00" in data[:8192] or data.startswith(_BINARY_MAGIC)):
        raise ValidationError(
            "This file is not plain text, whatever its name says.", code="content_mismatch"
        )
    return CheckedResume(kind=kind, original_name=name[:255])


def _check_docx(data: bytes) -> None:
    mismatch = ValidationError(
        "This file is not a Word document (.docx), whatever its name says.",
        code="content_mismatch",
    )
    if not data.startswith(b"PK\x03\x04"):
        raise mismatch
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError):
        raise mismatch from None
    bomb = ValidationError(
        "This document unpacks to far more than a resume could hold (a zip bomb?).",
        code="zip_bomb",
    )
    if len(entries) > DOCX_MAX_ENTRIES:
        raise bomb
    if sum(entry.file_size for entry in entries) > DOCX_MAX_UNCOMPRESSED_BYTES:
        raise bomb
    for entry in entries:
        if entry.file_size > max(entry.compress_size, 1) * DOCX_MAX_RATIO and (
            entry.file_size > 1024 * 1024
        ):
            raise bomb
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise mismatch


def extract_text(data: bytes, kind: str) -> str:
    """The text of a checked resume, or "" when it cannot be read (scanned PDF, damaged file)."""
    try:
        if kind == "pdf":
            text = _pdf_text(data)
        elif kind == "docx":
            text = _docx_text(data)
        else:
            text = _plain_text(data)
    except Exception:  # any parser failure means "could not be read"; the file is kept
        logger.info("resume text could not be extracted", exc_info=True)
        return ""
    # PostgreSQL text cannot hold NUL characters; parsers and plain files can produce them.
    return " ".join(text.replace("\x00", " ").split())[:MAX_TEXT_CHARS]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join((page.extract_text() or "") for page in reader.pages[:MAX_PDF_PAGES])


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _plain_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
