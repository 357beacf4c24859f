"""Search the way recruiters think: by skill, by resume text, with filters; on both databases."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from candidates.selectors import search_candidates
from tests.candidates.conftest import query_count

LIST = reverse("candidates:list")


def _names(response) -> list[str]:
    return [candidate.email for candidate, _reasons in response.context["results"]]


@pytest.fixture
def people(make_candidate):
    return {
        "ada": make_candidate(
            first_name="Ada",
            email="ada@example.org",
            skills=["kubernetes", "terraform"],
            current_title="Site Reliability Engineer",
            location="Munich",
            source="referral",
        ),
        "ben": make_candidate(
            first_name="Ben",
            email="ben@example.org",
            skills=["figma"],
            current_title="Product Designer",
            resume_text="Redesigned onboarding; ran usability testing with Kubernetes operators.",
        ),
        "cy": make_candidate(
            first_name="Cy",
            email="cy@example.org",
            skills=["salesforce"],
            current_title="Account Executive",
            resume_text="Closed enterprise deals in the DACH region.",
        ),
    }


def test_search_finds_a_candidate_by_skill(client_for, recruiter, people):
    response = client_for(recruiter).get(LIST, {"q": "terraform"})
    assert _names(response) == ["ada@example.org"]


def test_search_finds_a_candidate_by_resume_text(client_for, recruiter, people):
    response = client_for(recruiter).get(LIST, {"q": "usability"})
    assert _names(response) == ["ben@example.org"]


def test_every_word_must_match_somewhere_in_the_profile(client_for, recruiter, people):
    client = client_for(recruiter)
    assert set(_names(client.get(LIST, {"q": "kubernetes"}))) == {
        "ada@example.org",
        "ben@example.org",
    }
    assert _names(client.get(LIST, {"q": "kubernetes onboarding"})) == ["ben@example.org"]
    assert _names(client.get(LIST, {"q": "kubernetes salesforce"})) == []


def test_search_finds_by_name_email_title_and_company(client_for, recruiter, people):
    client = client_for(recruiter)
    assert _names(client.get(LIST, {"q": "Cy"})) == ["cy@example.org"]
    assert _names(client.get(LIST, {"q": "ben@example.org"})) == ["ben@example.org"]
    assert _names(client.get(LIST, {"q": "designer"})) == ["ben@example.org"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking and trigrams: PostgreSQL")
def test_postgres_ranks_a_skill_above_a_passing_mention_and_forgives_a_typo_in_a_name(
    recruiter, people
):
    ranked = list(search_candidates(Candidate.objects.all(), "kubernetes"))
    assert [c.email for c in ranked] == ["ada@example.org", "ben@example.org"]
    assert [c.email for c in search_candidates(Candidate.objects.all(), "Adda")] == [
        "ada@example.org"
    ]


def test_filters_narrow_the_search(client_for, recruiter, people):
    client = client_for(recruiter)
    assert _names(client.get(LIST, {"skills": "Kubernetes, terraform"})) == ["ada@example.org"]
    assert _names(client.get(LIST, {"skills": "k8s"})) == ["ada@example.org"]  # an alias
    assert _names(client.get(LIST, {"location": "munich"})) == ["ada@example.org"]
    assert _names(client.get(LIST, {"source": "referral"})) == ["ada@example.org"]
    assert _names(client.get(LIST, {"q": "kubernetes", "source": "sourced"})) == ["ben@example.org"]


def test_updated_since_leaves_out_profiles_untouched_since(client_for, recruiter, people):
    Candidate.objects.filter(email="cy@example.org").update(
        updated_at=timezone.now() - datetime.timedelta(days=400)
    )
    since = (timezone.now() - datetime.timedelta(days=30)).date().isoformat()
    response = client_for(recruiter).get(LIST, {"updated_since": since})
    assert set(_names(response)) == {"ada@example.org", "ben@example.org"}


def test_each_result_says_why_it_matched(client_for, recruiter, people):
    response = client_for(recruiter).get(LIST, {"q": "kubernetes"})
    reasons = {c.email: {r.label: str(r.html) for r in rs} for c, rs in response.context["results"]}

    assert reasons["ada@example.org"]["Skills"] == "<mark>kubernetes</mark>"
    assert "<mark>Kubernetes</mark> operators" in reasons["ben@example.org"]["Resume"]


def test_highlights_escape_what_the_candidate_wrote(client_for, recruiter, make_candidate):
    make_candidate(resume_text="<b>bold</b> kubernetes <script>x</script>")
    page = client_for(recruiter).get(LIST, {"q": "kubernetes"}).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>x" not in page


def test_results_paginate_and_keep_the_search_in_the_page_links(
    client_for, recruiter, make_candidate
):
    for _ in range(27):
        make_candidate(skills=["elixir"])
    client = client_for(recruiter)

    first = client.get(LIST, {"q": "elixir"})
    second = client.get(LIST, {"q": "elixir", "page": 2})

    assert len(first.context["results"]) == 25
    assert len(second.context["results"]) == 2
    assert "?q=elixir&amp;page=2" in first.content.decode()


def test_the_list_and_search_query_counts_do_not_grow_with_the_results(
    client_for, recruiter, make_candidate
):
    client = client_for(recruiter)
    make_candidate(skills=["elixir"], resume_text="Elixir and Phoenix")
    one_listed = query_count(lambda: client.get(LIST))
    one_found = query_count(lambda: client.get(LIST, {"q": "elixir", "skills": "elixir"}))
    for _ in range(20):
        make_candidate(skills=["elixir"], resume_text="Elixir and Phoenix")

    assert query_count(lambda: client.get(LIST)) == one_listed
    assert query_count(lambda: client.get(LIST, {"q": "elixir", "skills": "elixir"})) == one_found


def test_an_empty_database_says_what_to_do_next(client_for, recruiter):
    page = client_for(recruiter).get(LIST).content.decode()
    assert "Add a candidate" in page


def test_a_search_without_results_says_so(client_for, recruiter, people):
    page = client_for(recruiter).get(LIST, {"q": "cobol"}).content.decode()
    assert "No candidate matches this search" in page


def test_the_list_refuses_a_post(client_for, recruiter):
    assert client_for(recruiter).post(LIST).status_code == 405


def test_a_search_of_a_thousand_words_answers_instead_of_failing(client, recruiter):
    client.force_login(recruiter)
    response = client.get("/candidates/", {"q": " ".join(["python"] * 1000)})
    assert response.status_code == 200


def test_filtering_by_too_many_skills_is_a_form_error(client, recruiter):
    client.force_login(recruiter)
    skills = ",".join(f"skill{n}" for n in range(30))
    response = client.get("/candidates/", {"skills": skills})
    assert b"Filter by at most 20 skills." in response.content
