"""Every internal page requires login; only the public ones answer an anonymous visitor."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Pages a visitor without an account may open; everything else sends them to the login page.
UUID = "00000000-0000-0000-0000-000000000001"
PUBLIC_EXACT = {"", "healthz", "accounts/login/", "accounts/logout/"}
# ESP webhooks (anymail marks them login_not_required; POST only, secured by basic auth with
# ANYMAIL_WEBHOOK_SECRET; see tests/notifications/test_tracking.py).
# The careers site: the job board and application form (jobs/), the candidate survey (survey/)
# and the withdraw-consent page (privacy/), all for candidates without an account (see
# tests/careers/). The REST API authenticates each request by its personal token: every
# /api/v1/ path answers 401 without one (tests/api/test_access_matrix.py); its schema and docs
# describe the API, not anyone's data.
# The sign-in pages django-allauth serves before anyone is signed in (accounts/): the
# password reset, the second-factor step of a sign-in, single sign-on's redirects (OpenID
# Connect; SAML's assertion consumer, metadata and logout, which the identity provider
# calls), the pages saying an account is inactive or that sign-up is closed, email
# confirmation links.
PUBLIC_PREFIXES = (
    "anymail/",
    "jobs/",
    "survey/",
    "privacy/",
    "api/",
    "accounts/password/reset/",
    "accounts/^password/reset/",
    "accounts/2fa/authenticate/",
    "accounts/2fa/webauthn/login/",
    "accounts/3rdparty/login/",
    "accounts/3rdparty/signup/",
    "accounts/oidc/",
    "accounts/^saml/",
    "accounts/confirm-email/",
    "accounts/^confirm-email/",
    "accounts/login/code/confirm/",
    "accounts/inactive/",
    "accounts/signup/",
)


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _internal_paths():
    """Concrete paths for every non-admin, non-public URL pattern (ids filled with 1 / a slug)."""
    for route, _pattern in _walk(get_resolver().url_patterns):
        if route.startswith(("admin/", "jobs/", "survey/", "^", "static/")):
            continue
        if route in PUBLIC_EXACT or route.startswith(PUBLIC_PREFIXES):
            continue
        path = "/" + route.replace("<int:", "<").replace("<uuid:", "<").replace(
            "<slug:", "<"
        ).replace("<str:", "<")
        while "<" in path:
            start, end = path.index("<"), path.index(">")
            name = path[start + 1 : end]
            filler = UUID if "uuid" in name or name == "token" else "1"
            path = path[:start] + filler + path[end + 1 :]
        yield path


INTERNAL_PATHS = sorted(set(_internal_paths()))


def test_there_are_internal_pages_to_protect():
    assert "/dashboard/" in INTERNAL_PATHS


@pytest.mark.parametrize("path", INTERNAL_PATHS)
def test_anonymous_visitor_is_sent_to_login_from_every_internal_page(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/?next=")


def test_admin_asks_an_anonymous_visitor_to_log_in(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.headers["Location"]


def test_home_sends_a_logged_in_user_to_their_dashboard(client, recruiter):
    client.force_login(recruiter)
    assert client.get("/").headers["Location"] == "/dashboard/"


def test_a_nul_character_in_a_query_or_form_value_is_a_clear_400(client, recruiter):
    client.force_login(recruiter)
    response = client.get("/dashboard/", {"q": "python\x00x"})
    assert response.status_code == 400
    assert b"NUL character" in response.content
    assert client.post("/accounts/password_change/", {"old_password": "a\x00"}).status_code == 400


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(client, db, settings):
    settings.TANDEM_MAX_REQUEST_BYTES = 1000
    response = client.post("/accounts/login/", {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 413
    assert b"too large" in response.content
