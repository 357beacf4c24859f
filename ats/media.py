"""Uploaded files nobody references: found and deleted by an hourly sweep.

A file is written while its row's transaction is still open (Django's FileField saves on
`Model.save`). If that transaction rolls back, or the process is killed before it commits, the
file stays with no row pointing to it: personal data nobody can find, so nobody can erase it.
Files replaced or erased are deleted after commit, and a crash there leaves one behind too. The
sweep below removes every file under MEDIA_ROOT that no FileField of any model names, once it is
older than any transaction could be.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.apps import apps
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.utils import timezone

# Far longer than a request or a task may run (gunicorn and Celery time out within minutes):
# a file younger than this may belong to a transaction still in progress.
ORPHAN_GRACE = timedelta(hours=1)


def _referenced_names() -> set[str]:
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and field.storage is default_storage:
                names.update(
                    model._default_manager.exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                )
    return names


def _stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _stored_names(storage, f"{folder}/{sub}" if folder else sub)


def orphan_files_delete(*, grace: timedelta = ORPHAN_GRACE) -> int:
    """Delete stored files older than `grace` that no row references; returns how many."""
    storage = default_storage
    # Listed before the references are read: a file committed meanwhile is then referenced.
    stored = list(_stored_names(storage))
    referenced = _referenced_names()
    cutoff = timezone.now() - grace
    deleted = 0
    for name in stored:
        if name in referenced:
            continue
        try:
            if storage.get_modified_time(name) > cutoff:
                continue
            storage.delete(name)
        except FileNotFoundError:
            continue
        deleted += 1
    return deleted
