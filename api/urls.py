"""The API (`/api/v1/`, schema, docs) and the page where a user manages their tokens."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import views, views_tokens

app_name = "api"

router = DefaultRouter()
router.include_root_view = False
router.register("requisitions", views.RequisitionViewSet, basename="requisition")
router.register("candidates", views.CandidateViewSet, basename="candidate")
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("users", views.UserViewSet, basename="user")
router.register("disposition-reasons", views.DispositionReasonViewSet, basename="reason")

# The API authenticates each request itself (a personal token, api.authentication), so the
# login-required middleware, which would redirect to the login page, lets these through.
api_patterns = [
    *router.urls,
]
for pattern in api_patterns:
    pattern.callback = login_not_required(pattern.callback)

public = {"authentication_classes": [], "permission_classes": []}

urlpatterns = [
    path("settings/api-tokens/", views_tokens.token_list, name="tokens"),
    path("settings/api-tokens/<int:pk>/revoke/", views_tokens.token_revoke, name="token-revoke"),
    path("api/v1/", include(api_patterns)),
    path(
        "api/schema/",
        login_not_required(SpectacularAPIView.as_view(**public)),
        name="schema",
    ),
    path(
        "api/docs/",
        login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema", **public)),
        name="docs",
    ),
]
