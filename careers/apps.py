from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = "Careers site and privacy"

    def ready(self) -> None:
        from careers import (
            consent,  # noqa: F401  (adds the withdraw-consent link to candidate emails)
            emails,  # noqa: F401  (registers the emails the careers site sends)
        )
