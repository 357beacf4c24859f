from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The emails each package sends, registered with notifications as the shipped defaults.
        from workflows.applications import emails as _applications  # noqa: F401
        from workflows.duties import emails as _duties  # noqa: F401
        from workflows.duties import emails_conversations as _conversations  # noqa: F401
        from workflows.duties import replies as _replies  # noqa: F401  (the inbound handler)
        from workflows.interviews import emails as _interviews  # noqa: F401
        from workflows.offers import emails as _offers  # noqa: F401
