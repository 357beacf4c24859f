"""insights pages that keep a global URL name (no namespace): `dashboard`, where
LOGIN_REDIRECT_URL and the navigation send people."""

from django.urls import path

from insights import views_dashboard

urlpatterns = [
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
]
