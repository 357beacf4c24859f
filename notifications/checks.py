"""`manage.py check --deploy`: an ESP through anymail needs its tracking webhook secured."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def anymail_webhook_secret(app_configs, **kwargs):
    uses_anymail = settings.EMAIL_BACKEND.startswith("anymail.")
    if uses_anymail and not getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"):
        return [
            checks.Warning(
                "Email goes through anymail but ANYMAIL_WEBHOOK_SECRET is not set: anyone could "
                "post tracking events (e.g. mark messages bounced) to /anymail/.",
                hint="Set ANYMAIL_WEBHOOK_SECRET to 'user:password' and use it in the ESP's "
                "webhook URL (https://user:password@host/anymail/<esp>/tracking/).",
                id="notifications.W001",
            )
        ]
    return []
