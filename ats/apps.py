from django.apps import AppConfig


class AtsConfig(AppConfig):
    name = "ats"
    verbose_name = "Tandem"
    default_auto_field = "django.db.models.BigAutoField"
