"""Demo requisitions for `manager` and `recruiter`, in different states (run by seed_demo).

Made through the services, as people would; idempotent by slug: a requisition that exists is left
as it is.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from requisitions import services
from requisitions.models import Criterion, Requisition
from requisitions.selectors import service_level_defaults

MUST, NICE = Criterion.Kind.MUST_HAVE, Criterion.Kind.NICE_TO_HAVE

BACKEND_CRITERIA = [
    (MUST, "Python in production", "Has shipped and operated Python services, not only scripts."),
    (MUST, "Relational data modelling", "Designs schemas and migrations; reads query plans."),
    (MUST, "Mentors others", "Has helped a junior engineer grow; gives concrete examples."),
    (NICE, "Django", ""),
    (NICE, "Celery or another task queue", ""),
    (NICE, "On-call experience", "Has handled incidents and written a post-mortem."),
    (NICE, "Payments domain", ""),
]
DESIGN_CRITERIA = [
    (MUST, "Interaction design portfolio", "Case studies showing the process, not only visuals."),
    (MUST, "User research", ""),
    (MUST, "Design systems", ""),
    (NICE, "Figma", ""),
    (NICE, "Accessibility (WCAG)", ""),
    (NICE, "B2B SaaS", ""),
]


def _criteria(rows):
    return [services.CriterionInput(kind=k, name=n, guidance=g) for k, n, g in rows]


def _complete_intake(requisition, *, recruiter, manager, criteria, stages, sourcing) -> None:
    saved = services.criteria_save(requisition=requisition, by=recruiter, criteria=criteria)
    by_name = {criterion.name: criterion for criterion in saved}
    services.interview_plan_save(
        requisition=requisition,
        by=manager,
        stages=[
            services.StageInput(
                name=name,
                interviewers=people,
                focus_areas=[by_name[n] for n in focus],
                duration_minutes=minutes,
                follow_up_by=follow_up,
            )
            for name, people, focus, minutes, follow_up in stages
        ],
    )
    services.service_levels_save(
        requisition=requisition, by=recruiter, hours=service_level_defaults()
    )
    services.intake_save(
        requisition=requisition,
        by=manager,
        meeting_at=timezone.now() - timedelta(days=2),
        attendees=[recruiter, manager],
        held=True,
        **sourcing,
    )


def _backend(recruiter, manager) -> Requisition:
    backend = services.requisition_create(
        by=recruiter,
        title="Senior Backend Engineer",
        department="Engineering",
        location="Berlin",
        headcount=2,
        hiring_manager=manager,
        target_fill_date=timezone.localdate() + timedelta(days=60),
        description=(
            "Build and run the payment services behind our product with a team of six. "
            "Python, PostgreSQL and a healthy on-call rotation."
        ),
    )
    _complete_intake(
        backend,
        recruiter=recruiter,
        manager=manager,
        criteria=_criteria(BACKEND_CRITERIA),
        stages=[
            ("Recruiter screen", [recruiter], ["Mentors others"], 30, "recruiter"),
            (
                "Technical interview",
                [manager],
                ["Python in production", "Relational data modelling"],
                90,
                "hiring_manager",
            ),
            ("Team conversation", [manager], ["Mentors others"], 45, "recruiter"),
        ],
        sourcing={
            "responsibilities": "Owns the payments API and its on-call; mentors two juniors.",
            "remote_policy": "hybrid",
            "locations": ["Berlin", "Hamburg", "Remote within the EU"],
            "target_companies": ["N26", "Zalando", "Delivery Hero"],
            "job_boards": ["LinkedIn", "Berlin Startup Jobs", "Stack Overflow Jobs"],
            "keywords": ["Python", "Django", "PostgreSQL", "payments"],
            "referral_notes": "Ask the platform team: two of them came by referral.",
        },
    )
    services.requisition_move(requisition=backend, transition="open", by=recruiter)
    return backend


def _designer(recruiter, manager) -> Requisition:
    designer = services.requisition_create(
        by=recruiter,
        title="Product Designer",
        department="Design",
        location="Remote",
        hiring_manager=manager,
        description="Shape how recruiters and hiring managers work together in Tandem.",
    )
    services.criteria_save(requisition=designer, by=recruiter, criteria=_criteria(DESIGN_CRITERIA))
    return designer


def _analyst(recruiter, manager) -> Requisition:
    return services.requisition_request(
        by=manager,
        title="Data Analyst",
        department="Analytics",
        location="London",
        description="Turn our hiring funnel data into decisions.",
    )


def _platform(recruiter, manager) -> Requisition:
    platform = services.requisition_create(
        by=recruiter,
        title="Engineering Manager, Platform",
        department="Engineering",
        location="Berlin",
        hiring_manager=manager,
    )
    _complete_intake(
        platform,
        recruiter=recruiter,
        manager=manager,
        criteria=_criteria(
            [
                (MUST, "Has led a team of 5+", ""),
                (MUST, "Infrastructure background", ""),
                (MUST, "Hires well", ""),
                (NICE, "Kubernetes", ""),
                (NICE, "Budget ownership", ""),
                (NICE, "Open source", ""),
            ]
        ),
        stages=[("Leadership interview", [manager], ["Hires well"], 60, "hiring_manager")],
        sourcing={"remote_policy": "on_site", "locations": ["Berlin"]},
    )
    services.requisition_move(requisition=platform, transition="open", by=recruiter)
    services.requisition_move(requisition=platform, transition="hold", by=recruiter)
    return platform


# Each demo requisition by its slug: an open search, a draft, an HM's request, one on hold.
DEMO_REQUISITIONS = {
    "senior-backend-engineer": _backend,
    "product-designer": _designer,
    "data-analyst": _analyst,
    "engineering-manager-platform": _platform,
}


def seed(*, users: dict, stdout) -> None:
    recruiter, manager = users["recruiter"], users["manager"]
    existing = set(
        Requisition.objects.filter(slug__in=DEMO_REQUISITIONS).values_list("slug", flat=True)
    )
    made = [
        make(recruiter, manager) for slug, make in DEMO_REQUISITIONS.items() if slug not in existing
    ]

    for requisition in made:
        requisition.refresh_from_db()
        stdout.write(f"created requisition {requisition.title} ({requisition.status})")
