"""Resume files: what may be uploaded, and the text Tandem reads out of them.

Checks, in order: not empty, at most 10 MB, an allowed extension, content that really is what the
extension says (magic bytes; a DOCX must be a zip holding a Word document), for DOCX the
zip-bomb limits, and no active content, as a careful mail gateway would refuse it: no PDF
JavaScript, launch or form-submitting actions (pypdf walks the document's objects), no DOCX
macro project (`vbaProject.bin`) or ActiveX controls. Text extraction uses pypdf (PDF) and
python-docx (DOCX); a file whose text cannot be read is kept, and its status says so.
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
# PDF objects the active-content check visits at most (a resume has a few hundred).
MAX_PDF_OBJECTS = 200_000
# Keys that carry scripts anywhere in a PDF, and the kinds of action that run something, send
# data away or pull it in. A plain "go to page 1" open action (Word and LibreOffice write one)
# is fine.
_PDF_SCRIPT_KEYS = {"/JS", "/JavaScript"}
_PDF_ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/RichMediaExecute",
}
_PDF_RAW_MARKERS = (b"/JavaScript", b"/JS", b"/Launch", b"/SubmitForm", b"/ImportData")
ACTIVE_PDF = (
    "This PDF contains active content (JavaScript or an automatic action), which we do not "
    "accept. Save it again as a plain PDF (for example with “Print to PDF”) and upload that."
)
ACTIVE_DOCX = (
    "This document contains macros or ActiveX controls, which we do not accept. Save it as a "
    "plain Word document (.docx) or a PDF and upload that."
)
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
    if kind == "pdf" and pdf_has_active_content(data):
        raise ValidationError(ACTIVE_PDF, code="active_content")
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
    for name in names:
        lowered = name.lower()
        if lowered.endswith("vbaproject.bin") or lowered.startswith("word/activex/"):
            raise ValidationError(ACTIVE_DOCX, code="active_content")


def pdf_has_active_content(data: bytes) -> bool:
    """Whether the PDF holds a script or an action that runs, sends or fetches something.

    pypdf reads the document (object streams and escaped names included) and every object
    reachable from its trailer is visited. A PDF pypdf cannot read is judged by its raw bytes.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        return _pdf_objects_active(reader.trailer)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        logger.info("resume PDF could not be parsed; judged by its bytes", exc_info=True)
        return any(marker in data for marker in _PDF_RAW_MARKERS)


def _pdf_objects_active(root) -> bool:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    pending = [root]
    visited = 0
    while pending:
        node = pending.pop()
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            node = node.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            return True  # far more than any resume: refuse rather than guess
        if isinstance(node, DictionaryObject):
            if _PDF_SCRIPT_KEYS & set(node.keys()):
                return True
            if node.get("/S") in _PDF_ACTIVE_ACTIONS:
                return True
            pending.extend(value for key, value in node.items() if key != "/Parent")
        elif isinstance(node, ArrayObject):
            pending.extend(node)
    return False


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
