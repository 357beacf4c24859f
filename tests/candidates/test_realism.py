"""The realism meter: how many people in the database have each must-have, and all three."""

import pytest
from django.urls import reverse

from candidates.models import Candidate
from candidates.selectors import realism_for, search_matches
from requisitions.models import Requisition
from tests.factories import CriterionFactory, RequisitionFactory


@pytest.fixture
def requisition(db, recruiter, hiring_manager):
    requisition = RequisitionFactory(recruiter=recruiter, hiring_manager=hiring_manager)
    for name in ("Python", "Kubernetes", "Mandarin"):
        CriterionFactory(requisition=requisition, kind="must_have", name=name)
    CriterionFactory(requisition=requisition, kind="nice_to_have", name="Go")
    return requisition


@pytest.fixture
def database(make_candidate):
    make_candidate(skills=["python", "kubernetes"], resume_text="Fluent in Mandarin.")
    make_candidate(skills=["python", "kubernetes"])
    make_candidate(skills=["python"])
    make_candidate(skills=["go"])


def _meter(client, requisition, **headers):
    return client.get(reverse("candidates:realism", args=[requisition.pk]), **headers)


def test_the_meter_counts_each_must_have_and_all_three_and_warns_when_rare(
    client_for, recruiter, requisition, database
):
    response = _meter(client_for(recruiter), requisition)

    realism = response.context["realism"]
    assert [(m.criterion.name, m.count) for m in realism.per_must_have] == [
        ("Python", 3),
        ("Kubernetes", 2),
        ("Mandarin", 1),
    ]
    assert realism.all_together == 1
    assert realism.total == 4
    assert "Very few people have all 3 must-haves together" in response.content.decode()


def test_no_warning_when_plenty_of_people_have_all_three(
    client_for, recruiter, requisition, make_candidate
):
    for _ in range(10):
        make_candidate(skills=["python", "kubernetes", "mandarin"])
    page = _meter(client_for(recruiter), requisition).content.decode()
    assert "Very few people" not in page
    assert "<strong>10</strong>" in page


def test_the_requisitions_hiring_manager_sees_the_counts_but_no_names(
    client_for, hiring_manager, requisition, database
):
    response = _meter(client_for(hiring_manager), requisition)
    assert response.status_code == 200
    assert "Casey" not in response.content.decode()


def test_another_hiring_manager_gets_404(client_for, other_hiring_manager, requisition):
    assert _meter(client_for(other_hiring_manager), requisition).status_code == 404


def test_htmx_gets_only_the_meter(client_for, recruiter, requisition, database):
    response = _meter(client_for(recruiter), requisition, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<section class="realism-meter"')
    assert "<html" not in page


def test_without_must_haves_the_meter_says_what_to_do(client_for, recruiter, hiring_manager):
    bare = RequisitionFactory(hiring_manager=hiring_manager)
    page = _meter(client_for(recruiter), bare).content.decode()
    assert "Add the must-haves at intake" in page


def test_the_meter_refuses_a_post(client_for, recruiter, requisition):
    url = reverse("candidates:realism", args=[requisition.pk])
    assert client_for(recruiter).post(url).status_code == 405


def test_the_intake_page_loads_the_meter_and_links_to_it_without_javascript(
    client_for, requisition, hiring_manager
):
    page = client_for(hiring_manager).get(f"/requisitions/{requisition.pk}/intake/")
    realism = reverse("candidates:realism", args=[requisition.pk])
    assert f'hx-get="{realism}"' in page.content.decode()
    assert f'<a href="{realism}">' in page.content.decode()


def test_python_in_production_counts_everyone_search_finds_for_python(
    client_for, recruiter, hiring_manager, make_candidate
):
    requisition = RequisitionFactory(recruiter=recruiter, hiring_manager=hiring_manager)
    CriterionFactory(requisition=requisition, kind="must_have", name="Python in production")
    make_candidate(skills=["python", "django"])
    make_candidate(skills=["python"], current_title="Data Engineer")
    make_candidate(skills=["go"], resume_text="Wrote Python tooling for the build.")
    make_candidate(skills=["figma"])

    response = _meter(client_for(recruiter), requisition)

    [must_have] = response.context["realism"].per_must_have
    assert must_have.words == ("python",) and must_have.named_skills
    assert must_have.count == 3 == search_matches(Candidate.objects.all(), "python").count()
    assert "the skill <mark>python</mark>" in response.content.decode()


def test_a_must_have_naming_no_skill_counts_its_meaningful_words(hiring_manager, make_candidate):
    requisition = RequisitionFactory(hiring_manager=hiring_manager)
    CriterionFactory(requisition=requisition, kind="must_have", name="Speaks Mandarin")
    make_candidate(resume_text="She speaks Mandarin and Cantonese.")
    make_candidate(resume_text="Learning Mandarin.")

    [must_have] = realism_for(requisition).per_must_have

    assert must_have.words == ("speaks", "mandarin") and not must_have.named_skills
    assert must_have.count == 1


def test_a_longer_skill_name_wins_over_its_words(hiring_manager, make_candidate):
    requisition = RequisitionFactory(hiring_manager=hiring_manager)
    CriterionFactory(requisition=requisition, kind="must_have", name="Applied machine learning")
    make_candidate(skills=["machine learning"])
    make_candidate(skills=["learning"], resume_text="Machine shop.")

    [must_have] = realism_for(requisition).per_must_have

    assert must_have.words == ("machine learning",)


def test_the_demo_backend_search_counts_its_python_must_have_like_search(demo_data):
    requisition = Requisition.objects.get(title="Senior Backend Engineer")

    realism = realism_for(requisition)

    python = realism.per_must_have[0]
    assert python.criterion.name == "Python in production"
    assert python.words == ("python",)
    assert python.count == search_matches(Candidate.objects.all(), "python").count() > 50
