"""/reports/: who may see it, the filters, the CSV equal to the table, constant query counts."""

import csv
import io
import re
from datetime import timedelta

from django.utils import timezone

from insights import reports
from tests.factories import CandidateFactory, TaskFactory
from tests.workflows.conftest import complete_screening
from workflows.applications.services import application_create, application_move

URL = "/reports/"


def _history(requisition, recruiter, hiring_manager, reason, n):
    """`n` applications through the whole process (hired, declined, rejected), with duties."""
    for i in range(n):
        app = application_create(
            candidate=CandidateFactory(), requisition=requisition, by=recruiter, source="referral"
        )
        TaskFactory(
            application=app,
            owner=recruiter,
            kind="screening",
            blocking=False,
            due_at=timezone.now() - timedelta(hours=1),
            completed_at=timezone.now(),
        )
        application_move(application=app, transition="screen", by=recruiter)
        complete_screening(app, recruiter)
        app = application_move(application=app, transition="shortlist", by=recruiter)
        if i % 2:
            application_move(
                application=app,
                transition="decline",
                by=hiring_manager,
                reason=reason,
                feedback="No.",
            )
        else:
            app = application_move(application=app, transition="accept", by=hiring_manager)
            application_move(application=app, transition="reject", by=recruiter, reason=reason)


def _cells(html: str, table_id: str) -> list[list[str]]:
    body = html.split(f'id="{table_id}"', 1)[1].split("</tbody>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S)
    ]


def test_a_recruiter_sees_every_report_with_chart_table_and_csv_link(
    client_for, requisition, recruiter, hiring_manager, reason
):
    _history(requisition, recruiter, hiring_manager, reason, 2)

    html = client_for(recruiter).get(URL).content.decode()

    for slug in reports.REPORTS:
        assert f'id="{slug}"' in html
        assert f"/reports/{slug}.csv?start=" in html
    assert html.count("<svg") >= 5
    assert "style=" not in html.split("<main", 1)[1]  # CSP: no inline styles
    assert "<script" not in html.split("<main", 1)[1]


def test_the_csv_of_each_report_equals_the_table_on_the_page(
    client_for, requisition, recruiter, hiring_manager, reason
):
    _history(requisition, recruiter, hiring_manager, reason, 3)
    client = client_for(recruiter)
    html = client.get(URL).content.decode()
    filters = reports.ReportFilters.default()

    for slug in reports.REPORTS:
        response = client.get(f"/reports/{slug}.csv?{filters.query()}")
        assert response["Content-Type"].startswith("text/csv")
        header, *rows = list(csv.reader(io.StringIO(response.content.decode())))
        report = reports.one_report(recruiter, slug, filters)
        assert header == report.table.columns
        assert rows == report.table.text_rows()
        if rows:
            assert _cells(html, f"{slug}-table") == rows


def test_a_hiring_manager_sees_only_their_requisitions_and_an_outsider_gets_404(
    client_for,
    requisition,
    recruiter,
    hiring_manager,
    other_hiring_manager,
    user_without_role,
    reason,
):
    _history(requisition, recruiter, hiring_manager, reason, 1)

    mine = client_for(hiring_manager).get("/reports/calibration.csv").content.decode()
    others = client_for(other_hiring_manager).get("/reports/calibration.csv").content.decode()

    assert requisition.title in mine
    assert requisition.title not in others
    assert "Your requisitions" in client_for(other_hiring_manager).get(URL).content.decode()
    assert client_for(user_without_role).get(URL).status_code == 404
    assert client_for(user_without_role).get("/reports/funnel.csv").status_code == 404


def test_the_department_filter_offers_only_the_departments_the_user_sees(
    client_for, requisition, hiring_manager, other_hiring_manager
):
    from tests.factories import RequisitionFactory

    RequisitionFactory(department="Sales", hiring_manager=other_hiring_manager)

    html = client_for(hiring_manager).get(URL).content.decode()

    assert '<option value="Engineering"' in html
    assert '<option value="Sales"' not in html


def test_an_end_before_the_start_is_a_form_error_and_no_report_is_computed(client_for, recruiter):
    response = client_for(recruiter).get(URL + "?start=2025-05-01&end=2025-04-01")

    html = response.content.decode()
    assert "The end comes before the start." in html
    assert 'id="funnel"' not in html
    assert 'value="2025-05-01"' in html  # keeps what was typed


def test_a_csv_with_a_bad_date_is_refused_and_an_unknown_report_is_404(client_for, recruiter):
    client = client_for(recruiter)
    assert client.get("/reports/funnel.csv?start=yesterday").status_code == 400
    assert client.get("/reports/nothing.csv").status_code == 404


def test_reports_only_answer_get(client_for, recruiter):
    client = client_for(recruiter)
    assert client.post(URL).status_code == 405
    assert client.post("/reports/funnel.csv").status_code == 405


def test_the_reports_page_costs_the_same_queries_with_1_or_many_applications(
    client_for, requisition, recruiter, hiring_manager, reason, django_assert_num_queries
):
    client = client_for(recruiter)
    _history(requisition, recruiter, hiring_manager, reason, 1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    _history(requisition, recruiter, hiring_manager, reason, 8)
    with django_assert_num_queries(len(one)):
        client.get(URL)
    with CaptureQueriesContext(connection) as csv_one:
        client.get("/reports/hiring-agreement.csv")
    assert len(csv_one) <= 6


def test_a_formula_in_a_text_cell_is_defused_in_the_csv_only(
    client_for, requisition, recruiter, hiring_manager, reason
):
    requisition.title = '=HYPERLINK("x")'
    requisition.save(update_fields=["title"])
    _history(requisition, recruiter, hiring_manager, reason, 1)
    client = client_for(recruiter)
    query = reports.ReportFilters.default().query()
    cells = set()
    for slug in reports.REPORTS:
        response = client.get(f"/reports/{slug}.csv?{query}")
        cells |= {
            cell for row in csv.reader(io.StringIO(response.content.decode())) for cell in row
        }
    assert '\'=HYPERLINK("x")' in cells and '=HYPERLINK("x")' not in cells
    html = client.get(f"{URL}?{query}").content.decode()
    assert "=HYPERLINK(&quot;x&quot;)" in html and "&#x27;=HYPERLINK" not in html


def test_dates_outside_2000_to_2100_are_a_form_error_not_a_500(client_for, recruiter):
    client = client_for(recruiter)
    response = client.get(f"{URL}?start=9999-01-01&end=9999-12-31")
    assert response.status_code == 200
    assert "Choose a date between 2000 and 2100." in response.content.decode()
    response = client.get("/reports/funnel.csv?start=9999-01-01&end=9999-12-31")
    assert response.status_code == 400 and b"between 2000 and 2100" in response.content
