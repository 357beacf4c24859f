"""The pages' access matrix, repeated for the API: anonymous, recruiter, the requisition's HM,
another HM and an admin, with read and write tokens. What a page hides the API hides (an HM sees
their own requisitions' applications from `shortlisted` on); another's object is a 404."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from tests.factories import DispositionReasonFactory

PERSONAS = ["recruiter", "hiring_manager", "other_hiring_manager", "admin_user"]


@pytest.fixture
def interviewer(pipelines, recruiter, hiring_manager):
    """A colleague without a role, on the panel of the HM's accepted candidate's interview."""
    from tests.factories import InterviewStageFactory, UserFactory
    from tests.workflows.conftest import at, schedule
    from workflows.applications.services import application_move

    person = UserFactory(first_name="Ivan", last_name="Interviewer")
    stage = InterviewStageFactory(requisition=pipelines.ours, interviewers=[person])
    app = application_move(
        application=pipelines.ours_shortlisted, transition="accept", by=hiring_manager
    )
    schedule(app, stage, at(2), recruiter)
    return person


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def _api_paths():
    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern)

    for route in walk(get_resolver().url_patterns):
        if route.startswith("api/v1/") and "format" not in route:
            yield "/" + route.replace("(?P<pk>[^/.]+)", "1").replace("^", "").replace("$", "")


@pytest.mark.parametrize("path", sorted(set(_api_paths())))
def test_every_api_path_answers_an_anonymous_caller_401(db, path):
    assert APIClient().get(path).status_code == 401


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_lists_exactly_the_requisitions_and_applications_of_the_pages(
    request, api_for, pipelines, persona
):
    user = request.getfixturevalue(persona)
    api = api_for(user)
    p = pipelines
    everything = {
        "requisitions": {p.ours.pk, p.theirs.pk},
        "applications": {
            p.ours_applied.pk,
            p.ours_shortlisted.pk,
            p.theirs_applied.pk,
            p.theirs_shortlisted.pk,
        },
    }
    expected = {
        "recruiter": everything,
        "admin_user": everything,
        # Before `shortlisted` an application is the recruiter's work, not yet the HM's.
        "hiring_manager": {"requisitions": {p.ours.pk}, "applications": {p.ours_shortlisted.pk}},
        "other_hiring_manager": {
            "requisitions": {p.theirs.pk},
            "applications": {p.theirs_shortlisted.pk},
        },
    }[persona]
    assert _ids(api.get("/api/v1/requisitions/")) == expected["requisitions"]
    assert _ids(api.get("/api/v1/applications/")) == expected["applications"]


@pytest.mark.parametrize("persona", [*PERSONAS, "interviewer"])
def test_each_object_answers_the_api_exactly_as_its_page_does(
    request, api_for, client_for, pipelines, persona
):
    """For every object, the API's 200/404 is the page's 200/404 for the same person."""
    user = request.getfixturevalue(persona)
    api, page = api_for(user), client_for(user)
    p = pipelines
    objects = [
        ("requisitions", f"/requisitions/{p.ours.pk}/", p.ours.pk),
        ("requisitions", f"/requisitions/{p.theirs.pk}/", p.theirs.pk),
        *(
            ("applications", f"/applications/{app.pk}/", app.pk)
            for app in (p.ours_applied, p.ours_shortlisted, p.theirs_applied, p.theirs_shortlisted)
        ),
        ("candidates", f"/candidates/{p.ours_applied.candidate_id}/", p.ours_applied.candidate_id),
    ]
    seen = []
    for kind, page_path, pk in objects:
        page_status = page.get(page_path).status_code
        api_status = api.get(f"/api/v1/{kind}/{pk}/").status_code
        assert (page_path, api_status) == (page_path, page_status)
        seen.append(api_status)
    # The matrix is not trivially all-200 or all-404: each HM has something on both sides.
    if persona in ("hiring_manager", "other_hiring_manager", "interviewer"):
        assert set(seen) == {200, 404}


def test_an_interviewer_lists_only_the_application_they_interview(api_for, interviewer, pipelines):
    api = api_for(interviewer)
    assert _ids(api.get("/api/v1/applications/")) == {pipelines.ours_shortlisted.pk}
    assert api.get("/api/v1/requisitions/").status_code == 404
    assert api.get("/api/v1/candidates/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("recruiter", 200), ("admin_user", 200), ("hiring_manager", 404)],
)
def test_the_candidate_database_is_the_recruiter_sides_as_on_the_pages(
    request, api_for, pipelines, persona, status
):
    response = api_for(request.getfixturevalue(persona)).get("/api/v1/candidates/")
    assert response.status_code == status
    if status == 200:
        assert pipelines.ours_applied.candidate_id in _ids(response)


def test_an_hm_gets_404_for_another_hms_requisition_and_its_applications(
    api_for, hiring_manager, pipelines
):
    api = api_for(hiring_manager, write=True)
    assert api.get(f"/api/v1/requisitions/{pipelines.theirs.pk}/").status_code == 404
    target = pipelines.theirs_shortlisted
    assert api.get(f"/api/v1/applications/{target.pk}/").status_code == 404
    listed = api.get("/api/v1/applications/", {"requisition": pipelines.theirs.pk})
    assert _ids(listed) == set()
    move = api.post(f"/api/v1/applications/{target.pk}/move/", {"transition": "accept"})
    assert move.status_code == 404
    target.refresh_from_db()
    assert target.state == "shortlisted"


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_read_token_moves_nothing_whoever_holds_it(request, api_for, pipelines, persona):
    api = api_for(request.getfixturevalue(persona))
    app = pipelines.ours_shortlisted
    response = api.post(f"/api/v1/applications/{app.pk}/move/", {"transition": "accept"})
    assert response.status_code == 403
    app.refresh_from_db()
    assert app.state == "shortlisted"


def test_an_hm_may_not_make_a_recruiters_move_even_on_their_own_requisition(
    api_for, hiring_manager, pipelines
):
    app = pipelines.ours_shortlisted
    reason = DispositionReasonFactory()
    response = api_for(hiring_manager, write=True).post(
        f"/api/v1/applications/{app.pk}/move/", {"transition": "reject", "reason": reason.pk}
    )
    assert response.status_code == 403
    assert "may not" in response.json()["detail"]


def test_filters_by_requisition_and_state_and_refuses_a_bad_one(api_for, recruiter, pipelines):
    api = api_for(recruiter)
    p = pipelines
    by_req = api.get("/api/v1/applications/", {"requisition": p.ours.pk})
    assert _ids(by_req) == {p.ours_applied.pk, p.ours_shortlisted.pk}
    both = api.get("/api/v1/applications/", {"requisition": p.ours.pk, "state": "applied"})
    assert _ids(both) == {p.ours_applied.pk}
    bad = api.get("/api/v1/applications/", {"state": "hired-yesterday"})
    assert bad.status_code == 400 and "state" in bad.json()
    assert api.get("/api/v1/applications/", {"requisition": "x"}).status_code == 400
    by_status = api.get("/api/v1/requisitions/", {"status": "open"})
    assert _ids(by_status) == {p.ours.pk, p.theirs.pk}
    assert api.get("/api/v1/requisitions/", {"status": "nope"}).status_code == 400


def test_users_the_recruiter_side_sees_everyone_an_hm_themselves(
    api_for, recruiter, hiring_manager, other_hiring_manager
):
    everyone = _ids(api_for(recruiter).get("/api/v1/users/"))
    assert {recruiter.pk, hiring_manager.pk, other_hiring_manager.pk} <= everyone
    assert _ids(api_for(hiring_manager).get("/api/v1/users/")) == {hiring_manager.pk}
    assert api_for(hiring_manager).get(f"/api/v1/users/{recruiter.pk}/").status_code == 404


def test_disposition_reasons_lists_the_reasons_people_may_give(api_for, recruiter):
    offered = DispositionReasonFactory(label="Salary expectations too high")
    system = DispositionReasonFactory(label="Knock-out: no work permit", is_system=True)
    ids = _ids(api_for(recruiter).get("/api/v1/disposition-reasons/"))
    assert offered.pk in ids and system.pk not in ids
