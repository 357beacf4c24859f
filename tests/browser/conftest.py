"""Browser stories: Playwright driving Debian's Chromium against pytest-django's live_server.

Where /usr/bin/chromium is missing (a laptop), these tests are skipped with one line of
explanation; with TANDEM_REQUIRE_BROWSER=1 (set by .ci/run) a missing browser fails instead.
"""

import os
import shutil

import pytest

from tests.conftest import load_demo

CHROMIUM = os.environ.get("TANDEM_CHROMIUM", "/usr/bin/chromium")
HAS_CHROMIUM = shutil.which(CHROMIUM) is not None

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it
# (setting up data) are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if HAS_CHROMIUM:
        return
    if os.environ.get("TANDEM_REQUIRE_BROWSER"):
        raise pytest.UsageError(f"TANDEM_REQUIRE_BROWSER is set but {CHROMIUM} is missing")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: apt-get install chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_report_header(config):
    if not HAS_CHROMIUM:
        return f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def demo_accounts(transactional_db):
    """The demo logins (recruiter, manager, admin; password tandem-demo), nothing else."""
    from demo import accounts as demo

    with open(os.devnull, "w") as devnull:
        demo.seed(stdout=devnull)


@pytest.fixture
def demo_data(transactional_db, demo_snapshot):
    """Everything `seed_demo` makes (accounts, requisitions, candidates, months of history),
    loaded from the session's snapshot (tests/conftest.py) into the live server's database."""
    load_demo(demo_snapshot)
