"""The test suite: whatever DATABASE_URL / REDIS_URL say (SQLite and no broker by default)."""

import uuid

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, VAR_DIR

DEBUG = False
# Live-server and worker threads must not keep connections that block dropping the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
INBOUND_DOMAIN = "in.tandem.test"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

for folder in ("broker/out", "broker/processed", "broker/control"):
    (VAR_DIR / folder).mkdir(parents=True, exist_ok=True)

# A cache of this run's own: counters (e.g. the careers rate limit) must not carry over from an
# earlier run against the same Redis.
CACHES["default"]["KEY_PREFIX"] = f"tandem-test-{uuid.uuid4().hex}"
