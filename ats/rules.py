"""Who may see and do what in Tandem: every rule, in one place (django-rules).

The boundary, so there is one answer to each question:

- `ats.roles` answers *which roles* a user has (recruiter, hiring manager, admin): the data.
- this module answers *may this user do that* (to this object): the rules, built on those roles
  and on plain attributes of the objects (ids and states, read by name; no import of a higher app).
- the scoped querysets (`visible_requisitions(user)`, `visible_applications(user)` …) filter by
  these rules: they are how a page fetches, so an outsider gets a 404.

Nothing else checks a role. Python asks `may(user, "workflows.draft_offer", application)`;
templates ask `{% load rules %}{% test_rule "workflows.draft_offer" user app as can_draft %}`;
django-fsm-2 transitions name their rule (`permission=rule("workflows.move_application")`).

`may`, `rule` and `{% test_rule %}` test the rule as written. The rules are also Django
permissions (`rules.permissions.ObjectPermissionBackend`), so `user.has_perm(...)` and
`{% has_perm %}` know them too; but `has_perm` passes every active superuser first and asks the
model backend's permission tables when a rule says no, so Tandem itself asks `may`: a rule that
leaves admins out (the shortlist review is the hiring manager's) says the same on the page and on
the server, at the same cost for one row or a thousand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rules
from django.utils import timezone

from ats.roles import roles_for

# States named by value: this module sits below the apps that define them.
SCREENING_EDITABLE_STATES = ("applied", "screening")
INTERVIEW_CLOSED_STATUSES = ("cancelled", "no_show")


# --- the roles, as predicates -----------------------------------------------------------------


@rules.predicate
def is_recruiter(user) -> bool:
    return roles_for(user).is_recruiter


@rules.predicate
def is_hiring_manager(user) -> bool:
    return roles_for(user).is_hiring_manager


@rules.predicate
def is_admin(user) -> bool:
    return roles_for(user).is_admin


# Recruiters and admins see every requisition and candidate (DESIGN.md, who sees what).
sees_everything = is_recruiter | is_admin


# --- facts about the object -------------------------------------------------------------------


def _requisition(obj: Any):
    """The requisition `obj` concerns: itself, an application's, an offer's or an interview's."""
    for _ in range(3):
        if obj is None or hasattr(obj, "hiring_manager_id"):
            return obj
        obj = getattr(obj, "requisition", None) or getattr(obj, "application", None)
    return None


@rules.predicate
def is_its_hiring_manager(user, obj) -> bool:
    """`user` is the hiring manager of the requisition `obj` is (or concerns)."""
    requisition = _requisition(obj)
    return (
        requisition is not None
        and user.pk is not None
        and (requisition.hiring_manager_id == user.pk)
    )


@rules.predicate
def requisition_is_open_ended(user, obj) -> bool:
    """The requisition is not filled or cancelled."""
    requisition = _requisition(obj)
    return requisition is not None and not requisition.is_closed


@rules.predicate
def requisition_is_draft(user, obj) -> bool:
    requisition = _requisition(obj)
    return requisition is not None and requisition.status == "draft"


@rules.predicate
def screening_is_editable(user, application) -> bool:
    """The screening form may change until the candidate is shortlisted."""
    return application is not None and application.state in SCREENING_EDITABLE_STATES


@rules.predicate
def is_in_offer_without_open_offer(user, application) -> bool:
    """The application is in `offer` and has no open offer yet (one open offer at a time)."""
    if application is None or application.state != "offer":
        return False
    return not any(offer.is_open for offer in application.offers.all())


@rules.predicate
def is_on_the_panel(user, interview) -> bool:
    if interview is None or user.pk is None:
        return False
    return interview.panelists.filter(user=user).exists()


def scorecard_refusal(interview) -> str | None:
    """Why no scorecard can be submitted for `interview` now (None: it can). Scorecards open
    when the interview starts and close if it is cancelled or a no-show."""
    if interview.status in INTERVIEW_CLOSED_STATUSES:
        return f"The interview was {interview.get_status_display().lower()}: no scorecard is due."
    if interview.status == "scheduled" and interview.starts_at > timezone.now():
        return "The scorecard opens when the interview starts."
    return None


@rules.predicate
def interview_takes_scorecards(user, interview) -> bool:
    return interview is not None and scorecard_refusal(interview) is None


# --- accounts: what settings ask of whom ------------------------------------------------------


@rules.predicate
def second_factor_policy_covers(user) -> bool:
    """TANDEM_MFA_REQUIRED says this user's role must sign in with a second factor."""
    from django.conf import settings

    policy = settings.TANDEM_MFA_REQUIRED
    if policy == "everyone":
        return user.is_authenticated
    return policy == "admins" and roles_for(user).is_admin


@rules.predicate
def is_break_glass_admin(user) -> bool:
    """The one admin who may still sign in with a password when SSO is required."""
    from django.conf import settings

    name = settings.TANDEM_BREAK_GLASS_USERNAME
    return bool(name) and user.get_username() == name and roles_for(user).is_admin


@rules.predicate
def sso_is_optional(user) -> bool:
    from django.conf import settings

    return not settings.TANDEM_SSO_REQUIRED


# --- the rules --------------------------------------------------------------------------------

RULES = {
    # the admin site
    "ats.use_admin": is_admin,
    # the API's list of people (whom to name as HM, interviewer, task owner)
    "ats.view_colleagues": sees_everything,
    # accounts
    "accounts.needs_second_factor": second_factor_policy_covers,
    "accounts.sign_in_with_password": sso_is_optional | is_break_glass_admin,
    # requisitions
    "requisitions.view_all_requisitions": sees_everything,
    "requisitions.view_own_requisitions": is_hiring_manager,
    "requisitions.view_requisitions": sees_everything | is_hiring_manager,
    "requisitions.create_requisition": sees_everything,
    "requisitions.request_requisition": is_hiring_manager,
    "requisitions.edit_details": requisition_is_open_ended
    & (sees_everything | (is_its_hiring_manager & requisition_is_draft)),
    "requisitions.edit_staffing": sees_everything,
    "requisitions.edit_intake": requisition_is_open_ended
    & (sees_everything | is_its_hiring_manager),
    "requisitions.move_requisition": sees_everything,
    # whom a requisition may name as its hiring manager / its recruiter
    "requisitions.be_hiring_manager": is_hiring_manager,
    "requisitions.be_recruiter": is_recruiter,
    # candidates
    "candidates.view_candidates": sees_everything,
    "candidates.manage_personal_data": sees_everything,
    "candidates.write_to_candidate": sees_everything,
    "candidates.bulk_act_on_candidates": sees_everything,
    # the public job board, as the recruiter side checks it
    "careers.preview_job_board": sees_everything,
    # applications
    "workflows.view_all_applications": sees_everything,
    "workflows.view_shortlisted_applications": is_hiring_manager,
    "workflows.view_whole_application": sees_everything | is_its_hiring_manager,
    "workflows.read_whole_journal": sees_everything,
    "workflows.move_application": sees_everything,
    "workflows.decide_on_shortlist": is_admin | (is_hiring_manager & is_its_hiring_manager),
    "workflows.override_guard": is_admin,
    "workflows.review_shortlists": is_hiring_manager,
    "workflows.screen_applications": sees_everything,
    "workflows.fill_screening": sees_everything & screening_is_editable,
    "workflows.add_to_pipeline": sees_everything,
    "workflows.close_rest": sees_everything,
    # interviews and offers
    "workflows.view_all_interviews": sees_everything,
    "workflows.view_own_requisitions_interviews": is_hiring_manager,
    "workflows.manage_interviews": sees_everything,
    "workflows.submit_scorecard": is_on_the_panel & interview_takes_scorecards,
    "workflows.view_all_offers": sees_everything,
    "workflows.view_own_requisitions_offers": is_hiring_manager,
    "workflows.draft_offer": sees_everything & is_in_offer_without_open_offer,
    "workflows.approve_offer": is_admin | is_its_hiring_manager,
    "workflows.move_offer": sees_everything,
    # dashboards and reports
    "insights.view_recruiter_dashboard": sees_everything,
    "insights.view_hm_dashboard": is_hiring_manager,
    "insights.view_reports": sees_everything | is_hiring_manager,
}

for _name, _predicate in RULES.items():
    rules.add_perm(_name, _predicate)  # user.has_perm (django-fsm-2's permission=)
    rules.add_rule(_name, _predicate)  # {% test_rule %} in templates


@dataclass(frozen=True)
class rule:  # lower case: read as a call, permission=rule("...")
    """A django-fsm-2 `permission=` that asks the named rule: called as (instance, user)."""

    name: str

    def __post_init__(self) -> None:
        if self.name not in RULES:
            raise KeyError(f"No such rule: {self.name!r}.")

    def __call__(self, instance: Any, user) -> bool:
        return may(user, self.name, instance)


def may(user, permission: str, obj: Any = None) -> bool:
    """Whether `user` may do `permission` (to `obj`): the one question every layer asks."""
    if permission not in RULES:
        raise KeyError(f"No such rule: {permission!r}.")
    return rules.test_rule(permission, user, obj)
