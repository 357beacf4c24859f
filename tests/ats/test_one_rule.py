"""Each rule is written once: a person's name (`ats.people.person_name`, the `|person` filter in
templates), which offers are open (`OPEN_OFFER_STATUSES`, `Offer.objects.open()`), and the
withdraw-consent link (made and read in careers/consent.py; the apps below build no careers URL)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {".venv", "node_modules", "migrations", "tests", "var", "static", ".git"}

# A template printing a user's name parts instead of `{{ user|person }}`; form fields
# (`form.first_name`) are inputs, not names shown.
NAME_BY_HAND = re.compile(
    r"\{\{[^}]*(?<!form)\.(first_name|last_name|get_full_name|username)\b[^}]*\}\}"
)
# The open statuses listed again instead of asking OPEN_OFFER_STATUSES / Offer.objects.open().
OPEN_STATUSES_AGAIN = re.compile(r"[\"']draft[\"'],\s*[\"']approved[\"']")


def _files(suffix: str):
    for path in ROOT.rglob(f"*{suffix}"):
        if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts):
            yield path


def test_the_name_check_finds_a_name_composed_by_hand():
    assert NAME_BY_HAND.search("{{ offer.approved_by.first_name }} {{ x.last_name }}")
    assert not NAME_BY_HAND.search("{% include 'f.html' with field=form.first_name %}")
    assert not NAME_BY_HAND.search("{{ offer.approved_by|person }}")


def test_no_template_composes_a_persons_name_by_hand():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _files(".html")
        for match in NAME_BY_HAND.finditer(path.read_text())
    ]
    assert found == []


def test_no_python_outside_the_people_module_composes_a_users_name():
    found = [
        str(path.relative_to(ROOT))
        for path in _files(".py")
        if "get_full_name()" in path.read_text() and path != ROOT / "ats" / "people.py"
    ]
    assert found == []


def test_the_open_offer_statuses_are_listed_once():
    found = [
        str(path.relative_to(ROOT))
        for path in _files(".py")
        if OPEN_STATUSES_AGAIN.search(path.read_text())
    ]
    assert found == ["workflows/offers/models.py"]


BELOW_CAREERS = ("ats", "notifications", "requisitions", "candidates", "workflows")


def test_the_consent_token_is_made_and_read_in_one_module():
    found = [
        str(path.relative_to(ROOT))
        for path in _files(".py")
        if "tandem.careers.consent-withdraw" in path.read_text()
        or "CONSENT_WITHDRAW_SALT" in path.read_text()
    ]
    assert found == ["careers/consent.py"]


def test_no_app_below_the_careers_site_builds_one_of_its_urls():
    found = [
        str(path.relative_to(ROOT))
        for app in BELOW_CAREERS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and re.search(r"[\"']careers:", path.read_text())
    ]
    assert found == []
