from django.urls import path

from insights import views_reports

app_name = "insights"

urlpatterns = [
    path("reports/", views_reports.report_list, name="reports"),
    path("reports/<slug:slug>.csv", views_reports.report_csv, name="report-csv"),
]
