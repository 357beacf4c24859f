"""Realistic, deterministic candidates: a few hundred for the demo, any number for benchmarks.

Row `i` of a domain is always the same person (its random generator is seeded by `i`), so running
the demo seed or `generate_candidates` again creates nothing twice (idempotent by email).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from django.db import connection

from candidates.models import Candidate, JournalEntry
from candidates.services import candidates_bulk_create

DEMO_COUNT = 300
DEMO_DOMAIN = "demo.example.com"
GENERATED_DOMAIN = "generated.example.org"

FIRST_NAMES = [
    "Aisha",
    "Alex",
    "Amara",
    "Ana",
    "Andrei",
    "Anna",
    "Arjun",
    "Ben",
    "Camille",
    "Carlos",
    "Chen",
    "Chloe",
    "Daniel",
    "Diego",
    "Elena",
    "Emeka",
    "Emma",
    "Eva",
    "Fatima",
    "Felix",
    "Grace",
    "Hana",
    "Hugo",
    "Ines",
    "Isabel",
    "Ivan",
    "Jakob",
    "James",
    "Jana",
    "Jonas",
    "Julia",
    "Kai",
    "Karin",
    "Kenji",
    "Lara",
    "Leila",
    "Leon",
    "Lina",
    "Lucas",
    "Maja",
    "Marco",
    "Maria",
    "Mateo",
    "Mei",
    "Mia",
    "Mohammed",
    "Nadia",
    "Noah",
    "Nora",
    "Olga",
    "Omar",
    "Oscar",
    "Paula",
    "Priya",
    "Rafael",
    "Rosa",
    "Sam",
    "Sara",
    "Sofia",
    "Tariq",
    "Theo",
    "Tomas",
    "Valentina",
    "Wei",
    "Yara",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Adeyemi",
    "Alvarez",
    "Andersen",
    "Bauer",
    "Becker",
    "Bianchi",
    "Brown",
    "Castillo",
    "Chen",
    "Costa",
    "Dubois",
    "Eriksson",
    "Fischer",
    "Garcia",
    "Gomez",
    "Haddad",
    "Hansen",
    "Hoffmann",
    "Ivanova",
    "Jansen",
    "Kaya",
    "Keller",
    "Kim",
    "Kowalski",
    "Lambert",
    "Larsen",
    "Lopez",
    "Martin",
    "Meyer",
    "Moreau",
    "Muller",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Olsen",
    "Patel",
    "Petrov",
    "Popescu",
    "Richter",
    "Rossi",
    "Santos",
    "Schmidt",
    "Schneider",
    "Silva",
    "Singh",
    "Smith",
    "Suzuki",
    "Tanaka",
    "Wagner",
    "Weber",
    "Wong",
    "Yilmaz",
    "Zimmermann",
]
LOCATIONS = [
    "Berlin",
    "Munich",
    "Hamburg",
    "Amsterdam",
    "London",
    "Paris",
    "Lisbon",
    "Madrid",
    "Barcelona",
    "Warsaw",
    "Stockholm",
    "Copenhagen",
    "Vienna",
    "Zurich",
    "Dublin",
    "Remote",
]
COMPANIES = [
    "Northwind",
    "Globex",
    "Initech",
    "Umbrella Health",
    "Stark Logistics",
    "Acme Retail",
    "Blue Harbor Bank",
    "Brightline Energy",
    "Cobalt Labs",
    "Lumen Insurance",
    "Parcelio",
    "Quantum Media",
    "Redwood Travel",
    "Solstice Games",
    "Tidewater Foods",
    "Vertex Mobility",
]
SOURCES = ["career_site", "referral", "sourced", "agency", "job_board"]

# family: (titles, core skills, optional skills, typical achievements)
FAMILIES = {
    "backend": (
        ["Backend Engineer", "Senior Backend Engineer", "Software Engineer", "Python Developer"],
        ["python", "django", "postgresql", "rest apis"],
        ["celery", "redis", "docker", "kubernetes", "aws", "go", "kafka", "graphql", "fastapi"],
        [
            "designed and ran REST APIs serving millions of requests a day",
            "cut p95 latency of the order service by 40 percent with query tuning",
            "migrated a monolith to services behind a message queue",
            "introduced contract tests and zero-downtime database migrations",
        ],
    ),
    "frontend": (
        ["Frontend Engineer", "Senior Frontend Developer", "UI Engineer"],
        ["javascript", "typescript", "react", "css"],
        ["next.js", "accessibility", "storybook", "graphql", "webpack", "testing library"],
        [
            "rebuilt the checkout in React and raised conversion by 8 percent",
            "led the accessibility programme to WCAG 2.1 AA",
            "built a design system used by six product teams",
        ],
    ),
    "data_science": (
        ["Data Scientist", "Senior Data Scientist", "Machine Learning Engineer"],
        ["python", "machine learning", "statistics", "sql"],
        ["pytorch", "scikit-learn", "pandas", "spark", "nlp", "experimentation", "mlops"],
        [
            "shipped a churn model that saved 2 million euros a year",
            "ran A/B experiments for pricing and recommendation features",
            "built forecasting pipelines for demand planning",
        ],
    ),
    "devops": (
        ["DevOps Engineer", "Site Reliability Engineer", "Platform Engineer"],
        ["kubernetes", "terraform", "aws", "linux"],
        ["docker", "prometheus", "ansible", "go", "python", "ci/cd", "gcp", "incident response"],
        [
            "ran the Kubernetes platform for 200 services with 99.95 percent availability",
            "automated infrastructure with Terraform modules and GitOps",
            "built observability with Prometheus and on-call runbooks",
        ],
    ),
    "product": (
        ["Product Manager", "Senior Product Manager", "Product Owner"],
        ["product discovery", "roadmapping", "stakeholder management", "user research"],
        ["sql", "b2b saas", "pricing", "analytics", "agile", "okrs"],
        [
            "launched a self-service onboarding that doubled activation",
            "owned the roadmap of the payments product across three teams",
            "ran discovery interviews with forty customers a quarter",
        ],
    ),
    "design": (
        ["Product Designer", "UX Designer", "Senior UX Researcher"],
        ["figma", "user research", "interaction design", "prototyping"],
        ["design systems", "accessibility", "usability testing", "illustration"],
        [
            "redesigned the mobile app onboarding with usability testing",
            "created the design system and its Figma component library",
        ],
    ),
    "sales": (
        ["Account Executive", "Sales Manager", "Business Development Representative"],
        ["b2b sales", "negotiation", "salesforce", "pipeline management"],
        ["saas", "enterprise sales", "cold outreach", "forecasting", "german", "french"],
        [
            "closed 1.4 million euros of new business in a year, 130 percent of quota",
            "opened the DACH market for an enterprise SaaS product",
        ],
    ),
    "data_engineering": (
        ["Data Engineer", "Senior Data Engineer", "Analytics Engineer"],
        ["sql", "python", "airflow", "data modelling"],
        ["spark", "dbt", "kafka", "snowflake", "bigquery", "aws"],
        [
            "built the event pipeline feeding the company data warehouse",
            "modelled the finance marts in dbt with tests and documentation",
        ],
    ),
}


def candidate_row(index: int, *, domain: str) -> dict:
    """The `index`-th generated person for `domain` (always the same one)."""
    rng = random.Random(f"{domain}:{index}")
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    family = rng.choice(list(FAMILIES))
    titles, core, optional, achievements = FAMILIES[family]
    skills = rng.sample(core, k=rng.randint(2, len(core))) + rng.sample(
        optional, k=rng.randint(1, 4)
    )
    title = rng.choice(titles)
    company, previous = rng.sample(COMPANIES, k=2)
    years = rng.randint(2, 15)
    resume = " ".join(
        [
            f"{first} {last}. {title} at {company}, {rng.choice(LOCATIONS)}.",
            f"{years} years of experience; previously at {previous}.",
            *(f"At {rng.choice(COMPANIES)} I {line}." for line in rng.sample(achievements, k=2)),
            "Skills: " + ", ".join(skills) + ".",
            f"Education: {rng.choice(['BSc', 'MSc', 'BA', 'PhD'])} "
            f"{rng.choice(['Computer Science', 'Mathematics', 'Economics', 'Design', 'Physics'])}.",
        ]
    )
    return {
        "first_name": first,
        "last_name": last,
        "email": f"{first}.{last}.{index}@{domain}".lower(),
        "phone": f"+49 30 {rng.randint(1000000, 9999999)}",
        "location": rng.choice(LOCATIONS),
        "current_title": title,
        "current_company": company,
        "skills": skills,
        "links": [f"https://www.linkedin.com/in/{first}-{last}-{index}".lower()],
        "source": rng.choice(SOURCES),
        "talent_pool_consent": rng.random() < 0.7,
        "resume_text": resume,
    }


def generated_rows(*, start: int, count: int, domain: str) -> Iterator[dict]:
    for index in range(start, start + count):
        yield candidate_row(index, domain=domain)


def generate(*, count: int, domain: str = GENERATED_DOMAIN, batch_size: int = 2000) -> int:
    """Make sure `count` generated candidates of `domain` exist; returns how many were created."""
    have = Candidate.objects.filter(email__endswith=f"@{domain}").count()
    if have >= count:
        return 0
    # Rows are deterministic by index: re-creating from `have` skips any already present.
    return candidates_bulk_create(
        rows=generated_rows(start=have, count=count - have, domain=domain), batch_size=batch_size
    )


def tidy_after_bulk_insert() -> None:
    """PostgreSQL: reclaim the row versions the search-vector update left and refresh statistics
    (outside any transaction; the planner needs them to use the GIN index well)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Candidate._meta.db_table}")


def seed(*, users: dict, stdout) -> None:
    """A few hundred realistic candidates, and a first note on some of them (idempotent)."""
    created = generate(count=DEMO_COUNT, domain=DEMO_DOMAIN, batch_size=500)
    recruiter = users.get("recruiter")
    if created and recruiter is not None:
        noted = Candidate.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").order_by("pk")[:20]
        JournalEntry.objects.bulk_create(
            JournalEntry(
                candidate=candidate,
                kind=JournalEntry.Kind.NOTE,
                actor=recruiter,
                summary=f"Intro call with {candidate.first_name}: open to new roles",
                body="Interested in product companies; notice period about two months.",
            )
            for candidate in noted
        )
    stdout.write(f"candidates: {created} created, {DEMO_COUNT - created} already there")
