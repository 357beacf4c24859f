"""The ESP webhooks: anymail's tracking and inbound views, guarded.

`/anymail/<esp>/tracking/` (delivery events) and `/anymail/<esp>/inbound/` (replies). Each
answers 404 unless `ANYMAIL_WEBHOOK_SECRET` is set — an unsecured webhook would let anyone mark
messages bounced or write on a candidate's profile — and 404 for an ESP that is not configured
(anymail would raise a configuration error: a 500). anymail checks the basic auth of every
request, and the ESP's signature where it signs (Mailgun: `ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY`).
"""

from functools import wraps

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailConfigurationError
from django.conf import settings
from django.http import Http404
from django.urls import URLPattern


def secured_webhook(view):
    @wraps(view)  # keeps csrf_exempt and login_required=False from anymail's view
    def guarded(request, *args, **kwargs):
        if not getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"):
            raise Http404("Webhooks are off: ANYMAIL_WEBHOOK_SECRET is not set.")
        try:
            return view(request, *args, **kwargs)
        except AnymailConfigurationError:
            raise Http404("This email provider is not configured.") from None

    return guarded


urlpatterns = [
    URLPattern(
        pattern.pattern, secured_webhook(pattern.callback), pattern.default_args, pattern.name
    )
    for pattern in anymail_urls.urlpatterns
    if "tracking" in str(pattern.pattern) or "inbound" in str(pattern.pattern)
]
