"""Reads the API adds to the domain's selectors: a user's own tokens, the people a user sees."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from api.models import ApiToken
from ats.rules import may


def own_tokens(user) -> QuerySet[ApiToken]:
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def get_own_token(user, pk: int) -> ApiToken:
    """One of `user`'s tokens; anyone else's is a 404."""
    return get_object_or_404(own_tokens(user), pk=pk)


def visible_users(user) -> QuerySet:
    """Recruiters and admins see every active colleague; anyone else only themselves."""
    users = get_user_model().objects.filter(is_active=True)
    if may(user, "ats.view_colleagues"):
        return users
    return users.filter(pk=user.pk)
