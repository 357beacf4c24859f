"""Inbound webhook payloads in the formats anymail documents, to post in tests.

Postmark: the inbound webhook's JSON (FromFull, ToFull, Headers, TextBody, Attachments with
base64 Content). Mailgun: a route's forward() to `/anymail/mailgun/inbound_mime/`, a form post
with the raw message in `body-mime`, signed with the webhook signing key (timestamp + token,
HMAC-SHA256).
"""

import base64
import hashlib
import hmac
import json
import time
from email.message import EmailMessage

SECRET = "tandem:s3cret"
MAILGUN_SIGNING_KEY = "key-mailgun-signing-0123"


def basic_auth(credentials: str = SECRET) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(credentials.encode()).decode()}


def postmark_payload(
    *,
    sender: str,
    to: str,
    subject: str = "Re: Your application",
    text: str = "Tuesday works for me.",
    message_id: str = "<reply-1@mail.example.org>",
    in_reply_to: str = "",
    attachments: tuple[tuple[str, str, bytes], ...] = (),
) -> dict:
    headers = [
        {"Name": "Return-Path", "Value": f"<{sender}>"},
        {"Name": "Message-ID", "Value": message_id},
    ]
    if in_reply_to:
        headers += [
            {"Name": "In-Reply-To", "Value": in_reply_to},
            {"Name": "References", "Value": in_reply_to},
        ]
    return {
        "FromName": "Grace Hopper",
        "MessageStream": "inbound",
        "From": sender,
        "FromFull": {"Email": sender, "Name": "Grace Hopper", "MailboxHash": ""},
        "To": to,
        "ToFull": [{"Email": to, "Name": "", "MailboxHash": ""}],
        "Cc": "",
        "CcFull": [],
        "OriginalRecipient": to,
        "Subject": subject,
        "MessageID": "73e6d360-66eb-11e1-8e72-a8904824019b",
        "ReplyTo": "",
        "MailboxHash": "",
        "Date": "Thu, 3 Dec 2026 10:00:00 +0000",
        "TextBody": text,
        "HtmlBody": "",
        "StrippedTextReply": "",
        "Tag": "",
        "Headers": headers,
        "Attachments": [
            {
                "Name": name,
                "Content": base64.b64encode(content).decode(),
                "ContentType": content_type,
                "ContentLength": len(content),
            }
            for name, content_type, content in attachments
        ],
    }


def post_postmark(client, payload: dict, credentials: str = SECRET):
    return client.post(
        "/anymail/postmark/inbound/",
        data=json.dumps(payload),
        content_type="application/json",
        **(basic_auth(credentials) if credentials else {}),
    )


def raw_mime(
    *,
    sender: str,
    to: str,
    subject: str = "Re: Your application",
    text: str = "Tuesday works for me.",
    message_id: str = "<reply-2@mail.example.org>",
    in_reply_to: str = "",
    attachments: tuple[tuple[str, str, bytes], ...] = (),
) -> str:
    message = EmailMessage()
    message["From"] = f"Grace Hopper <{sender}>"
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(text)
    for name, content_type, content in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message.as_string()


def mailgun_form(*, mime: str, recipient: str, sender: str, key: str = MAILGUN_SIGNING_KEY):
    timestamp, token = str(int(time.time())), "50f8ebd6e0bd4a7a0e3e8b3d1b0b8c2d8e0f4a1b2c3d4e5f6a"
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {
        "recipient": recipient,
        "sender": sender,
        "body-mime": mime,
        "timestamp": timestamp,
        "token": token,
        "signature": signature,
    }


def post_mailgun(client, form: dict, credentials: str = SECRET):
    return client.post(
        "/anymail/mailgun/inbound_mime/",
        data=form,
        **(basic_auth(credentials) if credentials else {}),
    )
