"""factory-boy factories: the one place tests make data they do not reach through a service."""

import datetime

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


# --- requisitions ---------------------------------------------------------------------------


class RequisitionFactory(factory.django.DjangoModelFactory):
    """A draft requisition. Use the services to move it (status is protected)."""

    class Meta:
        model = "requisitions.Requisition"

    title = factory.Sequence(lambda n: f"Backend Engineer {n}")
    slug = factory.Sequence(lambda n: f"backend-engineer-{n}")
    department = "Engineering"
    location = "Berlin"
    headcount = 1
    description = "Build and run the services behind our product."
    hiring_manager = factory.SubFactory(HiringManagerFactory)
    recruiter = factory.SubFactory(RecruiterFactory)
    created_by = factory.SelfAttribute("recruiter")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "requisitions.Criterion"

    requisition = factory.SubFactory(RequisitionFactory)
    kind = "must_have"
    name = factory.Sequence(lambda n: f"Skill {n}")
    order = factory.Sequence(int)


class InterviewStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "requisitions.InterviewStage"
        skip_postgeneration_save = True

    requisition = factory.SubFactory(RequisitionFactory)
    name = factory.Sequence(lambda n: f"Interview {n}")
    order = factory.Sequence(int)
    duration_minutes = 60

    @factory.post_generation
    def interviewers(self, create, extracted, **kwargs):
        if create:
            self.interviewers.set(extracted or [self.requisition.hiring_manager])


def complete_intake(requisition, *, by=None):
    """Give `requisition` a complete intake through the services (3 + 3 criteria, one stage,
    the default SLAs, the meeting held), so that the recruiter may open it."""
    from datetime import timedelta

    from django.utils import timezone

    from requisitions import services
    from requisitions.selectors import service_level_defaults

    by = by or requisition.recruiter
    criteria = services.criteria_save(
        requisition=requisition,
        by=by,
        criteria=[
            services.CriterionInput(kind=kind, name=f"{kind} {n}")
            for kind in ("must_have", "nice_to_have")
            for n in range(1, 4)
        ],
    )
    services.interview_plan_save(
        requisition=requisition,
        by=by,
        stages=[
            services.StageInput(
                name="Technical interview",
                interviewers=[requisition.hiring_manager],
                focus_areas=criteria[:2],
            )
        ],
    )
    services.service_levels_save(requisition=requisition, by=by, hours=service_level_defaults())
    services.intake_save(
        requisition=requisition,
        by=by,
        meeting_at=timezone.now() - timedelta(hours=1),
        held=True,
    )
    return requisition


def open_requisition(**kwargs):
    """A requisition opened the way people open one: complete intake, then `open`."""
    from requisitions.services import requisition_move

    requisition = complete_intake(RequisitionFactory(**kwargs))
    requisition_move(requisition=requisition, transition="open", by=requisition.recruiter)
    requisition.refresh_from_db()
    return requisition


# --- candidates -----------------------------------------------------------------------------


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "candidates.Candidate"

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"candidate{n}@example.org")
    location = "Berlin"
    current_title = "Software Engineer"
    current_company = "Acme"
    skills = factory.LazyFunction(lambda: ["python", "django", "postgresql"])
    source = "sourced"


# --- workflows ------------------------------------------------------------------------------


class DispositionReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workflows.DispositionReason"
        django_get_or_create = ("group", "label")

    group = "we_declined"
    label = "Skills do not match the must-haves"


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application in `applied` on an open requisition. Move it with application_move."""

    class Meta:
        model = "workflows.Application"

    candidate = factory.SubFactory(CandidateFactory)
    requisition = factory.SubFactory(RequisitionFactory, status="open")
    source = "sourced"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workflows.Task"

    application = factory.SubFactory(ApplicationFactory)
    requisition = factory.SelfAttribute("application.requisition")
    owner = factory.SelfAttribute("application.requisition.recruiter")
    title = "Check references"
    due_at = factory.Faker("future_datetime", tzinfo=datetime.UTC)
    blocking = True


# --- careers --------------------------------------------------------------------------------


class KnockoutQuestionFactory(factory.django.DjangoModelFactory):
    """A yes/no knock-out that requires "yes" (pass kind=... and its fields for the others)."""

    class Meta:
        model = "requisitions.KnockoutQuestion"

    requisition = factory.SubFactory(RequisitionFactory)
    prompt = factory.Sequence(lambda n: f"Do you hold licence {n}?")
    kind = "yes_no"
    required_answer = True
    order = factory.Sequence(int)
