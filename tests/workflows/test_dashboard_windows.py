"""The hiring manager's numbers agree with what he may see, and every window is named: his
requisition table counts his pipeline's applications and says how many are still with the
recruiter; his SLA record is his line of the reports' hiring agreement over the same default
window (the last 90 days), labelled on both pages. Overdue means one thing everywhere."""

from datetime import timedelta

import pytest
from django.utils import timezone

from insights import reports
from insights.reports import ReportFilters
from tests.factories import CandidateFactory, TaskFactory
from workflows.applications.selectors import visible_applications
from workflows.applications.services import application_create
from workflows.duties.models import is_overdue
from workflows.models import Task

pytestmark = pytest.mark.django_db

URL = "/dashboard/"


def _apply(requisition, recruiter):
    return application_create(candidate=CandidateFactory(), requisition=requisition, by=recruiter)


def _hm_row(html: str) -> str:
    return html.split('id="hm-requisitions-table"')[1].split("</table>")[0]


def test_the_hms_table_counts_what_his_pipeline_shows_and_what_is_not_shared_yet(
    client_for, requisition, recruiter, hiring_manager, advance
):
    _apply(requisition, recruiter), _apply(requisition, recruiter)  # applied
    advance(_apply(requisition, recruiter), "screening")
    advance(_apply(requisition, recruiter), "shortlisted")

    table = _hm_row(client_for(hiring_manager).get(URL).content.decode())

    assert ">Applied<" not in table and ">Screening<" not in table
    assert '<td data-state="shortlisted">1</td>' in table
    assert "3 with the recruiter, not shared yet" in table
    seen = visible_applications(hiring_manager).filter(requisition=requisition)
    assert seen.filter(state="shortlisted").count() == 1 and seen.count() == 1


def test_reports_default_to_the_last_90_days_and_say_so(client_for, recruiter):
    default = ReportFilters.default()
    assert default.days == 90 and default.end == timezone.localdate()
    html = client_for(recruiter).get("/reports/").content.decode()
    assert "last 90 days" in html.split('id="report-window"')[1].split("</p>")[0]
    assert "the default window" in html
    other = client_for(recruiter).get(f"/reports/?start=2026-01-01&end={default.end}")
    assert "the default window" not in other.content.decode()


def test_the_hms_sla_record_is_his_line_of_the_hiring_agreement_over_the_same_window(
    client_for, clock, requisition, recruiter, hiring_manager, advance
):
    app = advance(_apply(requisition, recruiter), "shortlisted")
    now = timezone.now()
    for days_ago, done_late in ((2, False), (10, True), (60, True), (120, False)):
        TaskFactory(
            application=app,
            owner=hiring_manager,
            kind="review",
            blocking=False,
            due_at=now - timedelta(days=days_ago),
            completed_at=now - timedelta(days=days_ago) + timedelta(hours=5 if done_late else -1),
        )
    html = client_for(hiring_manager).get(URL).content.decode()
    record = html.split('id="sla-record"')[1].split("</section>")[0]
    # 3 duties fell due in the last 90 days (the one 120 days ago is outside): 1 on time.
    assert "last 90 days" in record and "<strong>1 of 3</strong>" in record
    report = reports.one_report(hiring_manager, "hiring-agreement", ReportFilters.default())
    [person] = [row for row in report.table.rows if row[0] == "Person"]
    assert (person[2], person[3], person[4]) == (3, 1, 33.3)
    assert "(33.3 %)" in record


def test_overdue_means_the_deadline_has_passed_everywhere(requisition, recruiter, clock):
    now = timezone.now()
    at_deadline = TaskFactory(application__requisition=requisition, owner=recruiter, due_at=now)
    past = TaskFactory(
        application__requisition=requisition, owner=recruiter, due_at=now - timedelta(seconds=1)
    )
    assert not is_overdue(at_deadline.due_at, now=now) and is_overdue(past.due_at, now=now)
    assert not at_deadline.is_overdue and past.is_overdue
    assert list(Task.objects.overdue(now).filter(owner=recruiter)) == [past]
