import pytest
from django.urls import reverse

from tests.factories import HiringManagerFactory, RequisitionFactory, open_requisition

URL = reverse("requisitions:list")


def test_a_recruiter_sees_every_requisition(client_for, recruiter, hiring_manager):
    RequisitionFactory(title="Senior Backend Engineer", hiring_manager=hiring_manager)
    RequisitionFactory(title="Product Designer")
    response = client_for(recruiter).get(URL)
    assert response.status_code == 200
    assert "Senior Backend Engineer" in response.text
    assert "Product Designer" in response.text


def test_a_hiring_manager_sees_only_their_requisitions(
    client_for, hiring_manager, other_hiring_manager
):
    RequisitionFactory(title="Senior Backend Engineer", hiring_manager=hiring_manager)
    RequisitionFactory(title="Product Designer", hiring_manager=other_hiring_manager)
    response = client_for(hiring_manager).get(URL)
    assert "Senior Backend Engineer" in response.text
    assert "Product Designer" not in response.text


def test_filters_by_status_department_and_mine(client_for, recruiter):
    open_requisition(title="Open Engineer", department="Engineering")
    RequisitionFactory(title="Draft Designer", department="Design", recruiter=recruiter)
    client = client_for(recruiter)
    by_status = client.get(URL, {"status": "open"}).text
    assert "Open Engineer" in by_status and "Draft Designer" not in by_status
    by_department = client.get(URL, {"department": "Design"}).text
    assert "Draft Designer" in by_department and "Open Engineer" not in by_department
    mine = client.get(URL, {"mine": "on"}).text
    assert "Draft Designer" in mine and "Open Engineer" not in mine


def test_an_unknown_filter_value_is_ignored(client_for, recruiter):
    RequisitionFactory(title="Data Analyst")
    assert "Data Analyst" in client_for(recruiter).get(URL, {"status": "bogus"}).text


def test_the_empty_list_says_what_to_do_next(client_for, recruiter, hiring_manager):
    assert "Create the first one" in client_for(recruiter).get(URL).text
    assert "Request a new hire" in client_for(hiring_manager).get(URL).text


def test_posting_to_the_list_is_not_allowed(client_for, recruiter):
    assert client_for(recruiter).post(URL).status_code == 405


@pytest.mark.parametrize("persona", ["recruiter", "hiring_manager"])
def test_the_list_query_count_does_not_grow_with_the_rows(client_for, request, persona):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = request.getfixturevalue(persona)
    client = client_for(user)
    managers = [user if persona == "hiring_manager" else HiringManagerFactory() for _ in range(3)]
    RequisitionFactory(hiring_manager=managers[0])
    client.get(URL)  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for n in range(12):
        RequisitionFactory(hiring_manager=managers[n % 3], department=f"Dept {n % 4}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.text.count("/requisitions/") >= 5
    assert len(many) == len(one)
