"""factory-boy factories: the one place tests make data they do not reach through a service."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ats.roles import HIRING_MANAGER, RECRUITER


def _join_groups(user, create, names) -> None:
    # get_or_create: a transactional test before this one may have flushed the migration's groups.
    if create and names:
        user.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in names))


class UserFactory(factory.django.DjangoModelFactory):
    """A user; `UserFactory(roles=["Recruiter"])` puts them in role groups."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _join_groups(self, create, extracted)


class RecruiterFactory(UserFactory):
    username = factory.Sequence(lambda n: f"recruiter{n}")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _join_groups(self, create, extracted or [RECRUITER])


class HiringManagerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"manager{n}")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _join_groups(self, create, extracted or [HIRING_MANAGER])


class AdminFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    is_staff = True
    is_superuser = True
