from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ats import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    # /dashboard/ lives in insights (above the domain: it reads every app), name "dashboard".
    path("", include("insights.urls_root")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("requisitions/", include("requisitions.urls")),
    # ESP tracking webhooks (public, csrf-exempt, secured by ANYMAIL_WEBHOOK_SECRET basic auth).
    path("anymail/", include("notifications.urls")),
    path("", include("candidates.urls")),
    path("", include("workflows.urls")),
    path("", include("careers.urls")),
    path("", include("insights.urls")),
    path("", include("api.urls")),
]
