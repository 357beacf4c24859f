"""Personas shared by every test (STYLE.md): recruiter, hiring manager, another HM, admin."""

import pytest

from tests.factories import AdminFactory, HiringManagerFactory, RecruiterFactory, UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def recruiter(db):
    return RecruiterFactory(first_name="Rita", last_name="Recruiter")


@pytest.fixture
def hiring_manager(db):
    return HiringManagerFactory(first_name="Hank", last_name="Manager")


@pytest.fixture
def other_hiring_manager(db):
    return HiringManagerFactory(first_name="Olga", last_name="Other")


@pytest.fixture
def admin_user(db):
    return AdminFactory(first_name="Ada", last_name="Admin")


@pytest.fixture
def user_without_role(db):
    return UserFactory()


@pytest.fixture
def client_for(client):
    """`client_for(user)`: a test client logged in as `user`."""

    def login(user):
        client.force_login(user)
        return client

    return login
