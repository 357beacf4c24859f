"""The profile's "Add to the pipeline of": a search field over the requisitions the viewer may
use (htmx as you type, a plain GET form without JavaScript), never a select of every search."""

from django.urls import reverse

from tests.candidates.conftest import query_count
from tests.factories import HiringManagerFactory, RecruiterFactory, RequisitionFactory
from workflows.applications.services import application_create


def _profile(client, person, headers=None, **params):
    return client.get(reverse("candidates:detail", args=[person.pk]), params, headers=headers)


def _batch(count: int, **fields):
    """`count` draft requisitions sharing one HM and recruiter (quicker than one pair each)."""
    people = {"hiring_manager": HiringManagerFactory(), "recruiter": RecruiterFactory()}
    return RequisitionFactory.create_batch(count, **{**people, **fields})


def test_the_profile_lists_ten_requisitions_the_viewers_own_first(
    client_for, recruiter, make_candidate
):
    _batch(15)
    mine = RequisitionFactory(recruiter=recruiter, title="Zeta Platform Lead")
    person = make_candidate()

    response = _profile(client_for(recruiter), person)

    matches = response.context["pipeline_matches"]
    assert len(matches) == 10 and matches[0] == mine
    page = response.content.decode()
    assert page.count('name="requisition" value=') == 10
    assert "More requisitions match" in page
    assert '<select name="requisition" id="pipeline-requisition"' not in page


def test_typing_finds_a_requisition_by_title_department_or_location_without_javascript(
    client_for, recruiter, make_candidate
):
    _batch(12)
    wanted = RequisitionFactory(title="Payments Engineer", location="Lisbon")
    person = make_candidate()
    client = client_for(recruiter)

    by_title = _profile(client, person, pipeline_q="payments").context["pipeline_matches"]
    by_place = _profile(client, person, pipeline_q="engineer lisbon").context["pipeline_matches"]

    assert by_title == [wanted] and by_place == [wanted]
    nothing = _profile(client, person, pipeline_q="astronaut").content.decode()
    assert "No draft, open or on-hold requisition matches “astronaut”" in nothing


def test_htmx_gets_only_the_matches(client_for, recruiter, make_candidate):
    wanted = RequisitionFactory(title="Payments Engineer")
    person = make_candidate()

    response = _profile(
        client_for(recruiter), person, headers={"HX-Request": "true"}, pipeline_q="payments"
    )

    page = response.content.decode().strip()
    assert page.startswith('<div id="pipeline-matches"') and "<html" not in page
    assert f'value="{wanted.pk}"' in page and "csrfmiddlewaretoken" in page


def test_the_picker_leaves_out_pipelines_the_candidate_is_in(client_for, recruiter, make_candidate):
    inside = RequisitionFactory(title="Payments Engineer")
    other = RequisitionFactory(title="Payments Analyst")
    person = make_candidate()
    application_create(candidate=person, requisition=inside, by=recruiter, source="sourced")

    matches = _profile(client_for(recruiter), person, pipeline_q="payments").context[
        "pipeline_matches"
    ]

    assert matches == [other]


def test_the_note_form_offers_only_the_candidates_own_pipelines(
    client_for, recruiter, make_candidate
):
    _batch(5)
    inside = RequisitionFactory(title="Payments Engineer")
    person = make_candidate()
    application_create(candidate=person, requisition=inside, by=recruiter, source="sourced")

    form = _profile(client_for(recruiter), person).context["note_form"]

    assert list(form.fields["requisition"].queryset) == [inside]


def test_the_profile_costs_the_same_queries_and_bytes_with_20_or_200_requisitions(
    client_for, recruiter, make_candidate
):
    person = make_candidate()
    client = client_for(recruiter)
    _batch(20)
    small_queries = query_count(lambda: _profile(client, person))
    small_bytes = len(_profile(client, person).content)
    _batch(180)

    assert query_count(lambda: _profile(client, person)) == small_queries
    assert len(_profile(client, person).content) < small_bytes * 1.05
