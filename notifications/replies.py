"""Reply addresses: `reply+<reference>.<signature>@INBOUND_DOMAIN`, one per conversation.

The reference is the caller's (e.g. "42-7": candidate 42 about requisition 7); notifications
only signs it and reads it back. The signature is a truncated HMAC of the reference under the
SECRET_KEY, in lower-case hex: mail systems may change the case of an address's local part,
and a local part is at most 64 characters. Anyone can write to the address; only Tandem can
make one that names a conversation.

    reply_address("42-7")                     -> "reply+42-7.3f9a…@in.example.com"
    reply_reference(["reply+42-7.3f9a…@in.example.com"]) -> "42-7"
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "notifications.reply-address"
SIGNATURE_LENGTH = 20  # 80 bits of HMAC-SHA256
REFERENCE = re.compile(r"^[a-z0-9-]{1,30}$")
ADDRESS = re.compile(r"reply\+([a-z0-9-]{1,30})\.([0-9a-f]{20})@([^\s>]+)", re.IGNORECASE)


def _signature(reference: str) -> str:
    return salted_hmac(SALT, reference, algorithm="sha256").hexdigest()[:SIGNATURE_LENGTH]


def reply_address(reference: str) -> str:
    """The address whose mail comes back to Tandem naming `reference`; '' without
    INBOUND_DOMAIN (no inbound route is set up: the email carries no reply address)."""
    if not REFERENCE.match(reference):
        raise ValueError(f"A reply reference is lower-case letters, digits and -: {reference!r}")
    domain = settings.INBOUND_DOMAIN
    if not domain:
        return ""
    return f"reply+{reference}.{_signature(reference)}@{domain}"


def reply_reference(addresses: Iterable[str]) -> str | None:
    """The reference of the first of `addresses` that is a genuine reply address of ours
    (signature checked, our INBOUND_DOMAIN); None when there is none."""
    domain = (settings.INBOUND_DOMAIN or "").lower()
    for address in addresses:
        for match in ADDRESS.finditer(address or ""):
            reference, signature, at = (part.lower() for part in match.groups())
            if domain and at == domain and constant_time_compare(signature, _signature(reference)):
                return reference
    return None
