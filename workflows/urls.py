from django.urls import path

from workflows import views_sourcing

app_name = "workflows"

urlpatterns = [
    path(
        "requisitions/<int:pk>/pipeline/add/",
        views_sourcing.pipeline_add,
        name="pipeline-add",
    ),
    path(
        "candidates/<int:candidate_pk>/pipeline/add/",
        views_sourcing.pipeline_add,
        name="pipeline-add-for-candidate",
    ),
]
