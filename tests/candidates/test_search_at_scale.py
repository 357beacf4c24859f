"""The candidate pages at a team's scale: bounded counts, a bounded ranking, skills filtered by
containment, and the same number of queries and bytes whether the database holds 100 or 300."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates import selectors, views
from candidates.models import Candidate
from demo.candidates import generate
from tests.candidates.conftest import query_count

LIST = reverse("candidates:list")
SEARCHES = {
    "list": {},
    "resume search": {"q": "engineer"},
    "skill filter": {"skills": "python"},
}


def _grow_to(count: int) -> None:
    generate(count=count, domain="scale.example.org", batch_size=100)


@pytest.mark.parametrize("params", SEARCHES.values(), ids=SEARCHES.keys())
def test_each_list_costs_the_same_queries_and_bytes_with_100_or_300_candidates(
    client_for, recruiter, params
):
    client = client_for(recruiter)
    _grow_to(100)  # enough to fill a first page of each
    small_queries = query_count(lambda: client.get(LIST, params))
    small_bytes = len(client.get(LIST, params).content)
    _grow_to(300)

    assert query_count(lambda: client.get(LIST, params)) == small_queries
    assert len(client.get(LIST, params).content) < small_bytes * 1.1


def test_past_the_cap_the_count_is_no_longer_exact(client_for, recruiter, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 30)
    _grow_to(45)

    response = client_for(recruiter).get(LIST)

    count = response.context["count"]
    assert not count.exact
    assert count.label == "30+" or count.label.startswith("about ")
    assert "45 candidates" not in response.content.decode()


def test_the_list_pages_by_keyset_and_every_page_costs_the_same(client_for, recruiter):
    _grow_to(80)
    client = client_for(recruiter)
    everyone = list(Candidate.objects.order_by("-updated_at", "pk"))
    seen, params, costs = [], {}, []
    for _ in range(4):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(LIST, params)
        costs.append(len(captured))
        seen += [candidate for candidate, _reasons in response.context["results"]]
        if response.context["next_after"] is None:
            break
        params = {"after": response.context["next_after"], "page": response.context["next_number"]}

    assert seen == everyone
    assert len(set(costs[1:])) == 1 and costs[1] <= costs[0] + 1  # + the cursor's row
    assert 'rel="next"' not in response.content.decode()
    assert "Page 4" in response.content.decode()


def test_a_broken_page_link_shows_the_first_page(client_for, recruiter):
    _grow_to(30)
    response = client_for(recruiter).get(LIST, {"after": "x' OR 1=1", "page": "-3"})
    assert response.status_code == 200
    assert response.context["page_number"] == 1
    assert len(response.context["results"]) == 25


def test_under_the_cap_the_count_is_exact(client_for, recruiter):
    _grow_to(40)
    response = client_for(recruiter).get(LIST, {"skills": "python"})
    expected = sum("python" in c.skills for c in Candidate.objects.all())
    assert response.context["count"].label == str(expected)
    assert f"{expected} candidates match" in response.content.decode()


def test_a_search_ranks_only_the_most_recently_updated_matches(
    client_for, recruiter, make_candidate, monkeypatch
):
    monkeypatch.setattr(selectors, "RANK_POOL", 3)
    monkeypatch.setattr(views, "RANK_POOL", 3)
    people = [make_candidate(skills=["elixir"]) for _ in range(5)]

    response = client_for(recruiter).get(LIST, {"q": "elixir"})

    shown = {candidate for candidate, _reasons in response.context["results"]}
    assert shown == set(people[2:])  # the three updated last
    assert "Ranked among the 3 most recently updated matches" in response.content.decode()


def test_the_skill_filter_finds_exact_tags_only(client_for, recruiter, make_candidate):
    go = make_candidate(skills=["go"])
    make_candidate(skills=["google cloud"], resume_text="go-to person for cargo")
    response = client_for(recruiter).get(LIST, {"skills": "Golang"})
    assert [candidate for candidate, _reasons in response.context["results"]] == [go]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_on_postgresql_the_skill_filter_is_a_containment_the_gin_index_serves(
    client_for, recruiter, make_candidate
):
    make_candidate(skills=["kubernetes"])
    client = client_for(recruiter)
    with CaptureQueriesContext(connection) as captured:
        client.get(LIST, {"skills": "kubernetes"})
    filtered = [q["sql"] for q in captured if '"skills" @>' in q["sql"]]
    assert filtered and not any("COUNT(*)" in sql and "LIMIT" not in sql for sql in filtered)
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'candidate_skills_gin'")
        assert "gin (skills jsonb_path_ops)" in cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram name matches: PostgreSQL")
def test_a_name_within_a_typo_takes_its_place_in_the_pool_by_when_it_was_updated(
    client_for, recruiter, make_candidate, monkeypatch
):
    monkeypatch.setattr(selectors, "RANK_POOL", 3)
    monkeypatch.setattr(views, "RANK_POOL", 3)
    people = [make_candidate(skills=["elixir"]) for _ in range(3)]
    namesake = make_candidate(first_name="Elixer", skills=["python"])  # updated last

    response = client_for(recruiter).get(LIST, {"q": "elixir"})

    shown = [candidate for candidate, _reasons in response.context["results"]]
    assert set(shown) == {people[1], people[2], namesake}
    assert shown[-1] == namesake  # a name match ranks after every match in the profile text
    assert shown == list(selectors.search_candidates(Candidate.objects.all(), "elixir"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_a_search_looks_up_the_text_and_the_names_through_their_own_indexes(
    client_for, recruiter, make_candidate
):
    make_candidate(skills=["elixir"])
    with CaptureQueriesContext(connection) as captured:
        client_for(recruiter).get(LIST, {"q": "elixir"})
    pools = [q["sql"] for q in captured if " UNION " in q["sql"]]
    assert len(pools) == 1
    text, names = pools[0].split(" UNION ")
    assert "@@" in text and " % " not in text
    assert " % " in names and "@@" not in names
