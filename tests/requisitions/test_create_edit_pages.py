from django.urls import reverse

from requisitions.models import Requisition, RequisitionEvent
from tests.factories import RequisitionFactory

URL = reverse("requisitions:create")


def _data(**overrides):
    return {
        "title": "Senior Backend Engineer",
        "department": "Engineering",
        "location": "Berlin",
        "employment_type": "full_time",
        "headcount": "1",
        "description": "Build our payments API.",
        **overrides,
    }


def test_a_recruiter_creates_a_draft_for_a_hiring_manager(client_for, recruiter, hiring_manager):
    client = client_for(recruiter)
    assert "Choose the hiring manager" in client.get(URL).text
    response = client.post(URL, _data(hiring_manager=hiring_manager.pk, recruiter=recruiter.pk))
    requisition = Requisition.objects.get()
    assert response.headers["Location"] == reverse("requisitions:detail", args=[requisition.pk])
    assert requisition.status == "draft"
    assert requisition.hiring_manager == hiring_manager
    assert requisition.recruiter == recruiter
    assert requisition.created_by == recruiter
    assert requisition.slug == "senior-backend-engineer"
    assert requisition.events.get().kind == RequisitionEvent.Kind.CREATED


def test_slugs_come_from_the_title_and_stay_unique(client_for, recruiter, hiring_manager):
    client = client_for(recruiter)
    for _ in range(3):
        client.post(URL, _data(hiring_manager=hiring_manager.pk))
    assert sorted(Requisition.objects.values_list("slug", flat=True)) == [
        "senior-backend-engineer",
        "senior-backend-engineer-2",
        "senior-backend-engineer-3",
    ]


def test_a_hiring_manager_requests_a_hire_without_naming_anyone(client_for, hiring_manager):
    client = client_for(hiring_manager)
    page = client.get(URL).text
    assert "Request a new hire" in page
    assert 'name="hiring_manager"' not in page
    client.post(URL, _data(title="Data Analyst", hiring_manager="999"))
    requisition = Requisition.objects.get()
    assert requisition.hiring_manager == hiring_manager
    assert requisition.recruiter is None
    assert requisition.status == "draft"
    assert requisition.events.get().kind == RequisitionEvent.Kind.REQUESTED


def test_blank_and_too_long_fields_are_explained_and_nothing_is_saved(
    client_for, recruiter, hiring_manager
):
    response = client_for(recruiter).post(
        URL, _data(title="", location="x" * 151, hiring_manager=hiring_manager.pk)
    )
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert "Ensure this value has at most 150 characters (it has 151)." in response.text
    assert 'value="Engineering"' in response.text  # what was typed is kept
    assert not Requisition.objects.exists()


def test_the_hiring_manager_must_be_an_active_hiring_manager(
    client_for, recruiter, hiring_manager, user_without_role
):
    hiring_manager.is_active = False
    hiring_manager.save()
    client = client_for(recruiter)
    for candidate in (hiring_manager, user_without_role):
        response = client.post(URL, _data(hiring_manager=candidate.pk))
        assert "Select a valid choice" in response.text
    assert not Requisition.objects.exists()


def test_a_user_without_a_role_cannot_start_a_requisition(client_for, user_without_role):
    assert client_for(user_without_role).get(URL).status_code == 403


def test_create_answers_get_and_post_only(client_for, recruiter):
    assert client_for(recruiter).put(URL).status_code == 405


def test_the_recruiter_edits_details_and_assigns_themselves(client_for, recruiter):
    requisition = RequisitionFactory(recruiter=None, title="Data Analyst")
    url = reverse("requisitions:edit", args=[requisition.pk])
    response = client_for(recruiter).post(
        url,
        _data(
            title="Senior Data Analyst",
            hiring_manager=requisition.hiring_manager.pk,
            recruiter=recruiter.pk,
        ),
    )
    assert response.status_code == 302
    requisition.refresh_from_db()
    assert requisition.recruiter == recruiter
    assert requisition.slug == "senior-data-analyst"
    assert "Edited" in requisition.events.get().summary


def test_editing_with_bad_input_keeps_the_requisition(client_for, recruiter):
    requisition = RequisitionFactory(title="Data Analyst")
    url = reverse("requisitions:edit", args=[requisition.pk])
    response = client_for(recruiter).post(
        url, _data(title="", headcount="0", hiring_manager=requisition.hiring_manager.pk)
    )
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 1." in response.text
    requisition.refresh_from_db()
    assert requisition.title == "Data Analyst"


def test_a_hiring_manager_edits_only_their_own_draft(
    client_for, hiring_manager, other_hiring_manager
):
    requisition = RequisitionFactory(hiring_manager=hiring_manager)
    url = reverse("requisitions:edit", args=[requisition.pk])
    assert client_for(other_hiring_manager).get(url).status_code == 404
    response = client_for(hiring_manager).post(url, _data(title="Staff Engineer"))
    assert response.status_code == 302
    requisition.refresh_from_db()
    assert requisition.title == "Staff Engineer"
