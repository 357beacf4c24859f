"""Tandem as people reach it: gunicorn with the production settings on a free local port, real
logins, and pages timed in turn with the floor (a bare login-required page) in the same run."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests
from django.conf import settings

from demo.bench.report import percentile

HOST = "127.0.0.1"
FLOOR_PATH = "/accounts/password_change/done/"
STARTUP_SECONDS = 60
REQUEST_TIMEOUT = 60
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def production_env() -> dict[str, str]:
    """The environment the production settings need, for plain HTTP on 127.0.0.1."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ats.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": HOST,
        "DEBUG": "False",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
    }
    if not env["DATABASE_URL"]:
        env.pop("DATABASE_URL")
    return env


def collect_static(env: dict[str, str]) -> None:
    """whitenoise serves the manifest-named files; production pages need them collected."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
    )


@contextmanager
def gunicorn(*, workers: int, env: dict[str, str]) -> Iterator[str]:
    """gunicorn (sync workers) serving Tandem until the block ends; yields its base URL."""
    port = free_port()
    log = Path(settings.BASE_DIR) / "var" / "bench-gunicorn.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "ats.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--timeout=120",
        "--no-control-socket",
        f"--error-logfile={log}",
    ]
    server = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)
    base = f"http://{HOST}:{port}"
    try:
        _wait_until_up(base, server)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start (exit {server.returncode}); see its log")
        try:
            requests.get(f"{base}/accounts/login/", timeout=30)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {STARTUP_SECONDS} s")


def login(base: str, username: str, password: str) -> requests.Session:
    """A session logged in through the login form, as a person would (CSRF cookie and token)."""
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=REQUEST_TIMEOUT)
    token = CSRF_FIELD.search(page.text)
    if token is None:
        raise RuntimeError("the login page has no CSRF token")
    answer = session.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token[1]},
        allow_redirects=False,
        timeout=REQUEST_TIMEOUT,
    )
    if answer.status_code != 302 or "sessionid" not in session.cookies:
        raise RuntimeError(f"logging in as {username} failed (HTTP {answer.status_code})")
    return session


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    session: requests.Session = field(compare=False, repr=False)


@dataclass
class Timings:
    pages: dict[str, list[float]] = field(default_factory=dict)
    floor: list[float] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)


def timed_get(session: requests.Session, url: str) -> tuple[float, int]:
    """Milliseconds to the whole answer, and its size; anything but a 200 is an error."""
    started = time.perf_counter()
    answer = session.get(url, timeout=REQUEST_TIMEOUT, allow_redirects=False)
    elapsed = (time.perf_counter() - started) * 1000
    if answer.status_code != 200:
        raise RuntimeError(f"GET {url} answered {answer.status_code}, not 200")
    return elapsed, len(answer.content)


def time_pages(base: str, pages: list[Page], *, rounds: int = 30, warmups: int = 3) -> Timings:
    """Each page `warmups` + `rounds` times, every request after a floor request of the same
    session, so both see the same machine at the same moment."""
    timings = Timings()
    for page in pages:
        samples = timings.pages.setdefault(page.name, [])
        for run in range(warmups + rounds):
            floor_ms, _ = timed_get(page.session, base + FLOOR_PATH)
            page_ms, size = timed_get(page.session, base + page.path)
            if run >= warmups:
                timings.floor.append(floor_ms)
                samples.append(page_ms)
                timings.sizes[page.name] = size
    return timings


def page_lines(timings: Timings) -> list[tuple[str, float, str]]:
    """floor_p50, then `<page>_p50` and `<page>_x_floor` for each page, in the order timed."""
    floor = percentile(timings.floor, 0.5)
    lines: list[tuple[str, float, str]] = [("floor_p50", floor, "ms")]
    for name, samples in timings.pages.items():
        p50 = percentile(samples, 0.5)
        lines += [(f"{name}_p50", p50, "ms"), (f"{name}_x_floor", p50 / floor, "")]
    return lines
