"""The public job board: only open, published requisitions, searchable, in constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from requisitions.services import requisition_move, requisition_update
from tests.factories import RequisitionFactory, open_requisition

pytestmark = pytest.mark.django_db


def _listed(client, query=""):
    response = client.get(f"/jobs/{query}")
    assert response.status_code == 200
    return {job.slug for job in response.context["page"].object_list}


def test_only_open_published_requisitions_are_listed_and_reachable(client):
    listed = open_requisition(title="Data Engineer", slug="data-engineer")
    hidden = open_requisition(title="Secret Search", slug="secret-search")
    requisition_update(requisition=hidden, by=hidden.recruiter, published=False)
    on_hold = open_requisition(title="Paused Role", slug="paused-role")
    requisition_move(requisition=on_hold, transition="hold", by=on_hold.recruiter)
    cancelled = open_requisition(title="Gone Role", slug="gone-role")
    requisition_move(
        requisition=cancelled, transition="cancel", by=cancelled.recruiter, reason="Budget cut"
    )
    draft = RequisitionFactory(title="Draft Role", slug="draft-role")

    assert _listed(client) == {"data-engineer"}
    assert client.get(f"/jobs/{listed.slug}/").status_code == 200
    assert client.get(f"/jobs/{listed.slug}/apply/").status_code == 200
    for job in (hidden, on_hold, cancelled, draft):
        assert client.get(f"/jobs/{job.slug}/").status_code == 404
        assert client.get(f"/jobs/{job.slug}/apply/").status_code == 404
        assert client.get(f"/jobs/{job.slug}/apply/thanks/").status_code == 404


def test_the_job_page_shows_the_public_description_and_an_apply_button(client):
    job = open_requisition(
        title="Data Engineer", slug="data-engineer", description="Build our data platform."
    )
    content = client.get(f"/jobs/{job.slug}/").content.decode()
    assert "<h1>Data Engineer</h1>" in content
    assert "Build our data platform." in content
    assert f'href="/jobs/{job.slug}/apply/"' in content
    # Nothing internal reaches the public page.
    assert job.hiring_manager.get_full_name() not in content


def test_search_and_filters_narrow_the_list(client):
    open_requisition(title="Data Engineer", slug="data-engineer", department="Data")
    open_requisition(
        title="Product Designer", slug="product-designer", department="Design", location="Lisbon"
    )
    open_requisition(
        title="Support Intern",
        slug="support-intern",
        department="Support",
        employment_type="internship",
    )
    assert _listed(client, "?q=designer") == {"product-designer"}
    assert _listed(client, "?department=Data") == {"data-engineer"}
    assert _listed(client, "?location=Lisbon") == {"product-designer"}
    assert _listed(client, "?employment_type=internship") == {"support-intern"}
    response = client.get("/jobs/?q=astronaut")
    assert "No open job matches your search" in response.content.decode()


def test_the_board_works_for_visitors_with_accessible_markup(client):
    open_requisition(title="Data Engineer", slug="data-engineer")
    content = client.get("/jobs/").content.decode()
    assert 'role="search"' in content
    assert '<label for="id_q">Search jobs</label>' in content
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in content
    assert 'href="/jobs/"' in content  # the brand leads candidates back to the board


def test_an_empty_board_says_so(client):
    assert "no open positions right now" in client.get("/jobs/").content.decode()


def test_the_job_board_refuses_a_post(client):
    assert client.post("/jobs/").status_code == 405


def test_the_board_costs_the_same_queries_for_one_job_or_many(client):
    open_requisition(title="Role 0", slug="role-0")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/jobs/").status_code == 200
        return len(queries)

    one = count()
    for n in range(1, 6):
        open_requisition(title=f"Role {n}", slug=f"role-{n}", department=f"Dept {n}")
    assert count() == one
