from django.urls import path

from workflows import (
    views_application,
    views_pipeline,
    views_reports,
    views_review,
    views_screening,
    views_sourcing,
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
    path("reports/", views_reports.report_list, name="reports"),
    path("reports/<slug:slug>.csv", views_reports.report_csv, name="report-csv"),
]
