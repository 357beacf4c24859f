"""docker-compose.yml is for our users; no Docker engine runs here, so we check its shape."""

import re
import subprocess
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
    assert compose["services"]["web"]["healthcheck"]["test"] == [
        "CMD",
        "python",
        "-m",
        "ats.healthcheck",
    ]


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


def _dockerfile_runs() -> list[str]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip().startswith("RUN ")]


def test_the_media_volume_mounts_a_folder_the_image_makes_and_its_user_owns(compose):
    dockerfile = (ROOT / "Dockerfile").read_text()
    [user] = re.findall(r"^USER (\S+)$", dockerfile, flags=re.MULTILINE)
    assert f"useradd --create-home {user}" in dockerfile
    mounts = compose["services"]["web"]["volumes"]
    [media] = [mount.split(":", 1)[1] for mount in mounts if mount.startswith("media:")]
    assert media == "/app/var/media"  # MEDIA_ROOT's default under WORKDIR /app
    runs = " ".join(_dockerfile_runs())
    made = re.search(r"mkdir -p ([^&]+)", runs).group(1).split()
    assert media in made
    owned = re.search(rf"chown -R {user}(?::{user})? (\S+)", runs).group(1)
    assert media.startswith(owned)
    assert dockerfile.index("chown") < dockerfile.index(f"USER {user}")


@pytest.mark.django_db
def test_the_web_healthcheck_sends_a_host_that_allowed_hosts_accepts(client, settings):
    from ats.healthcheck import probe_host

    assert probe_host("tandem.example.com,www.tandem.example.com") == "tandem.example.com"
    assert probe_host(" .example.com") == "example.com"
    assert probe_host("*") == "localhost"
    settings.ALLOWED_HOSTS = ["tandem.example.com"]
    response = client.get("/healthz", HTTP_HOST=probe_host("tandem.example.com"))
    assert response.status_code in (200, 503)  # answered, not refused as a bad host (400)
    assert "database" in response.json()


def test_env_example_has_a_secret_key_the_production_settings_accept():
    example = (ROOT / ".env.example").read_text()
    [key] = re.findall(r"^SECRET_KEY=(.*)$", example, flags=re.MULTILINE)
    assert len(key) >= 50


def test_collectstatic_collects_only_the_css_and_htmx_the_pages_use(tmp_path, settings):
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", "--noinput", verbosity=0)
    vendor = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "vendor").rglob("*"))
    assert vendor == [
        "vendor/htmx",
        "vendor/htmx/htmx.min.js",
        "vendor/pico",
        "vendor/pico/pico.min.css",
    ]
    size = sum(p.stat().st_size for p in tmp_path.rglob("*") if p.is_file())
    assert size < 10 * 1024 * 1024  # Django admin's files and ours; 45 MB before


def test_the_images_collectstatic_finds_every_file_the_collected_css_names(tmp_path, settings):
    """The image runs collectstatic with the production storage, which fails on a stylesheet
    naming a file (a source map, a font) that was not collected."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()


def test_the_demo_broker_keeps_its_files_under_var_not_in_the_repository(settings):
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    if settings.REDIS_URL:
        pytest.skip("the filesystem broker is the demo's")
    for folder in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        assert Path(options[folder]).is_relative_to(settings.VAR_DIR), folder
    tracked = subprocess.run(
        ["git", "ls-files", "control"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert tracked.stdout == ""
