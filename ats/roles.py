"""Who a user is in Tandem: a recruiter, a hiring manager, an admin (staff), or several.

Roles are Django groups created by a data migration (ats/migrations/0002_roles.py); admins are
staff users. `request.roles` (set by RolesMiddleware) answers these questions once per request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

RECRUITER = "Recruiter"
HIRING_MANAGER = "Hiring manager"
ROLE_GROUPS = (RECRUITER, HIRING_MANAGER)


@dataclass(frozen=True)
class Roles:
    is_recruiter: bool = False
    is_hiring_manager: bool = False
    is_admin: bool = False

    @property
    def sees_everything(self) -> bool:
        """Recruiters and admins see every requisition and candidate (DESIGN.md, who sees what)."""
        return self.is_recruiter or self.is_admin

    @property
    def label(self) -> str:
        names = [
            name
            for name, flag in (
                ("Admin", self.is_admin),
                ("Recruiter", self.is_recruiter),
                ("Hiring manager", self.is_hiring_manager),
            )
            if flag
        ]
        return " · ".join(names) or "No role yet"


def roles_for(user: AbstractBaseUser | AnonymousUser) -> Roles:
    """The roles of `user`, read with one query (cached on the user object)."""
    if not user.is_authenticated or not user.is_active:
        return Roles()
    cached = getattr(user, "_tandem_roles", None)
    if cached is not None:
        return cached
    groups = set(user.groups.filter(name__in=ROLE_GROUPS).values_list("name", flat=True))
    roles = Roles(
        is_recruiter=RECRUITER in groups,
        is_hiring_manager=HIRING_MANAGER in groups,
        is_admin=user.is_staff or user.is_superuser,
    )
    user._tandem_roles = roles
    return roles


def is_recruiter(user) -> bool:
    return roles_for(user).is_recruiter


def is_hiring_manager(user) -> bool:
    return roles_for(user).is_hiring_manager


def is_admin(user) -> bool:
    return roles_for(user).is_admin


# --- who holds a role, as querysets (for choosing people: the HM of a requisition, interviewers)


def hiring_managers(users: QuerySet) -> QuerySet:
    """The hiring managers among `users`."""
    return users.filter(groups__name=HIRING_MANAGER)


def recruiters(users: QuerySet) -> QuerySet:
    """The recruiters among `users`."""
    return users.filter(groups__name=RECRUITER)


def recruiter_side_q(prefix: str = "") -> Q:
    """A filter for the users who see everything (recruiters and admins), on `prefix`+field."""
    return (
        Q(**{f"{prefix}groups__name": RECRUITER})
        | Q(**{f"{prefix}is_staff": True})
        | Q(**{f"{prefix}is_superuser": True})
    )


# --- giving roles (single sign-on maps the identity provider's groups to these names) ----------

ROLE_NAMES = ("recruiter", "hiring_manager", "admin")
_ROLE_GROUPS = {"recruiter": RECRUITER, "hiring_manager": HIRING_MANAGER}


def role_names(user) -> set[str]:
    """The roles of `user` by name (`ROLE_NAMES`), for comparing with an identity provider's."""
    roles = roles_for(user)
    return {
        name
        for name, held in (
            ("recruiter", roles.is_recruiter),
            ("hiring_manager", roles.is_hiring_manager),
            ("admin", roles.is_admin),
        )
        if held
    }


def roles_assign(user, names: set[str]) -> None:
    """Give `user` exactly the roles `names` (a subset of ROLE_NAMES); an admin is a superuser.

    The caller (accounts.services.user_roles_sync) records the change in the audit log.
    """
    from django.contrib.auth.models import Group

    unknown = set(names) - set(ROLE_NAMES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    groups = [Group.objects.get_or_create(name=_ROLE_GROUPS[n])[0] for n in names if n != "admin"]
    keep = user.groups.exclude(name__in=ROLE_GROUPS)
    user.groups.set([*keep, *groups])
    user.is_staff = user.is_superuser = "admin" in names
    user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("_tandem_roles", None)
