"""How the API knows who calls: `Authorization: Bearer <personal token>`, nothing else."""

from __future__ import annotations

from rest_framework import authentication, exceptions

from api.services import api_token_authenticate


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """A personal API token (api.ApiToken). A revoked or expired token, or one whose user was
    deactivated, is refused (401) like an unknown one: the answer says nothing more."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as one word: Authorization: Bearer <token>."
            )
        token = api_token_authenticate(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked token.")
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'
