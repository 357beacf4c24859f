from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Dashboards and reports: read every domain, own no model."""

    name = "insights"
