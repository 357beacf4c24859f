"""Settings for the worker subprocess of the fault tests: the test settings with an ESP stand-in
that logs each delivery to a file (the test process cannot see a subprocess's locmem outbox)."""

from ats.settings.test import *  # noqa: F403

EMAIL_BACKEND = "tests.workflows.slow_mail.SlowLoggingBackend"
