"""A SAML 2.0 identity provider inside the test: a key and self-signed certificate made for the
run, and signed responses to the requests Tandem sends (python3-saml's xmlsec signs them)."""

from __future__ import annotations

import base64
import datetime
import re
import uuid
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from onelogin.saml2.utils import OneLogin_Saml2_Utils

HOST = "tandem.example.com"
ENTITY_ID = "https://idp.example.com/saml"
SSO_URL = "https://idp.example.com/saml/sso"
ACS_URL = "http://tandem.example.com/accounts/saml/sso/acs/"
SP_ENTITY_ID = "http://tandem.example.com/accounts/saml/sso/metadata/"


def _key_and_cert() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.example.com")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return key_pem, cert.public_bytes(serialization.Encoding.PEM).decode()


def _instant(delta_minutes: int = 0) -> str:
    moment = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=delta_minutes)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class IdentityProvider:
    def __init__(self):
        self.key, self.cert = _key_and_cert()
        self.signing_key, self.signing_cert = self.key, self.cert

    @property
    def cert_body(self) -> str:
        return "".join(line for line in self.cert.splitlines() if "CERTIFICATE" not in line)

    def forge_with_another_key(self) -> None:
        self.signing_key, self.signing_cert = _key_and_cert()

    def response(self, *, in_response_to: str, name_id: str, attributes: dict) -> str:
        values = "".join(
            f'<saml:Attribute Name="{name}">'
            + "".join(f"<saml:AttributeValue>{v}</saml:AttributeValue>" for v in vals)
            + "</saml:Attribute>"
            for name, vals in attributes.items()
        )
        assertion = (
            '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
            f'ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{_instant()}">'
            f"<saml:Issuer>{ENTITY_ID}</saml:Issuer>"
            "<saml:Subject>"
            '<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">'
            f"{name_id}</saml:NameID>"
            '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
            f'<saml:SubjectConfirmationData NotOnOrAfter="{_instant(5)}" '
            f'Recipient="{ACS_URL}" InResponseTo="{in_response_to}"/>'
            "</saml:SubjectConfirmation></saml:Subject>"
            f'<saml:Conditions NotBefore="{_instant(-1)}" NotOnOrAfter="{_instant(5)}">'
            f"<saml:AudienceRestriction><saml:Audience>{SP_ENTITY_ID}</saml:Audience>"
            "</saml:AudienceRestriction></saml:Conditions>"
            f'<saml:AuthnStatement AuthnInstant="{_instant()}" SessionIndex="_s1">'
            "<saml:AuthnContext><saml:AuthnContextClassRef>"
            "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
            "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
            f"<saml:AttributeStatement>{values}</saml:AttributeStatement>"
            "</saml:Assertion>"
        )
        signed = OneLogin_Saml2_Utils.add_sign(
            assertion,
            self.signing_key,
            self.signing_cert,
            sign_algorithm=_RSA_SHA256,
            digest_algorithm=_SHA256,
        )
        signed = signed.decode() if isinstance(signed, bytes) else signed
        signed = re.sub(r"^<\?xml[^>]*>\s*", "", signed)
        response = (
            '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
            'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
            f'ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{_instant()}" '
            f'Destination="{ACS_URL}" InResponseTo="{in_response_to}">'
            f"<saml:Issuer>{ENTITY_ID}</saml:Issuer>"
            '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
            f"</samlp:Status>{signed}</samlp:Response>"
        )
        return base64.b64encode(response.encode()).decode()


_RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
_SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"


def sign_in(client, idp: IdentityProvider, *, name_id: str = "grace-1", **attributes):
    start = client.post("/accounts/saml/sso/login/", HTTP_HOST=HOST)
    assert start.status_code == 302, start.content
    location = urlsplit(start.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == SSO_URL
    request_xml = OneLogin_Saml2_Utils.decode_base64_and_inflate(
        parse_qs(location.query)["SAMLRequest"][0]
    )
    request_id = re.search(rb'ID="([^"]+)"', request_xml).group(1).decode()
    saml_response = idp.response(
        in_response_to=request_id,
        name_id=name_id,
        attributes={
            name: value if isinstance(value, list) else [value]
            for name, value in attributes.items()
        },
    )
    acs = client.post("/accounts/saml/sso/acs/", {"SAMLResponse": saml_response}, HTTP_HOST=HOST)
    assert acs.status_code == 302
    return client.get(acs.headers["Location"], HTTP_HOST=HOST)
