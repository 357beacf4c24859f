"""No role check outside the rules module: every page, service and template asks ats/rules.py.

`ats/roles.py` says which roles a user has; `ats/rules.py` says what they may do; everything else
asks a rule (`may(user, "workflows.draft_offer", app)`, `{% test_rule %}`), so a button and the
server cannot disagree. This test reads every Python file and template of the product and fails
on a direct role check.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {".venv", "node_modules", "migrations", "tests", "var", "static", ".git"}

# Each entry is a file that may name roles, and why.
ALLOWED = {
    # The roles themselves: the groups, who is an admin, the querysets of people with a role.
    "ats/roles.py": "which roles a user has",
    # The rules, built on those roles.
    "ats/rules.py": "what a user may do",
    # Sets `request.roles` (lazily) for the role label pages show ("signed in as Recruiter").
    "ats/middleware.py": "request.roles, for the label",
    # The demo gives its people their roles when it creates them: a write, never a check.
    "demo/accounts.py": "creates the demo accounts with their groups",
    "demo/history.py": "creates the demo's colleagues with their groups",
    "demo/bench/data.py": "creates the bench's colleagues with their groups",
}

ROLE_CHECKS = re.compile(
    r"roles_for\("
    r"|\.(is_recruiter|is_hiring_manager|is_admin|sees_everything)\b"
    r"|\bis_(recruiter|hiring_manager|admin)\("
    r"|(?<![.\w])(RECRUITER|HIRING_MANAGER)\b(?!\s*=[^=])"  # the group names (not FollowUpBy.X)
    r"|request\.roles\b(?!\.label\b)"  # the label names the roles; it decides nothing
    r"|\bis_(staff|superuser)\b"
    r"|groups__name"
    r"|\bgroups\.(filter|all)\b"
)


def _product_files():
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if path.suffix not in (".py", ".html") or SKIPPED_DIRS & set(relative.parts):
            continue
        yield relative.as_posix(), path


def _role_checks(text: str) -> list[str]:
    return [
        f"{number}: {line.strip()}"
        for number, line in enumerate(text.splitlines(), start=1)
        if ROLE_CHECKS.search(line)
    ]


@pytest.mark.parametrize(
    "line",
    [
        "if roles_for(user).sees_everything:",
        "{% if request.roles.is_hiring_manager %}",
        "{% if request.roles.sees_everything %}",
        "roles = request.roles",
        "from ats.roles import RECRUITER",
        "User.objects.filter(groups__name=RECRUITER)",
        "if user.is_staff or user.is_superuser:",
        "return is_admin(user)",
        "if roles.is_recruiter:",
    ],
)
def test_the_check_recognises_a_role_check(line):
    assert _role_checks(line)


@pytest.mark.parametrize(
    "line",
    [
        'if may(user, "workflows.draft_offer", app):',
        '{% test_rule "insights.view_reports" user as can_see_reports %}',
        "<span>{{ request.roles.label }}</span>",
        "default=FollowUpBy.RECRUITER,",
        'RECRUITER = "recruiter", "Recruiter"',
        "permission=guards.is_recruiter_move,",
    ],
)
def test_the_check_leaves_rule_calls_and_names_alone(line):
    assert not _role_checks(line)


def test_the_walk_reads_the_product_python_and_templates():
    files = dict(_product_files())
    assert "workflows/applications/services.py" in files
    assert "templates/ats/_nav.html" in files
    assert not any(name.startswith("tests/") for name in files)


def test_every_allowed_file_exists_and_still_needs_its_exception():
    for name in ALLOWED:
        assert _role_checks((ROOT / name).read_text()), f"{name} no longer needs its exception"


def test_no_role_check_outside_the_rules_module():
    found = {
        name: checks
        for name, path in _product_files()
        if name not in ALLOWED and (checks := _role_checks(path.read_text()))
    }
    assert not found, "Ask a rule of ats/rules.py instead of checking a role:\n" + "\n".join(
        f"{name}:{check}" for name, checks in found.items() for check in checks
    )
