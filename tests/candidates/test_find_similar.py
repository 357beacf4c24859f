"""Find Similar: benchmarks, a ranking that explains itself, and one click into the pipeline."""

import pytest
from django.urls import reverse

from candidates.models import BenchmarkCandidate, JournalEntry
from candidates.services import benchmark_add
from tests.factories import RequisitionFactory
from workflows.applications.services import application_create
from workflows.models import Application

DATA_SCIENCE = ["python", "machine learning", "statistics", "pytorch"]


@pytest.fixture
def requisition(db, recruiter, hiring_manager):
    return RequisitionFactory(recruiter=recruiter, hiring_manager=hiring_manager)


@pytest.fixture
def benchmarks(make_candidate, requisition, recruiter):
    people = [
        make_candidate(
            current_title="Data Scientist",
            skills=DATA_SCIENCE,
            resume_text="Built churn models and forecasting pipelines; ran A/B experiments.",
        ),
        make_candidate(
            current_title="Senior Data Scientist",
            skills=[*DATA_SCIENCE, "nlp"],
            resume_text="Forecasting demand with gradient boosting; churn prediction at scale.",
        ),
    ]
    for person in people:
        benchmark_add(requisition=requisition, candidate=person, by=recruiter)
    return people


def _similar(client, requisition):
    return client.get(reverse("candidates:similar", args=[requisition.pk]))


def test_a_near_copy_ranks_above_an_unrelated_profile_and_the_page_says_why(
    client_for, recruiter, requisition, benchmarks, make_candidate
):
    near_copy = make_candidate(
        current_title="Data Scientist",
        skills=DATA_SCIENCE,
        resume_text="Churn models, forecasting and experiments for a retailer.",
    )
    unrelated = make_candidate(
        current_title="Account Executive",
        skills=["salesforce", "negotiation", "python"],
        resume_text="Closed enterprise deals; forecasting the sales pipeline.",
    )

    response = _similar(client_for(recruiter), requisition)

    results = response.context["results"]
    ranked = [result.candidate for result in results]
    assert ranked.index(near_copy) < ranked.index(unrelated)
    top = results[0]
    assert top.candidate == near_copy
    assert {"machine learning", "pytorch", "statistics"} <= set(top.shared_terms)
    assert results[0].score > results[-1].score
    assert "machine learning" in response.content.decode()


def test_benchmarks_and_people_already_in_the_pipeline_are_left_out(
    client_for, recruiter, requisition, benchmarks, make_candidate
):
    in_pipeline = make_candidate(current_title="Data Scientist", skills=DATA_SCIENCE)
    application_create(candidate=in_pipeline, requisition=requisition, by=recruiter)
    elsewhere = make_candidate(current_title="Data Scientist", skills=DATA_SCIENCE)
    application_create(candidate=elsewhere, requisition=RequisitionFactory(), by=recruiter)

    ranked = [r.candidate for r in _similar(client_for(recruiter), requisition).context["results"]]

    assert ranked == [elsewhere]


def test_without_benchmarks_the_page_asks_for_them(client_for, recruiter, requisition):
    page = _similar(client_for(recruiter), requisition).content.decode()
    assert "No benchmarks yet" in page


def test_a_recruiter_chooses_and_removes_benchmarks(
    client_for, recruiter, requisition, make_candidate
):
    person = make_candidate(first_name="Benchmark", last_name="Person")
    client = client_for(recruiter)
    url = reverse("candidates:benchmark-change", args=[requisition.pk])

    looked_up = client.get(
        reverse("candidates:similar", args=[requisition.pk]), {"find": "Benchmark"}
    )
    assert looked_up.context["found"] == [person]
    client.post(url, {"candidate": person.pk, "action": "add"})
    assert list(BenchmarkCandidate.objects.values_list("candidate", flat=True)) == [person.pk]
    client.post(url, {"candidate": person.pk, "action": "remove"})
    assert not BenchmarkCandidate.objects.exists()


def test_at_most_ten_benchmarks_per_requisition(client_for, recruiter, requisition, make_candidate):
    for _ in range(10):
        benchmark_add(requisition=requisition, candidate=make_candidate(), by=recruiter)
    eleventh = make_candidate()

    response = client_for(recruiter).post(
        reverse("candidates:benchmark-change", args=[requisition.pk]),
        {"candidate": eleventh.pk, "action": "add"},
        follow=True,
    )

    assert BenchmarkCandidate.objects.filter(requisition=requisition).count() == 10
    assert "at most 10" in response.content.decode()


def test_hiring_managers_get_404_on_find_similar(
    client_for, hiring_manager, requisition, make_candidate
):
    client = client_for(hiring_manager)
    assert _similar(client, requisition).status_code == 404
    response = client.post(
        reverse("candidates:benchmark-change", args=[requisition.pk]),
        {"candidate": make_candidate().pk, "action": "add"},
    )
    assert response.status_code == 404
    assert not BenchmarkCandidate.objects.exists()


def test_find_similar_refuses_a_post(client_for, recruiter, requisition):
    response = client_for(recruiter).post(reverse("candidates:similar", args=[requisition.pk]))
    assert response.status_code == 405


def test_find_similar_query_count_does_not_grow_with_the_results(
    client_for, recruiter, requisition, benchmarks, make_candidate
):
    from tests.candidates.conftest import query_count

    client = client_for(recruiter)
    make_candidate(current_title="Data Scientist", skills=DATA_SCIENCE)
    one = query_count(lambda: _similar(client, requisition))
    for _ in range(12):
        make_candidate(current_title="Data Scientist", skills=DATA_SCIENCE)
    assert query_count(lambda: _similar(client, requisition)) == one


# --- one click into the pipeline (workflows.applications.views_sourcing) ---


def test_one_click_adds_a_similar_candidate_to_the_pipeline(
    client_for, recruiter, requisition, benchmarks, make_candidate
):
    person = make_candidate(current_title="Data Scientist", skills=DATA_SCIENCE)
    similar_url = reverse("candidates:similar", args=[requisition.pk])

    response = client_for(recruiter).post(
        reverse("workflows:pipeline-add", args=[requisition.pk]),
        {"candidate": person.pk, "next": similar_url},
    )

    assert response.headers["Location"] == similar_url
    application = Application.objects.get(candidate=person)
    assert application.requisition == requisition
    assert person.journal.filter(kind=JournalEntry.Kind.STAGE_MOVE).count() == 1


def test_adding_someone_already_in_the_pipeline_says_so_and_duplicates_nothing(
    client_for, recruiter, requisition, make_candidate
):
    person = make_candidate()
    application_create(candidate=person, requisition=requisition, by=recruiter)

    response = client_for(recruiter).post(
        reverse("workflows:pipeline-add-for-candidate", args=[person.pk]),
        {"requisition": requisition.pk},
        follow=True,
    )

    assert Application.objects.filter(candidate=person).count() == 1
    assert "already in the pipeline" in response.content.decode()


def test_the_profile_adds_a_candidate_to_a_chosen_requisitions_pipeline(
    client_for, recruiter, requisition, make_candidate
):
    person = make_candidate()
    client = client_for(recruiter)
    profile = client.get(reverse("candidates:detail", args=[person.pk]))
    assert requisition in profile.context["pipeline_matches"]

    response = client.post(
        reverse("workflows:pipeline-add-for-candidate", args=[person.pk]),
        {"requisition": requisition.pk, "next": "https://evil.example/"},
    )

    assert response.headers["Location"] == reverse("candidates:detail", args=[person.pk])
    assert Application.objects.filter(candidate=person, requisition=requisition).exists()


def test_hiring_managers_cannot_add_to_a_pipeline_by_hand(
    client_for, hiring_manager, requisition, make_candidate
):
    person = make_candidate()
    response = client_for(hiring_manager).post(
        reverse("workflows:pipeline-add", args=[requisition.pk]), {"candidate": person.pk}
    )
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_adding_to_a_pipeline_refuses_a_get(client_for, recruiter, requisition):
    url = reverse("workflows:pipeline-add", args=[requisition.pk])
    assert client_for(recruiter).get(url).status_code == 405


# --- a pool that stays small whatever the size of the database ---


def test_a_term_most_people_hold_does_not_pick_the_pool(
    client_for, recruiter, requisition, benchmarks, make_candidate, monkeypatch
):
    from candidates import selectors

    monkeypatch.setattr(selectors, "POOL_SIZE", 5)
    fillers = [make_candidate(skills=["python"], current_title="Clerk") for _ in range(30)]
    telling = make_candidate(current_title="Clerk", skills=["pytorch"])

    results = _similar(client_for(recruiter), requisition).context["results"]

    ranked = [result.candidate for result in results]
    assert ranked[0] == telling
    assert not set(ranked) & set(fillers[:25])  # "python" (31 of 33 people) chose nobody
    assert results[0].shared_terms == ("pytorch",)


def test_the_pool_is_capped_before_ranking(
    client_for, recruiter, requisition, benchmarks, make_candidate, monkeypatch
):
    from candidates import selectors

    monkeypatch.setattr(selectors, "POOL_SIZE", 3)
    for _ in range(6):
        make_candidate(current_title="Data Scientist", skills=DATA_SCIENCE)

    results = _similar(client_for(recruiter), requisition).context["results"]

    assert len(results) == 3


def test_find_similar_costs_the_same_queries_and_bytes_with_20_or_200_candidates(
    client_for, recruiter, requisition
):
    from candidates.models import Candidate
    from demo.candidates import generate
    from tests.candidates.conftest import query_count

    generate(count=20, domain="similar.example.org")
    for person in Candidate.objects.filter(skills__icontains='"python"').order_by("pk")[:2]:
        benchmark_add(requisition=requisition, candidate=person, by=recruiter)
    client = client_for(recruiter)
    small = query_count(lambda: _similar(client, requisition))
    generate(count=200, domain="similar.example.org")

    assert query_count(lambda: _similar(client, requisition)) == small
    assert len(_similar(client, requisition).context["results"]) == 25


def test_adding_to_a_pipeline_with_a_bare_word_next_lands_on_the_profile_not_an_error_page(
    client_for, recruiter, requisition, make_candidate
):
    person = make_candidate()
    response = client_for(recruiter).post(
        reverse("workflows:pipeline-add-for-candidate", args=[person.pk]),
        {"requisition": requisition.pk, "next": "foo"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("candidates:detail", args=[person.pk])
    assert Application.objects.filter(candidate=person, requisition=requisition).exists()
