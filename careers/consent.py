"""The withdraw-consent link in every email to a candidate: its token is made and read here.

The token carries the candidate's id, signed with one salt; it does not expire (the same link
in every email). The emails' context gets the link from here (registered with
`workflows.duties.messaging`, which builds no URL of the careers site itself).
"""

from __future__ import annotations

from django.core import signing

from candidates.models import Candidate
from workflows.duties.messaging import absolute_url, candidate_links_register

CONSENT_WITHDRAW_SALT = "tandem.careers.consent-withdraw"


def consent_withdraw_token(candidate_id: int) -> str:
    """The token of candidate `candidate_id`'s withdraw-consent link."""
    return signing.Signer(salt=CONSENT_WITHDRAW_SALT).sign_object(candidate_id)


def candidate_id_for_token(token: str) -> int | None:
    """The candidate id a withdraw-consent token was made for; None for a forged one."""
    try:
        return int(signing.Signer(salt=CONSENT_WITHDRAW_SALT).unsign_object(token))
    except (signing.BadSignature, TypeError, ValueError):
        return None


@candidate_links_register
def consent_links(candidate: Candidate) -> dict[str, str]:
    """What every candidate email's context gets from the careers site: the withdraw link."""
    return {
        "consent_withdraw_url": absolute_url(
            "careers:consent-withdraw", consent_withdraw_token(candidate.pk)
        )
    }
