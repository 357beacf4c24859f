from django.urls import path

from candidates import views, views_similar

app_name = "candidates"

urlpatterns = [
    path("candidates/", views.candidate_list, name="list"),
    path("candidates/new/", views.candidate_new, name="new"),
    path("candidates/<int:pk>/", views.candidate_detail, name="detail"),
    path("candidates/<int:pk>/edit/", views.candidate_edit, name="edit"),
    path("candidates/<int:pk>/notes/", views.note_add, name="note-add"),
    path("candidates/<int:pk>/resume/", views.resume_download, name="resume"),
    path(
        "candidates/<int:pk>/files/<int:attachment_pk>/",
        views.reply_attachment_download,
        name="reply-attachment",
    ),
    path("requisitions/<int:pk>/similar/", views_similar.find_similar, name="similar"),
    path(
        "requisitions/<int:pk>/similar/benchmarks/",
        views_similar.benchmark_change,
        name="benchmark-change",
    ),
    path("requisitions/<int:pk>/realism/", views_similar.realism_meter, name="realism"),
]
