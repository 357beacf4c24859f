"""The realism meter: how many people in the database have each must-have, and all three."""

import pytest
from django.urls import reverse

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
    assert [(c.name, n) for c, n in realism.per_must_have] == [
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
