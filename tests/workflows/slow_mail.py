"""An ESP stand-in for the worker fault test: takes 0.5 s per message and logs what it accepted.

It writes the recipient to `<log>.started` when a send begins and to `<log>` once the ESP
"accepted" it, so the test can kill the worker while a send is in progress (before acceptance).
"""

import os
import time

from django.core.mail.backends.base import BaseEmailBackend

SEND_SECONDS = 0.5


def _append(path: str, line: str) -> None:
    with open(path, "a") as log:
        log.write(line + "\n")
        log.flush()
        os.fsync(log.fileno())


class SlowLoggingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        log = os.environ["TANDEM_TEST_MAIL_LOG"]
        for message in email_messages:
            _append(f"{log}.started", message.to[0])
            time.sleep(SEND_SECONDS)
            _append(log, message.to[0])
        return len(email_messages)
