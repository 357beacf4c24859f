"""The demo on a laptop: SQLite and a filesystem broker under var/, email on the console."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)

for folder in ("broker/out", "broker/processed", "broker/control", "media"):
    (VAR_DIR / folder).mkdir(parents=True, exist_ok=True)
