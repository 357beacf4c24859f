from allauth.account import views as allauth_views
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from accounts import oidc
from ats import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    # /dashboard/ lives in insights (above the domain: it reads every app), name "dashboard".
    path("", include("insights.urls_root")),
    # Accounts: django-allauth (accounts app), under the names Tandem's pages always used.
    path("accounts/login/", allauth_views.login, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", allauth_views.password_change, name="password_change"),
    path(
        "accounts/password_change/done/",
        TemplateView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    # OpenID Connect sign-in, checking every ID token's signature (accounts/oidc.py).
    path("accounts/oidc/<str:provider_id>/login/", oidc.login, name="openid_connect_login"),
    path(
        "accounts/oidc/<str:provider_id>/login/callback/",
        oidc.callback,
        name="openid_connect_callback",
    ),
    path("accounts/", include("allauth.urls")),
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
