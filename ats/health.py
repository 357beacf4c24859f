"""`/healthz`: are the database and the broker reachable? For load balancers and compose."""

import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

BROKER_TIMEOUT_SECONDS = 2


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


@never_cache
@login_not_required
@require_GET
def healthz(request):
    status = {"database": database_status(), "broker": broker_status()}
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(status, status=200 if healthy else 503)
