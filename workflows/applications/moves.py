"""The moves of an application, in the words of the pages (the transitions live on the model)."""

from __future__ import annotations

from dataclasses import dataclass

from workflows.models import DispositionReason

G = DispositionReason.Group


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    needs_reason: bool = False
    needs_feedback: bool = False
    needs_note: bool = False
    reason_groups: tuple[str, ...] = ()
    danger: bool = False

    @property
    def needs_input(self) -> bool:
        return self.needs_reason or self.needs_feedback or self.needs_note


MOVES: dict[str, Move] = {
    move.name: move
    for move in [
        Move("screen", "Start screening"),
        Move("shortlist", "Shortlist for the hiring manager"),
        Move("accept", "Accept to interview"),
        Move(
            "decline",
            "Decline",
            needs_reason=True,
            needs_feedback=True,
            reason_groups=(G.WE_DECLINED, G.OTHER),
            danger=True,
        ),
        Move("make_offer", "Make an offer"),
        Move("hire", "Hire"),
        Move(
            "reject",
            "Reject",
            needs_reason=True,
            reason_groups=(G.WE_DECLINED, G.OFFER_DECLINED, G.OTHER),
            danger=True,
        ),
        Move(
            "withdraw",
            "Candidate withdrew",
            needs_reason=True,
            reason_groups=(G.CANDIDATE_WITHDREW, G.OFFER_DECLINED, G.OTHER),
            danger=True,
        ),
        Move("reopen", "Reopen", needs_note=True),
    ]
}
