from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (`seed_demo`) and the benchmark's data (`bench`): calls services only."""

    name = "demo"
