"""Every way a candidate is created or edited leaves them searchable and comparable: the stored
term profile, the vocabulary and (PostgreSQL) the search vector follow the profile."""

import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from candidates import services
from candidates.models import Candidate, VocabularyTerm
from candidates.selectors import search_candidates
from requisitions.models import Requisition
from tests.careers.conftest import apply_data
from tests.factories import open_requisition

ROOT = Path(__file__).resolve().parents[2]
PRODUCT_APPS = ["ats", "candidates", "careers", "demo", "insights", "notifications", "workflows"]
WRITES_CANDIDATE_ROWS = re.compile(
    r"Candidate\.objects\.(create|get_or_create|update_or_create|bulk_create)\(|Candidate\(\*\*"
)


def _findable(candidate: Candidate, word: str) -> bool:
    return search_candidates(Candidate.objects.filter(pk=candidate.pk), word).exists()


def test_only_the_candidate_services_write_candidate_rows():
    writers = [
        str(path.relative_to(ROOT))
        for app in PRODUCT_APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and WRITES_CANDIDATE_ROWS.search(path.read_text())
    ]
    assert writers == ["candidates/services.py"]


def test_the_demo_pipeline_people_have_term_profiles(demo_data):
    assert not Candidate.objects.filter(profile_terms={}).exists()
    kwame = Candidate.objects.get(first_name="Kwame")
    assert {"python", "django"} <= set(kwame.profile_terms)
    assert _findable(kwame, "django")


def test_kwame_as_benchmark_finds_people_for_the_senior_backend_engineer(demo_data, client):
    client.force_login(get_user_model().objects.get(username="recruiter"))
    requisition = Requisition.objects.get(title="Senior Backend Engineer")
    similar = reverse("candidates:similar", args=[requisition.pk])
    found = client.get(similar, {"find": "Kwame"}).context["found"]
    [kwame] = [person for person in found if person.first_name == "Kwame"]
    client.post(
        reverse("candidates:benchmark-change", args=[requisition.pk]),
        {"candidate": kwame.pk, "action": "add"},
    )

    page = client.get(similar)

    assert page.context["benchmarks"] == [kwame]
    assert len(page.context["results"]) >= 5
    assert "Nobody else in the database shares" not in page.content.decode()
    assert "python" in page.context["results"][0].shared_terms


def test_a_candidate_added_in_admin_is_indexed_and_an_edit_reindexes_them(client, admin_user):
    client.force_login(admin_user)
    fields = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.org",
        "skills": '["haskell"]',
        "links": "[]",
        "source": "sourced",
        "current_title": "Analyst",
    }
    client.post("/admin/candidates/candidate/add/", fields)
    ada = Candidate.objects.get(email="ada@example.org")
    assert "haskell" in ada.profile_terms and _findable(ada, "haskell")

    client.post(f"/admin/candidates/candidate/{ada.pk}/change/", {**fields, "skills": '["erlang"]'})

    ada.refresh_from_db()
    assert "erlang" in ada.profile_terms and "haskell" not in ada.profile_terms
    assert _findable(ada, "erlang") and not _findable(ada, "haskell")
    assert VocabularyTerm.objects.get(term="haskell").document_count == 0


def test_an_application_on_the_careers_site_is_indexed(client, recruiter, hiring_manager, settings):
    settings.TANDEM_APPLY_RATE = "1000/m"
    job = open_requisition(slug="job", recruiter=recruiter, hiring_manager=hiring_manager)
    Client().post(f"/jobs/{job.slug}/apply/", apply_data())

    grace = Candidate.objects.get(email="grace@example.org")
    assert {"python", "django"} <= set(grace.profile_terms)
    assert _findable(grace, "postgresql")


def test_an_import_of_many_candidates_is_indexed(db):
    call_command("generate_candidates", count=5, stdout=None)

    for person in Candidate.objects.all():
        assert person.profile_terms
        assert _findable(person, person.skills[0])


def test_a_service_edit_moves_the_terms_and_the_vocabulary(make_candidate, recruiter):
    person = make_candidate(skills=["cobol"])
    assert VocabularyTerm.objects.get(term="cobol").document_count == 1

    services.candidate_update(candidate=person, by=recruiter, skills=["fortran"])

    person.refresh_from_db()
    assert "fortran" in person.profile_terms and "cobol" not in person.profile_terms
    assert VocabularyTerm.objects.get(term="cobol").document_count == 0
    assert _findable(person, "fortran") and not _findable(person, "cobol")


def test_an_erased_candidate_leaves_search_and_the_vocabulary(make_candidate):
    person = make_candidate(skills=["zig"], last_name="Uniquename")

    services.candidate_anonymise(candidate=person)

    person.refresh_from_db()
    assert person.profile_terms == {}
    assert not _findable(person, "zig")
    assert not VocabularyTerm.objects.filter(term="zig", document_count__gt=0).exists()
