"""Transition guards that can say why they block.

A `Guard` is a django-fsm-2 condition (a callable returning True when the move may go ahead) that
also answers `reason(instance)` with a sentence for the page ("complete the screening form first").
Guards are pure: they read, never write.

    SCREENING_DONE = Guard("screening_done", lambda app: None if app.screening_complete
                           else "Complete the screening form first.")

    @transition(field=state, source=..., target=..., conditions=[SCREENING_DONE])
    def shortlist(self): ...

`blocked_reasons(instance.shortlist)` lists the reasons of every failing guard of that transition;
`transition_run(instance.shortlist, waived={"screening_done"})` runs it with the named guards
waived (an admin's override), passed explicitly rather than through the instance.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from django_fsm import TransitionNotAllowed, post_transition, pre_transition


@dataclass(frozen=True)
class Guard:
    name: str
    check: Callable[[Any], str | None]

    def __call__(self, instance: Any) -> bool:
        return self.check(instance) is None

    def reason(self, instance: Any) -> str | None:
        return self.check(instance)


def blocked_reasons(bound_transition: Any) -> list[str]:
    """The reasons the transition `bound_transition` (e.g. `app.shortlist`) cannot run now.

    An empty list means every guard passes. A transition that does not start from the current
    state is reported as such.
    """
    meta = bound_transition._django_fsm
    instance = bound_transition.__self__
    state = meta.field.get_state(instance)
    transition = meta.get_transition(state)
    if transition is None:
        return [f"Not possible from {state!s}."]
    reasons = []
    for condition in transition.conditions:
        if isinstance(condition, Guard):
            reason = condition.reason(instance)
            if reason:
                reasons.append(reason)
        elif not condition(instance):
            reasons.append(getattr(condition, "__doc__", None) or condition.__name__)
    return reasons


def transition_run(bound_transition: Any, *, waived: Collection[str] = ()) -> Any:
    """Run `bound_transition` (e.g. `app.shortlist`), every guard checked except those named in
    `waived`. Without waivers this is the plain django-fsm-2 call; with them it checks the other
    conditions itself and runs the transition body and the state change as django-fsm-2 does
    (signals included). Raises TransitionNotAllowed as django-fsm-2 does."""
    if not waived:
        return bound_transition()
    meta = bound_transition._django_fsm
    instance = bound_transition.__self__
    source = meta.field.get_state(instance)
    transition = meta.get_transition(source)
    if transition is None:
        raise TransitionNotAllowed(f"Can't switch from state '{source}'.", object=instance)
    unmet = [
        condition
        for condition in transition.conditions
        if getattr(condition, "name", None) not in waived and not condition(instance)
    ]
    if unmet:
        raise TransitionNotAllowed("Transition conditions have not been met.", object=instance)
    target = meta.next_state(source)
    signal = {
        "sender": type(instance),
        "instance": instance,
        "name": transition.name,
        "field": meta.field,
        "source": source,
        "target": target,
        "method_args": (),
        "method_kwargs": {},
    }
    pre_transition.send(**signal)
    result = transition.method(instance)
    meta.field.set_proxy(instance, target)
    meta.field.set_state(instance, target)
    post_transition.send(**signal)
    return result
