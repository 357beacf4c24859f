"""Sign-in settings come from the environment (README, configuration)."""

from tests.ats.test_settings import run_manage

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "ats.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-" + "k7Yq2" * 10,
    "ALLOWED_HOSTS": "tandem.example.com",
}
PROBE = (
    "from django.conf import settings as s; "
    "apps = s.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS']; "
    "print(s.TANDEM_MFA_REQUIRED, len(apps), apps and apps[0]['name'], "
    "apps and apps[0]['settings']['server_url'])"
)


def _probe(**env) -> list[str]:
    return run_manage("shell", "-c", PROBE, **env).stdout.strip().splitlines()[-1].split()


def test_production_requires_a_second_factor_of_admins_and_the_demo_of_nobody():
    assert _probe(**PRODUCTION)[:2] == ["admins", "0"]
    assert _probe()[:2] == ["off", "0"]
    assert _probe(TANDEM_MFA_REQUIRED="everyone", **PRODUCTION)[0] == "everyone"


def test_the_identity_provider_is_configured_from_oidc_variables():
    assert _probe(
        OIDC_SERVER_URL="https://login.example.com/realms/acme",
        OIDC_CLIENT_ID="tandem",
        OIDC_CLIENT_SECRET="secret",
        OIDC_BUTTON_LABEL="Acme",
    ) == ["off", "1", "Acme", "https://login.example.com/realms/acme"]
