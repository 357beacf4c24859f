from django.urls import path

from workflows import (
    views_application,
    views_digest,
    views_pipeline,
    views_review,
    views_screening,
    views_sourcing,
    views_tasks,
)

app_name = "workflows"

urlpatterns = [
    path("requisitions/<int:pk>/pipeline/", views_pipeline.pipeline, name="pipeline"),
    path(
        "requisitions/<int:pk>/screening-questions/",
        views_screening.screening_questions,
        name="screening-questions",
    ),
    path(
        "applications/<int:pk>/",
        views_application.application_detail,
        name="application-detail",
    ),
    path(
        "applications/<int:pk>/move/",
        views_application.application_move_view,
        name="application-move",
    ),
    path(
        "applications/<int:pk>/notes/",
        views_application.application_note,
        name="application-note",
    ),
    path(
        "applications/<int:pk>/screening/",
        views_screening.screening_form,
        name="screening-form",
    ),
    path("review/", views_review.review, name="review"),
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
    path("tasks/", views_tasks.task_list, name="tasks"),
    path("tasks/<int:pk>/complete/", views_tasks.task_complete_view, name="task-complete"),
    path("review/digest/<str:token>/accept/", views_digest.digest_accept, name="digest-accept"),
    path("review/digest/<str:token>/decline/", views_digest.digest_decline, name="digest-decline"),
]
