"""docker-compose.yml is for our users; no Docker engine runs here, so we check its shape."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_web_migrate_worker_sweeper_beat_postgres_redis_and_mailpit(compose):
    assert set(compose["services"]) == {
        "web",
        "migrate",
        "worker",
        "sweeper",
        "beat",
        "postgres",
        "redis",
        "mailpit",
    }


def test_web_worker_and_beat_share_one_image_and_their_commands(compose):
    services = compose["services"]
    images = {
        services[name].get("image") for name in ("web", "migrate", "worker", "sweeper", "beat")
    }
    assert len(images) == 1 and None not in images
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert "ats.wsgi" in " ".join(services["web"]["command"])
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]
    assert "migrate" in " ".join(services["migrate"]["command"])


def test_app_services_get_the_database_broker_and_mail_settings(compose):
    for name in ("web", "migrate", "worker", "sweeper", "beat"):
        environment = compose["services"][name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://redis:6379")
        assert environment["DJANGO_SETTINGS_MODULE"] == "ats.settings.production"
        assert "SECRET_KEY" in environment
        assert environment["EMAIL_HOST"] == "mailpit"


def test_app_services_wait_for_healthy_dependencies_and_a_finished_migration(compose):
    services = compose["services"]
    for name in ("web", "worker", "sweeper", "beat"):
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"


def test_every_long_running_service_has_a_healthcheck(compose):
    for name in ("web", "postgres", "redis", "mailpit"):
        assert compose["services"][name]["healthcheck"]["test"], name
    assert "healthz" in " ".join(compose["services"]["web"]["healthcheck"]["test"])


def test_env_example_names_every_variable_compose_reads(compose):
    example = (ROOT / ".env.example").read_text()
    text = (ROOT / "docker-compose.yml").read_text()
    for variable in set(re.findall(r"\$\{(\w+)", text)):
        assert f"{variable}=" in example, variable


def test_the_image_is_built_from_the_dockerfile_with_the_lock_files():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "uv sync --locked" in dockerfile
    assert "npm ci" in dockerfile
    assert "collectstatic" in dockerfile


def test_the_worker_delivers_email_and_the_sweeper_runs_the_sweeps_each_on_its_queue(compose):
    from django.conf import settings

    worker = compose["services"]["worker"]["command"]
    sweeper = compose["services"]["sweeper"]["command"]
    assert f"--queues={settings.CELERY_TASK_DEFAULT_QUEUE}" in worker
    assert f"--queues={settings.SWEEPS_QUEUE}" in sweeper
