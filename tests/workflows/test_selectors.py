"""Who sees which applications (DESIGN.md, "who sees what")."""

import pytest
from django.http import Http404

from tests.factories import ApplicationFactory, RequisitionFactory
from workflows.applications.selectors import get_application_for_user, visible_applications
from workflows.applications.services import application_move


def test_recruiters_and_admins_see_every_application(application, recruiter, admin_user):
    ApplicationFactory()
    assert visible_applications(recruiter).count() == 2
    assert visible_applications(admin_user).count() == 2


def test_an_hm_sees_only_their_applications_that_reached_the_shortlist(
    requisition, application, advance, hiring_manager
):
    not_yet = ApplicationFactory(requisition=requisition)
    shortlisted = advance(application, "shortlisted")
    ApplicationFactory(requisition=RequisitionFactory(status="open"))  # another HM's
    assert list(visible_applications(hiring_manager)) == [shortlisted]
    with pytest.raises(Http404):
        get_application_for_user(hiring_manager, not_yet.pk)


def test_an_hm_still_sees_a_shortlisted_candidate_after_declining_them(
    application, advance, hiring_manager, reason
):
    app = advance(application, "shortlisted")
    application_move(
        application=app, transition="decline", by=hiring_manager, reason=reason, feedback="No."
    )
    assert get_application_for_user(hiring_manager, app.pk).state == "rejected"


def test_an_hm_never_sees_a_candidate_rejected_before_the_shortlist(
    application, hiring_manager, recruiter, reason
):
    application_move(application=application, transition="reject", by=recruiter, reason=reason)
    with pytest.raises(Http404):
        get_application_for_user(hiring_manager, application.pk)


def test_another_hm_sees_nothing_of_this_requisition(application, advance, other_hiring_manager):
    app = advance(application, "shortlisted")
    with pytest.raises(Http404):
        get_application_for_user(other_hiring_manager, app.pk)


def test_a_user_without_a_role_sees_no_application(application, user_without_role):
    assert not visible_applications(user_without_role).exists()
