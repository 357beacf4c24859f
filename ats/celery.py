"""The Celery app: worker and beat for Tandem's side effects and periodic sweeps."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ats.settings.demo")

app = Celery("ats")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
