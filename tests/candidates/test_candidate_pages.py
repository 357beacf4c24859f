"""The candidate pages: list, add by hand (no duplicates), edit, profile with its journal."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.models import Candidate, JournalEntry
from candidates.services import journal_note_add
from tests.candidates.conftest import query_count
from tests.factories import RequisitionFactory

LIST = reverse("candidates:list")
NEW = reverse("candidates:new")


def _form(**overrides):
    return {
        "first_name": "Jamie",
        "last_name": "Rivera",
        "email": "jamie.rivera@example.org",
        "phone": "+49 30 123",
        "location": "Hamburg",
        "current_title": "Data Engineer",
        "current_company": "Globex",
        "skills": "Python, Airflow, postgres",
        "links": "https://github.com/jamie",
        "source": "referral",
        "talent_pool_consent": "on",
        **overrides,
    }


# --- access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["detail", "edit", "resume", "note-add"])
def test_hiring_managers_get_404_on_every_candidate_page(
    client_for, hiring_manager, make_candidate, name
):
    candidate = make_candidate()
    client = client_for(hiring_manager)
    url = reverse(f"candidates:{name}", args=[candidate.pk])
    response = client.post(url) if name == "note-add" else client.get(url)
    assert response.status_code == 404


@pytest.mark.parametrize("url", [LIST, NEW])
def test_hiring_managers_and_users_without_a_role_get_404_on_the_database(
    client_for, hiring_manager, user_without_role, url
):
    assert client_for(hiring_manager).get(url).status_code == 404
    assert client_for(user_without_role).get(url).status_code == 404


def test_the_nav_shows_candidates_to_recruiters_only(client_for, recruiter, hiring_manager):
    assert LIST in client_for(recruiter).get("/dashboard/").content.decode()
    assert LIST not in client_for(hiring_manager).get("/dashboard/").content.decode()


# --- adding by hand -----------------------------------------------------------------------------


def test_a_recruiter_adds_a_candidate_by_hand(client_for, recruiter):
    response = client_for(recruiter).post(NEW, _form())

    candidate = Candidate.objects.get()
    assert response.headers["Location"] == reverse("candidates:detail", args=[candidate.pk])
    assert candidate.skills == ["python", "airflow", "postgresql"]
    assert candidate.links == ["https://github.com/jamie"]
    assert candidate.talent_pool_consent is True
    assert candidate.profile_terms["airflow"] > 0
    entry = candidate.journal.get()
    assert (entry.kind, entry.actor) == ("system", recruiter)


def test_an_email_already_in_the_database_offers_the_existing_profile(
    client_for, recruiter, make_candidate
):
    existing = make_candidate(email="Jamie.Rivera@Example.org")

    response = client_for(recruiter).post(NEW, _form(email="jamie.rivera@example.ORG"))

    assert response.status_code == 400
    assert Candidate.objects.count() == 1
    page = response.content.decode()
    assert reverse("candidates:detail", args=[existing.pk]) in page
    assert "already in the database" in page
    assert 'value="Jamie"' in page  # what was typed is kept


def test_bad_input_shows_errors_next_to_the_fields_and_saves_nothing(client_for, recruiter):
    response = client_for(recruiter).post(
        NEW, _form(first_name="", email="not-an-email", links="javascript:alert(1)")
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"first_name", "email", "links"}
    assert not Candidate.objects.exists()


def test_the_new_candidate_page_refuses_other_methods(client_for, recruiter):
    assert client_for(recruiter).put(NEW).status_code == 405


# --- editing ------------------------------------------------------------------------------------


def test_a_recruiter_edits_a_profile_and_the_journal_says_what_changed(
    client_for, recruiter, make_candidate
):
    candidate = make_candidate(email="jamie.rivera@example.org", skills=["go"])

    response = client_for(recruiter).post(
        reverse("candidates:edit", args=[candidate.pk]), _form(current_title="Staff Engineer")
    )

    candidate.refresh_from_db()
    assert response.status_code == 302
    assert candidate.current_title == "Staff Engineer"
    assert "go" not in candidate.profile_terms
    latest = candidate.journal.first()
    assert latest.summary.startswith("Profile updated:")
    assert "current title" in latest.summary


def test_editing_to_someone_elses_email_is_refused(client_for, recruiter, make_candidate):
    first = make_candidate(email="first@example.org")
    second = make_candidate(email="second@example.org")

    response = client_for(recruiter).post(
        reverse("candidates:edit", args=[second.pk]), _form(email="FIRST@example.org")
    )

    second.refresh_from_db()
    assert response.status_code == 400
    assert second.email == "second@example.org"
    assert reverse("candidates:detail", args=[first.pk]) in response.content.decode()


def test_the_edit_form_shows_the_current_skills_and_links(client_for, recruiter, make_candidate):
    candidate = make_candidate(skills=["python", "machine learning"], links=["https://a.example"])
    page = client_for(recruiter).get(reverse("candidates:edit", args=[candidate.pk]))
    assert 'value="python, machine learning"' in page.content.decode()
    assert "https://a.example</textarea>" in page.content.decode()


# --- the profile and its journal ------------------------------------------------------------------


def test_the_journal_is_newest_first_and_filters_by_kind_and_requisition(
    client_for, recruiter, make_candidate
):
    candidate = make_candidate()
    requisition = RequisitionFactory(title="Data Platform Lead")
    journal_note_add(candidate=candidate, by=recruiter, text="First call went well")
    journal_note_add(
        candidate=candidate, by=recruiter, text="Wants the platform role", requisition=requisition
    )
    client = client_for(recruiter)
    url = reverse("candidates:detail", args=[candidate.pk])

    everything = [e.summary for e in client.get(url).context["journal"]]
    notes = [e.summary for e in client.get(url, {"kind": "note"}).context["journal"]]
    for_role = client.get(url, {"requisition": requisition.pk}).context["journal"]

    assert everything[0] == "Wants the platform role"
    assert everything[-1].startswith("Added to the candidate database")
    assert notes == ["Wants the platform role", "First call went well"]
    assert [e.summary for e in for_role] == ["Wants the platform role"]


def test_a_recruiter_adds_a_note_to_the_journal(client_for, recruiter, make_candidate):
    candidate = make_candidate()
    response = client_for(recruiter).post(
        reverse("candidates:note-add", args=[candidate.pk]),
        {"text": "Prefers remote work\nAvailable from March."},
    )

    note = candidate.journal.get(kind="note")
    assert response.status_code == 302
    assert note.summary == "Prefers remote work"
    assert note.body == "Prefers remote work\nAvailable from March."
    assert note.actor == recruiter


def test_an_empty_note_is_refused_and_nothing_is_journaled(client_for, recruiter, make_candidate):
    candidate = make_candidate()
    response = client_for(recruiter).post(
        reverse("candidates:note-add", args=[candidate.pk]), {"text": "   "}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not candidate.journal.filter(kind="note").exists()


def test_the_journal_offers_no_way_to_edit_or_delete_an_entry(
    client_for, recruiter, make_candidate
):
    candidate = make_candidate()
    journal_note_add(candidate=candidate, by=recruiter, text="Keep me")
    client = client_for(recruiter)
    note_url = reverse("candidates:note-add", args=[candidate.pk])

    page = client.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()

    assert client.get(note_url).status_code == 405
    assert client.delete(note_url).status_code == 405
    assert client.put(note_url).status_code == 405
    assert "Delete" not in page and "Edit note" not in page
    assert JournalEntry.objects.filter(summary="Keep me").count() == 1


def test_the_profile_query_count_does_not_grow_with_the_journal(
    client_for, recruiter, make_candidate
):
    candidate = make_candidate()
    client = client_for(recruiter)
    url = reverse("candidates:detail", args=[candidate.pk])
    client.get(url)
    one = query_count(lambda: client.get(url))
    for number in range(15):
        journal_note_add(
            candidate=candidate, by=recruiter, text=f"n{number}", requisition=RequisitionFactory()
        )

    assert query_count(lambda: client.get(url)) == one
    assert len(client.get(url).context["journal"]) == 16


def test_the_profile_lists_the_requisitions_to_pick_in_plain_queries(
    client_for, recruiter, make_candidate
):
    candidate = make_candidate()
    requisition = RequisitionFactory(title="Data Engineer")
    journal_note_add(candidate=candidate, by=recruiter, text="Met", requisition=requisition)
    url = reverse("candidates:detail", args=[candidate.pk])
    with CaptureQueriesContext(connection) as captured:
        page = client_for(recruiter).get(url).content.decode()

    assert f'<option value="{requisition.pk}">Data Engineer</option>' in page
    assert not [q["sql"] for q in captured if q["sql"].startswith("DECLARE")]
