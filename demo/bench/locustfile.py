"""Fifty colleagues at once (run by demo/bench/load.py, not imported by Django).

45 recruiters and 5 hiring managers, each already logged in (the bench logged them in through
the login form and passes their session cookies in the plan file named by BENCH_LOAD_PLAN),
go through a day's pages with a short pause between clicks.
"""

import itertools
import json
import os
import random

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

with open(os.environ["BENCH_LOAD_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)
SESSIONS = {role: itertools.cycle(PLAN["sessions"][role]) for role in ("recruiter", "manager")}
THINK_SECONDS = PLAN["think_seconds"]


class Colleague(FastHttpUser):
    abstract = True
    role = ""
    wait_time = between(*THINK_SECONDS)
    network_timeout = 60.0
    connection_timeout = 10.0

    def on_start(self):
        self.me = next(SESSIONS[self.role])
        self.headers = {"Cookie": f"sessionid={self.me['sessionid']}"}

    def open(self, path: str, name: str):
        self.client.get(path, name=name, headers=self.headers)


class Recruiter(Colleague):
    fixed_count = PLAN["users"]["recruiter"]
    role = "recruiter"

    @task(6)
    def dashboard(self):
        self.open("/dashboard/", "dashboard")

    @task(5)
    def pipeline(self):
        pk = random.choice(self.me["requisitions"])
        self.open(f"/requisitions/{pk}/pipeline/", "pipeline")

    @task(1)
    def big_pipeline(self):
        self.open(f"/requisitions/{PLAN['big']}/pipeline/", "pipeline_1000")

    @task(3)
    def candidate_list(self):
        self.open("/candidates/", "candidate_list")

    @task(5)
    def search(self):
        self.open(f"/candidates/?q={random.choice(PLAN['queries'])}", "resume_search")

    @task(2)
    def skill_filter(self):
        self.open(f"/candidates/?skills={random.choice(PLAN['skills'])}", "skill_filter")

    @task(5)
    def profile(self):
        self.open(f"/candidates/{random.choice(PLAN['candidates'])}/", "candidate_profile")

    @task(1)
    def find_similar(self):
        self.open(f"/requisitions/{PLAN['similar']}/similar/", "find_similar")

    @task(1)
    def reports(self):
        self.open("/reports/", "reports")

    @task(2)
    def task_list(self):
        self.open("/tasks/", "tasks")


class HiringManager(Colleague):
    fixed_count = PLAN["users"]["manager"]
    role = "manager"

    @task(4)
    def dashboard(self):
        self.open("/dashboard/", "dashboard_hm")

    @task(3)
    def pipeline(self):
        pk = random.choice(self.me["requisitions"])
        self.open(f"/requisitions/{pk}/pipeline/", "pipeline_hm")

    @task(2)
    def review(self):
        self.open("/review/", "review")

    @task(1)
    def reports(self):
        self.open("/reports/", "reports_hm")
