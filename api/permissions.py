"""What a token may do at all; what its user may see and do is ats/rules.py's, via the selectors."""

from __future__ import annotations

from rest_framework import permissions

from api.models import ApiToken


class TokenScope(permissions.BasePermission):
    """A personal token is required; reading needs any scope, anything else the write scope."""

    message = "This token is read-only: make a token with the write scope to change anything."

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return False
        return request.method in permissions.SAFE_METHODS or token.can_write
