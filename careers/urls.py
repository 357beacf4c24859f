from django.urls import path

from careers import views_jobs, views_privacy, views_resume, views_survey

app_name = "careers"

urlpatterns = [
    # Public (login_not_required; listed in tests/ats/test_access.py).
    path("jobs/", views_jobs.job_list, name="jobs"),
    path("jobs/<slug:slug>/", views_jobs.job_detail, name="job"),
    path("jobs/<slug:slug>/apply/", views_jobs.job_apply, name="apply"),
    path("jobs/<slug:slug>/apply/thanks/", views_jobs.job_applied, name="applied"),
    path("survey/done/", views_survey.survey_done, name="survey-done"),
    path("survey/<str:token>/", views_survey.survey, name="survey"),
    path(
        "privacy/consent/<str:token>/",
        views_privacy.consent_withdraw,
        name="consent-withdraw",
    ),
    # Recruiters and admins.
    path("candidates/<int:pk>/export/", views_privacy.candidate_export, name="candidate-export"),
    path("candidates/<int:pk>/erase/", views_privacy.candidate_erase, name="candidate-erase"),
    path(
        "applications/<int:pk>/submitted-resume/",
        views_resume.submitted_resume,
        name="submitted-resume",
    ),
]
