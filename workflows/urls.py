from django.urls import path

from workflows.applications import views as views_application
from workflows.applications import (
    views_bulk,
    views_closing,
    views_digest,
    views_pipeline,
    views_review,
    views_screening,
    views_sourcing,
)
from workflows.duties import views as views_tasks
from workflows.duties import views_conversations
from workflows.interviews import views as views_interviews
from workflows.interviews import views_comparison
from workflows.offers import views as views_offers

app_name = "workflows"

urlpatterns = [
    path("candidates/<int:pk>/write/", views_conversations.compose, name="compose"),
    path("candidates/bulk/", views_bulk.candidates_bulk, name="candidates-bulk"),
    path(
        "requisitions/<int:pk>/pipeline/bulk/", views_bulk.pipeline_bulk, name="applications-bulk"
    ),
    path(
        "applications/<int:pk>/write/",
        views_conversations.compose_for_application,
        name="compose-for-application",
    ),
    path(
        "scheduled-emails/<int:pk>/cancel/",
        views_conversations.scheduled_cancel,
        name="scheduled-cancel",
    ),
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
    path("requisitions/<int:pk>/close-rest/", views_closing.close_rest, name="close-rest"),
    path("tasks/", views_tasks.task_list, name="tasks"),
    path("tasks/<int:pk>/complete/", views_tasks.task_complete_view, name="task-complete"),
    path("review/digest/<str:token>/accept/", views_digest.digest_accept, name="digest-accept"),
    path("review/digest/<str:token>/decline/", views_digest.digest_decline, name="digest-decline"),
    path(
        "applications/<int:pk>/interviews/new/",
        views_interviews.interview_schedule,
        name="interview-schedule",
    ),
    path("interviews/", views_interviews.my_interviews, name="my-interviews"),
    path("interviews/<int:pk>/kit/", views_interviews.interview_kit, name="interview-kit"),
    path("interviews/<int:pk>/scorecard/", views_interviews.scorecard, name="scorecard"),
    path("interviews/<int:pk>/invite.ics", views_interviews.interview_ics, name="interview-ics"),
    path("interviews/<int:pk>/resume/", views_interviews.interview_resume, name="interview-resume"),
    path(
        "interviews/<int:pk>/reschedule/",
        views_interviews.interview_reschedule,
        name="interview-reschedule",
    ),
    path("interviews/<int:pk>/cancel/", views_interviews.interview_cancel, name="interview-cancel"),
    path(
        "interviews/<int:pk>/complete/",
        views_interviews.interview_complete,
        name="interview-complete",
    ),
    path(
        "interviews/<int:pk>/no-show/", views_interviews.interview_no_show, name="interview-no-show"
    ),
    path("requisitions/<int:pk>/comparison/", views_comparison.comparison, name="comparison"),
    path("applications/<int:pk>/offers/new/", views_offers.offer_new, name="offer-new"),
    path("offers/<int:pk>/decline/", views_offers.offer_decline, name="offer-decline"),
    *[
        path(
            f"offers/<int:pk>/{transition}/",
            views_offers.offer_action,
            {"transition": transition},
            name=f"offer-{transition}",
        )
        for transition in ("approve", "extend", "accept")
    ],
]
