"""The read endpoints: the page's search, cursor pages, the intake on a requisition, and a
constant number of queries however many rows a page holds."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.services import candidate_create
from tests.factories import (
    ApplicationFactory,
    RequisitionFactory,
    open_requisition,
)


def _count_queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200
    return len(queries)


def test_candidate_search_finds_what_the_search_page_finds(api_for, client_for, recruiter):
    def person(name, **fields):
        # Through the service, which keeps the search vector PostgreSQL searches.
        return candidate_create(
            by=recruiter, first_name=name, last_name="Doe", email=f"{name}@example.org", **fields
        )

    haskell = person("Ada", skills=["haskell", "ocaml"])
    person("Bob", skills=["java"])
    person("Cleo", current_title="Haskell developer", skills=["elm"])
    listed = api_for(recruiter).get("/api/v1/candidates/", {"q": "haskell"}).json()["results"]
    page = client_for(recruiter).get("/candidates/", {"q": "haskell"})
    page_ids = {candidate.pk for candidate, _reasons in page.context["results"]}
    assert {row["id"] for row in listed} == page_ids
    assert haskell.pk in page_ids and len(page_ids) == 2
    assert "resume_text" not in listed[0]


def test_cursor_pages_walk_every_row_once(api_for, recruiter):
    made = {RequisitionFactory(recruiter=recruiter).pk for _ in range(5)}
    api = api_for(recruiter)
    seen, url, pages = [], "/api/v1/requisitions/?page_size=2", 0
    while url:
        body = api.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url, pages = body["next"], pages + 1
    assert sorted(seen, reverse=True) == seen and set(seen) == made and len(seen) == 5
    assert pages == 3


def test_a_requisition_shows_its_intake(api_for, recruiter, hiring_manager):
    requisition = open_requisition(recruiter=recruiter, hiring_manager=hiring_manager)
    body = api_for(hiring_manager).get(f"/api/v1/requisitions/{requisition.pk}/").json()
    assert body["status"] == "open" and body["hiring_manager"] == hiring_manager.pk
    assert sorted(c["kind"] for c in body["criteria"]) == ["must_have"] * 3 + ["nice_to_have"] * 3
    assert body["stages"][0]["name"] == "Technical interview"
    assert body["stages"][0]["interviewers"] == [hiring_manager.pk]
    assert {level["duty"] for level in body["service_levels"]}


def test_application_and_requisition_lists_cost_the_same_queries_for_1_or_20_rows(
    api_for, recruiter
):
    api = api_for(recruiter)
    requisition = RequisitionFactory(recruiter=recruiter, status="open")
    ApplicationFactory(requisition=requisition)
    api.get("/api/v1/users/")  # the token's first use records last_used_at (one write a minute)
    one = _count_queries(lambda: api.get("/api/v1/applications/"))
    one_req = _count_queries(lambda: api.get("/api/v1/requisitions/"))
    for _ in range(19):
        ApplicationFactory(requisition=RequisitionFactory(recruiter=recruiter, status="open"))
    assert _count_queries(lambda: api.get("/api/v1/applications/")) == one
    assert _count_queries(lambda: api.get("/api/v1/requisitions/")) == one_req


HUGE = 21235061766628330390572498944  # more than any database id holds


def test_a_huge_requisition_filter_is_a_400_naming_it_not_a_server_error(api_for, recruiter):
    response = api_for(recruiter).get(f"/api/v1/applications/?requisition={HUGE}")
    assert response.status_code == 400
    assert "requisition" in response.json()


def test_a_huge_id_in_the_path_is_a_404_not_a_server_error(api_for, recruiter):
    client = api_for(recruiter, write=True)
    for path in ("requisitions", "candidates", "applications"):
        assert client.get(f"/api/v1/{path}/{HUGE}/").status_code == 404
    response = client.post(f"/api/v1/applications/{HUGE}/move/", {"transition": "screen"})
    assert response.status_code == 404
