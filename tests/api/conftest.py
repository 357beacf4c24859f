"""The API's test helpers: a client carrying a personal token of a persona."""

import pytest
from rest_framework.test import APIClient

from api.services import api_token_create


@pytest.fixture
def api_for(db):
    """`api_for(user, write=False)`: a client sending a fresh token of `user`."""

    def make(user, *, write: bool = False) -> APIClient:
        _, secret = api_token_create(user=user, name="tests", scope="write" if write else "read")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return make


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Each test starts with an untouched rate-limit budget."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def pipelines(recruiter, hiring_manager, other_hiring_manager):
    """Two open requisitions (ours: `hiring_manager`'s; theirs: `other_hiring_manager`'s), each
    with an application still in `applied` and one moved through the services to `shortlisted`."""
    from types import SimpleNamespace

    from tests.factories import ApplicationFactory, CriterionFactory, RequisitionFactory
    from tests.workflows.conftest import MUST_HAVES, complete_screening
    from workflows.applications.services import application_move

    def requisition(manager, title):
        req = RequisitionFactory(
            title=title, status="open", recruiter=recruiter, hiring_manager=manager
        )
        for order, name in enumerate(MUST_HAVES):
            CriterionFactory(requisition=req, kind="must_have", name=name, order=order)
        return req

    def shortlisted(req):
        app = ApplicationFactory(requisition=req)
        application_move(application=app, transition="screen", by=recruiter)
        complete_screening(app, recruiter)
        return application_move(application=app, transition="shortlist", by=recruiter)

    ours = requisition(hiring_manager, "Backend engineer")
    theirs = requisition(other_hiring_manager, "Data analyst")
    return SimpleNamespace(
        ours=ours,
        theirs=theirs,
        ours_applied=ApplicationFactory(requisition=ours),
        ours_shortlisted=shortlisted(ours),
        theirs_applied=ApplicationFactory(requisition=theirs),
        theirs_shortlisted=shortlisted(theirs),
    )
