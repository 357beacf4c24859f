from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "candidates"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The emails this app sends, registered with notifications as the shipped defaults.
        from candidates import emails as _emails  # noqa: F401
