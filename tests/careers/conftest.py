"""Shared set-up for the careers tests: an open, published job, resumes, and the form's data."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import open_requisition

RESUME_TEXT = b"Grace Hopper. Ten years of Python, Django and PostgreSQL. Led a team of six."


@pytest.fixture(autouse=True)
def generous_rate_limit(settings, tmp_path):
    """Tests post many applications from one address; the rate-limit tests tighten it again.
    Uploaded resumes go to a folder of the test's own."""
    settings.TANDEM_APPLY_RATE = "100000/m"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def job(recruiter, hiring_manager):
    return open_requisition(
        title="Platform Engineer",
        slug="platform-engineer",
        recruiter=recruiter,
        hiring_manager=hiring_manager,
        department="Engineering",
        location="Berlin",
    )


def resume(name: str = "grace-hopper.txt", content: bytes = RESUME_TEXT) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/plain")


def apply_data(**overrides) -> dict:
    data = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "grace@example.org",
        "phone": "+49 30 1234567",
        "links": "https://github.com/grace\nhttps://grace.example.org",
        "resume": resume(),
        "talent_pool_consent": "",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def unique_ip():
    """A client address of this test's own (the rate limit counts per address)."""
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
