import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    dropped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="ats.settings.production",
        SECRET_KEY="a-long-random-production-secret-" + "k7Yq2" * 10,
        ALLOWED_HOSTS="tandem.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    environment = {"DJANGO_SETTINGS_MODULE": "ats.settings.production", "ALLOWED_HOSTS": "x"}
    result = run_manage("check", **environment, SECRET_KEY="")
    assert result.returncode != 0


def test_celery_is_configured_for_reliable_delivery():
    assert settings.CELERY_TASK_SERIALIZER == "json"
    assert settings.CELERY_ACCEPT_CONTENT == ["json"]
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_TASK_TIME_LIMIT > settings.CELERY_TASK_SOFT_TIME_LIMIT > 0


def test_broker_defaults_to_the_filesystem_when_no_redis_url_is_set():
    if os.environ.get("REDIS_URL"):
        assert os.environ["REDIS_URL"] == settings.CELERY_BROKER_URL
    else:
        assert settings.CELERY_BROKER_URL == "filesystem://localhost//"
        assert "var" in settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_out"]


def test_tests_keep_email_in_memory():
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"


def test_content_security_policy_allows_no_inline_script(client):
    response = client.get("/accounts/login/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


SENTRY_PROBE = (
    "import sentry_sdk; client = sentry_sdk.get_client(); "
    "print(sentry_sdk.is_initialized(), sorted(set(client.integrations) & {'celery', 'django'}), "
    "client.options['send_default_pii'])"
)


def test_sentry_reports_errors_with_django_and_celery_only_when_sentry_dsn_is_set():
    with_dsn = run_manage(
        "shell", "--no-imports", "-c", SENTRY_PROBE, SENTRY_DSN="https://k@127.0.0.1:9/1"
    )
    assert with_dsn.stdout.strip() == "True ['celery', 'django'] False", with_dsn.stderr

    without = run_manage("shell", "--no-imports", "-c", SENTRY_PROBE, SENTRY_DSN="")
    assert without.stdout.strip().startswith("False []"), without.stderr


def test_production_logs_json_lines_unless_log_format_says_text():
    probe = "from django.conf import settings; print(settings.LOGGING['handlers']['console'])"
    production = {
        "DJANGO_SETTINGS_MODULE": "ats.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-" + "k7Yq2" * 10,
        "ALLOWED_HOSTS": "tandem.example.com",
    }
    assert "'formatter': 'json'" in run_manage("shell", "-c", probe, **production).stdout
    as_text = run_manage("shell", "-c", probe, **production, LOG_FORMAT="text")
    assert "'formatter': 'text'" in as_text.stdout
