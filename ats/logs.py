"""Logs a person can watch: a line per request error, per sweep and per delivery.

LOGGING (ats/settings/base.py) writes every record through the standard library's logging, as
JSON in production and as text in the demo and tests (`LOG_FORMAT`). The JSON formatter is
python-json-logger's: Django's, Celery's and Tandem's records come out alike, each `extra=`
field a key of the line, with no change to how code logs.
"""

import functools
import logging
import time
from collections.abc import Callable

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

sweep_logger = logging.getLogger("tandem.sweeps")


class JsonFormatter(BaseJsonFormatter):
    """One JSON object a line: timestamp, level, logger, message and every `extra=` field.

    Django hands its request records the request object itself; RequestFilter copies what a
    reader needs from it, and the object is left out of the line.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request"])
        kwargs.setdefault("timestamp", True)
        super().__init__(*args, **kwargs)


def _user_id(request) -> int | None:
    try:
        user = request.user
        return user.pk if user.is_authenticated else None
    except Exception:  # no user on the request, or its lookup failed: log the line anyway
        return None


class RequestFilter(logging.Filter):
    """Adds the path, method and user id to Django's request records (`django.request`: a line
    per 4xx and 5xx response, a 500's with its exception); the status code is there already."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.path = request.path
            record.method = request.method
            record.user_id = _user_id(request)
        return True


def logged_sweep(sweep: Callable[..., int]) -> Callable[..., int]:
    """Log one line when `sweep` ends: its name (module.function, the Celery task's name), the
    count it returns (the rows it handled) and how long it took. A failure is logged with its
    traceback and raised again, so the task's retries still happen."""
    name = f"{sweep.__module__}.{sweep.__name__}"

    @functools.wraps(sweep)
    def run(*args, **kwargs) -> int:
        started = time.monotonic()
        try:
            count = sweep(*args, **kwargs)
        except Exception:
            duration_ms = round((time.monotonic() - started) * 1000, 1)
            sweep_logger.exception(
                "Sweep %s failed after %s ms",
                name,
                duration_ms,
                extra={"sweep": name, "duration_ms": duration_ms},
            )
            raise
        duration_ms = round((time.monotonic() - started) * 1000, 1)
        sweep_logger.info(
            "Sweep %s handled %s in %s ms",
            name,
            count,
            duration_ms,
            extra={"sweep": name, "count": count, "duration_ms": duration_ms},
        )
        return count

    return run
