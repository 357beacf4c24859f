from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in: django-allauth's adapters (passwords, reset through the outbox, a second
    factor, single sign-on with roles from the identity provider), people who leave, the audit
    log of all of it. Above `workflows`: a leaver's open tasks are handed to their recruiter."""

    name = "accounts"
    verbose_name = "Accounts and sign-in"

    def ready(self) -> None:
        from accounts import emails, receivers  # noqa: F401  (email defaults, audit receivers)
