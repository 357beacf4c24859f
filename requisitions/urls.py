from django.urls import path

from requisitions import views

app_name = "requisitions"

urlpatterns = [
    path("", views.requisition_list, name="list"),
    path("new/", views.requisition_create, name="create"),
    path("<int:pk>/", views.requisition_detail, name="detail"),
    path("<int:pk>/edit/", views.requisition_edit, name="edit"),
    path("<int:pk>/move/", views.requisition_move, name="move"),
    path("<int:pk>/intake/", views.intake, name="intake"),
    path("<int:pk>/knockouts/", views.knockout_questions, name="knockouts"),
]
