"""Each app ships the emails it sends; notifications only keeps the registry."""

import re
from pathlib import Path

import pytest

from notifications.defaults import DEFAULTS, Variable, _t, register

ROOT = Path(__file__).resolve().parents[2]
APPS = ("ats", "notifications", "requisitions", "candidates", "workflows", "careers", "insights")


def _keys_sent_in_code() -> set[str]:
    keys = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                keys |= set(re.findall(r'template_key="([a-z_]+)"', path.read_text()))
    return keys


def test_every_email_the_code_sends_is_a_registered_default():
    sent = _keys_sent_in_code()
    assert sent, "the scan found no template_key= at all"
    assert sent - set(DEFAULTS) == set()


def test_the_notifications_app_itself_ships_no_domain_email():
    text = (ROOT / "notifications" / "defaults.py").read_text()
    assert not re.search(r'^\s+"(application|interview|offer|rejection)_', text, re.M)


def test_a_template_key_registered_twice_is_refused():
    template = _t("application_received", "Again", "Hi", "Hi", "<p>Hi</p>")
    with pytest.raises(ValueError, match="registered twice"):
        register(template)


def test_candidate_facing_templates_carry_the_consent_footer():
    # A compose_* draft is what a person starts writing from: it leaves inside the
    # conversation_message envelope, which carries the footer (so the draft does not).
    candidate_facing = [
        t
        for t in DEFAULTS.values()
        if "candidate_first_name" in t.context and not t.key.startswith("compose_")
    ]
    assert candidate_facing and "conversation_message" in {t.key for t in candidate_facing}
    for template in candidate_facing:
        assert "consent_withdraw_url" in template.text
        assert isinstance(template.context["consent_withdraw_url"], Variable)
