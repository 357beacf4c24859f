"""An OpenID Connect provider inside the test: discovery, JWKS, token and userinfo endpoints
served through `responses` (allauth talks to a provider with `requests`), ID tokens signed with
an RSA key made for the test run (PyJWT)."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urlsplit

import jwt
import responses
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://idp.example.com"
CLIENT_ID = "tandem-test"
CLIENT_SECRET = "s3cret"


def _new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Provider:
    """One identity provider; `claims` are what it says about the person signing in next."""

    def __init__(self, mock: responses.RequestsMock):
        self.key = _new_key()
        self.kid = "test-key-1"
        self.signing_key = self.key  # a forger signs with another key under the same kid
        self.claims: dict = {}
        self.expires_in = 300
        mock.get(f"{ISSUER}/.well-known/openid-configuration", json=self.discovery())
        mock.get(f"{ISSUER}/jwks", json=self.jwks())
        mock.add_callback(responses.POST, f"{ISSUER}/token", callback=self._token)
        mock.add_callback(responses.GET, f"{ISSUER}/userinfo", callback=self._userinfo)

    def discovery(self) -> dict:
        return {
            "issuer": ISSUER,
            "authorization_endpoint": f"{ISSUER}/authorize",
            "token_endpoint": f"{ISSUER}/token",
            "userinfo_endpoint": f"{ISSUER}/userinfo",
            "jwks_uri": f"{ISSUER}/jwks",
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        }

    def jwks(self) -> dict:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def id_token(self) -> str:
        now = int(time.time())
        payload = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + self.expires_in,
            **self.claims,
        }
        return jwt.encode(payload, self.signing_key, algorithm="RS256", headers={"kid": self.kid})

    def _token(self, request):
        form = parse_qs(request.body)
        assert form["client_id"] == [CLIENT_ID]
        assert form["code"] == ["the-code"]
        assert form.get("code_verifier"), "allauth sends its PKCE verifier"
        body = {
            "access_token": "access-token",
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.id_token(),
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _userinfo(self, request):
        assert request.headers["Authorization"] == "Bearer access-token"
        return 200, {"Content-Type": "application/json"}, json.dumps(self.claims)

    def forge_with_another_key(self) -> None:
        self.signing_key = _new_key()


def sign_in(client, provider: Provider, **claims):
    """Go through the flow as a browser would: Tandem's button, the provider's redirect back."""
    provider.claims = {
        "sub": claims.pop("sub", "idp-user-1"),
        "email_verified": True,
        **claims,
    }
    start = client.post("/accounts/oidc/sso/login/")
    assert start.status_code == 302, start.content
    location = urlsplit(start.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{ISSUER}/authorize"
    state = parse_qs(location.query)["state"][0]
    return client.get("/accounts/oidc/sso/login/callback/", {"code": "the-code", "state": state})
