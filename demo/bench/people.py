"""The benchmark's candidates: ~150-word resumes, 4-8 of 77 key skills, always the same person.

Built on the demo's families (demo/candidates.py) with a few more skills each, so that the pool
looks like a real team's database: about one in six mentions Kubernetes, about half are some
kind of engineer.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from demo.candidates import COMPANIES, FAMILIES, FIRST_NAMES, LAST_NAMES, LOCATIONS, SOURCES

BENCH_DOMAIN = "bench.example.org"

# One more skill or two per family: 69 in the demo's families, 77 here.
EXTRA_SKILLS = {
    "backend": ["java", "rust"],
    "frontend": ["vue"],
    "data_science": ["r"],
    "devops": ["helm"],
    "product": ["jira"],
    "design": ["sketch"],
    "sales": ["hubspot"],
    "data_engineering": [],
}
KEY_SKILLS = sorted(
    {skill for titles, core, optional, _ in FAMILIES.values() for skill in (*core, *optional)}
    | {skill for extra in EXTRA_SKILLS.values() for skill in extra}
)

TEAM_LINES = [
    "I work closely with product managers, designers and support to ship small changes often",
    "I mentor junior colleagues, review their work and run our weekly knowledge sharing session",
    "I care about clear documentation, honest estimates and calm on-call rotations",
    "I have hired and onboarded new team members and written our interview guides",
    "I enjoy turning vague customer problems into measurable goals the whole team understands",
    "I have worked remotely across time zones with colleagues in Europe, Asia and the Americas",
    "I like to measure before changing anything and to share the results with the whole company",
    "I have presented our work at meetups and internal conferences and written about it",
]
INTERESTS = ["cycling", "chess", "climbing", "photography", "cooking", "running", "volunteering"]
LANGUAGES = ["English (fluent)", "German (fluent)", "French (good)", "Spanish (good)", "Polish"]


def _skills(rng: random.Random, family: str) -> list[str]:
    _titles, core, optional, _ = FAMILIES[family]
    pool = [*optional, *EXTRA_SKILLS[family]]
    count = rng.randint(4, 8)
    take_core = rng.randint(2, min(len(core), count - 1))
    return rng.sample(core, k=take_core) + rng.sample(pool, k=min(len(pool), count - take_core))


def _resume(rng: random.Random, person: dict, family: str, skills: list[str]) -> str:
    _titles, _core, _optional, achievements = FAMILIES[family]
    previous = rng.sample([c for c in COMPANIES if c != person["current_company"]], k=2)
    years = rng.randint(2, 15)
    lines = [
        f"{person['first_name']} {person['last_name']}, {person['current_title']} at "
        f"{person['current_company']} in {person['location']}.",
        f"{years} years of experience; before that at {previous[0]} and {previous[1]}.",
        *(f"At {rng.choice(COMPANIES)} I {line}." for line in rng.sample(achievements, k=2)),
        *(f"{line}." for line in rng.sample(TEAM_LINES, k=5)),
        "Key skills: " + ", ".join(skills) + ".",
        "Languages: " + ", ".join(rng.sample(LANGUAGES, k=2)) + ".",
        f"Education: {rng.choice(['BSc', 'MSc', 'BA', 'PhD'])} in "
        f"{rng.choice(['Computer Science', 'Mathematics', 'Economics', 'Design', 'Physics'])}, "
        f"{rng.choice(['Berlin', 'Delft', 'Warsaw', 'Lisbon', 'Edinburgh'])}.",
        "Outside work: " + " and ".join(rng.sample(INTERESTS, k=2)) + ".",
    ]
    return " ".join(lines)


def bench_row(index: int) -> dict:
    """The `index`-th benchmark candidate (deterministic: the same person every run)."""
    rng = random.Random(f"{BENCH_DOMAIN}:{index}")
    family = rng.choice(list(FAMILIES))
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    person = {
        "first_name": first,
        "last_name": last,
        "email": f"{first}.{last}.{index}@{BENCH_DOMAIN}".lower(),
        "phone": f"+49 30 {rng.randint(1000000, 9999999)}",
        "location": rng.choice(LOCATIONS),
        "current_title": rng.choice(FAMILIES[family][0]),
        "current_company": rng.choice(COMPANIES),
        "links": [f"https://www.linkedin.com/in/{first}-{last}-{index}".lower()],
        "source": rng.choice(SOURCES),
        "talent_pool_consent": rng.random() < 0.7,
    }
    person["skills"] = _skills(rng, family)
    person["resume_text"] = _resume(rng, person, family, person["skills"])
    return person


def bench_rows(*, start: int, count: int) -> Iterator[dict]:
    for index in range(start, start + count):
        yield bench_row(index)
