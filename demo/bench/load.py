"""The load run: locust, headless, 45 recruiters and 5 hiring managers for a bounded time.

Each colleague is logged in through the login form before the clock starts (logins are not part
of the mix); locust reads their session cookies and the pages to visit from a plan file, and its
CSV summary gives the figures.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from demo.bench.data import BENCH_PASSWORD, BenchData
from demo.bench.http import login
from requisitions.models import Requisition

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
THINK_SECONDS = (0.25, 1.25)
QUERIES = ["Kubernetes", "python django", "terraform", "react", "figma", "airflow", "salesforce"]
SKILLS = ["kubernetes", "python", "react", "sql", "figma", "aws"]


@dataclass(frozen=True)
class LoadResult:
    users: int
    rps: float
    p95: float
    errors: int


def _person(base: str, user, requisitions: list[int]) -> dict:
    session = login(base, user.username, BENCH_PASSWORD)
    return {"sessionid": session.cookies["sessionid"], "requisitions": requisitions}


def plan(base: str, data: BenchData, candidate_ids: list[int]) -> dict:
    """Who is logged in, and what they click on."""
    runs = Requisition.objects.filter(slug__startswith="bench-req-").values_list(
        "pk", "recruiter_id", "hiring_manager_id"
    )

    def own(user, column: int) -> list[int]:
        return [row[0] for row in runs if row[column] == user.pk] or [data.big.pk]

    return {
        "users": {"recruiter": len(data.recruiters), "manager": len(data.managers)},
        "sessions": {
            "recruiter": [_person(base, u, own(u, 1)) for u in data.recruiters],
            "manager": [_person(base, u, own(u, 2)) for u in data.managers],
        },
        "big": data.big.pk,
        "similar": data.similar.pk,
        "candidates": candidate_ids,
        "queries": QUERIES,
        "skills": SKILLS,
        "think_seconds": THINK_SECONDS,
    }


def aggregated(stats_csv: Path) -> tuple[float, float, int]:
    """Requests per second, p95 (ms) and failures from locust's `_stats.csv` ("Aggregated")."""
    with stats_csv.open(newline="", encoding="utf-8") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    total = rows["Aggregated"]
    return float(total["Requests/s"]), float(total["95%"]), int(total["Failure Count"])


def load_run(base: str, data: BenchData, candidate_ids: list[int], *, seconds: int) -> LoadResult:
    """Run locust against `base` for `seconds`; returns the aggregated figures."""
    people = plan(base, data, candidate_ids)
    users = people["users"]["recruiter"] + people["users"]["manager"]
    with tempfile.TemporaryDirectory(prefix="tandem-bench-") as folder:
        plan_path = Path(folder) / "plan.json"
        plan_path.write_text(json.dumps(people), encoding="utf-8")
        prefix = Path(folder) / "load"
        command = [
            str(Path(sys.executable).with_name("locust")),
            f"--locustfile={LOCUSTFILE}",
            "--headless",
            f"--users={users}",
            "--spawn-rate=10",
            f"--run-time={seconds}s",
            f"--host={base}",
            f"--csv={prefix}",
            "--only-summary",
            "--loglevel=ERROR",
            "--stop-timeout=10",
            "--exit-code-on-error=0",
        ]
        log = Path(settings.BASE_DIR) / "var" / "bench-locust.log"
        with log.open("w", encoding="utf-8") as output:
            subprocess.run(
                command,
                cwd=settings.BASE_DIR,
                env={"BENCH_LOAD_PLAN": str(plan_path), "PATH": str(Path(sys.executable).parent)},
                check=True,
                timeout=seconds + 120,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        rps, p95, errors = aggregated(Path(f"{prefix}_stats.csv"))
    return LoadResult(users=users, rps=rps, p95=p95, errors=errors)
