from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = "Careers site and privacy"

    def ready(self) -> None:
        from careers import emails  # noqa: F401  (registers the emails the careers site sends)
