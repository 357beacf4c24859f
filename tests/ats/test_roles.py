from django.contrib.auth.models import Group

from ats.roles import HIRING_MANAGER, RECRUITER, roles_for
from tests.factories import UserFactory


def test_roles_migration_creates_the_recruiter_and_hiring_manager_groups(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {RECRUITER, HIRING_MANAGER}


def test_a_user_in_both_groups_is_recruiter_and_hiring_manager(db):
    user = UserFactory(roles=[RECRUITER, HIRING_MANAGER])
    roles = roles_for(user)
    assert roles.is_recruiter and roles.is_hiring_manager and not roles.is_admin
    assert roles.label == "Recruiter · Hiring manager"


def test_staff_users_are_admins_and_see_everything(admin_user):
    assert roles_for(admin_user).is_admin
    assert roles_for(admin_user).sees_everything


def test_a_hiring_manager_does_not_see_everything(hiring_manager):
    assert not roles_for(hiring_manager).sees_everything


def test_an_inactive_user_has_no_role(db):
    user = UserFactory(roles=[RECRUITER], is_active=False)
    assert not roles_for(user).is_recruiter


def test_roles_are_read_with_one_query_per_user(recruiter, django_assert_num_queries):
    with django_assert_num_queries(1):
        roles_for(recruiter)
        roles_for(recruiter)
