"""`/healthz`: can this web process serve, and is the background machinery keeping up?

It answers 200 when every check is healthy, else 503, and names each check's state:
- `database`, `broker`: reachable ("ok") or "unreachable", what the web process itself needs;
- `worker`: the worker heartbeat's age (beat schedules `ats.tasks.record_heartbeat` every
  minute and a worker records it, so a fresh one shows both alive): "ok", "stale" past
  TANDEM_HEALTH_HEARTBEAT_MAX_SECONDS, or "never" on a database no worker has touched yet,
  unhealthy only where TANDEM_HEALTH_HEARTBEAT_REQUIRED (production; the demo and the tests
  may run without a worker);
- the checks the apps above register (`register`): `ats` is the lowest layer and knows no
  outbox, so `notifications` plugs in the age of its oldest queued message (`queue`).
Each check's figures (ages in seconds, None when there is nothing to measure) come beside it.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

from ats.models import WORKER_HEARTBEAT, Heartbeat

BROKER_TIMEOUT_SECONDS = 2


@dataclass(frozen=True)
class Reading:
    """What one check found: a word for its state, whether that is healthy, and its figures."""

    state: str
    healthy: bool
    figures: dict[str, Any] = field(default_factory=dict)


_checks: dict[str, Callable[[], Reading]] = {}


def register(name: str, check: Callable[[], Reading]) -> None:
    """Add `check` to /healthz under `name` (called from an app's `ready()`); it reads the
    database, and is skipped ("unknown") when the database is unreachable."""
    _checks[name] = check


def age_seconds(moment: datetime | None) -> int | None:
    return None if moment is None else max(int((timezone.now() - moment).total_seconds()), 0)


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unreachable"
    return "ok"


def broker_status() -> str:
    url = settings.CELERY_BROKER_URL
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    if url.startswith("filesystem://"):
        folder = Path(options["data_folder_out"])
        return "ok" if folder.is_dir() and os.access(folder, os.W_OK) else "unreachable"
    broker = Connection(url, transport_options=options, connect_timeout=BROKER_TIMEOUT_SECONDS)
    try:
        broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0)
        client = getattr(broker.default_channel, "client", None)
        if client is not None:  # Redis: a round trip, not only an open socket
            client.ping()
    except Exception:  # any failure to talk to the broker means it is down for us
        return "unreachable"
    finally:
        broker.release()
    return "ok"


def worker_reading() -> Reading:
    last_seen = (
        Heartbeat.objects.filter(name=WORKER_HEARTBEAT).values_list("last_seen", flat=True).first()
    )
    age = age_seconds(last_seen)
    figures = {"worker_heartbeat_age_seconds": age}
    if age is None:
        return Reading("never", not settings.TANDEM_HEALTH_HEARTBEAT_REQUIRED, figures)
    if age > settings.TANDEM_HEALTH_HEARTBEAT_MAX_SECONDS:
        return Reading("stale", False, figures)
    return Reading("ok", True, figures)


def _read(check: Callable[[], Reading]) -> Reading:
    try:
        return check()
    except DatabaseError:
        return Reading("unknown", False)


@never_cache
@login_not_required
@require_GET
def healthz(request):
    state = {"database": database_status(), "broker": broker_status()}
    healthy = all(value == "ok" for value in state.values())
    figures: dict[str, Any] = {}
    for name, check in {"worker": worker_reading, **_checks}.items():
        reading = _read(check) if state["database"] == "ok" else Reading("unknown", False)
        state[name] = reading.state
        figures.update(reading.figures)
        healthy = healthy and reading.healthy
    return JsonResponse({**state, **figures}, status=200 if healthy else 503)
