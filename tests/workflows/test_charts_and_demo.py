"""The SVG bar charts, and the demo history that gives the reports something to show."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import timezone

from insights import reports
from insights.charts import LABEL_WIDTH, WIDTH, bar_chart
from workflows.models import Application, ApplicationTransition, Task


def test_bars_are_proportional_to_their_values_and_labels_are_shortened():
    chart = bar_chart(
        labels=["Short", "A very long requisition title that will not fit"],
        series=[("Hires", [2, 4])],
        unit="hires",
    )
    first, second = (row.bars[0] for row in chart.rows)
    assert second.width == WIDTH - LABEL_WIDTH - 70
    assert first.width == second.width / 2
    assert chart.rows[1].label.endswith("…") and len(chart.rows[1].label) == 32
    assert not chart.show_legend


def test_nothing_to_draw_gives_no_chart():
    assert bar_chart(labels=[], series=[("Hires", [])], unit="hires") is None


def test_the_chart_is_plain_svg_without_inline_styles_or_scripts():
    chart = bar_chart(
        labels=["Applied", "Offer"], series=[("Median", [1.5, 3]), ("p90", [2, 7])], unit="days"
    )
    svg = render_to_string(
        "insights/_bar_chart.html", {"chart": chart, "chart_id": "t", "caption": "Time"}
    )
    assert svg.count("<rect") == 4 + 2  # four bars and two legend keys
    assert "style" not in svg and "<script" not in svg
    assert ">7</text>" in svg and ">1.5</text>" in svg


def test_the_demo_has_months_of_history_across_hundreds_of_applications(demo_data):
    applications = Application.objects.count()
    first = ApplicationTransition.objects.order_by("created_at").first().created_at
    last = ApplicationTransition.objects.order_by("created_at").last().created_at

    assert applications >= 250
    assert (last - first).days >= 120
    assert Task.objects.filter(completed_at__isnull=False).count() > 100
    assert Task.objects.filter(completed_at__isnull=True).exists()

    recruiter = get_user_model().objects.get(username="recruiter")
    today = timezone.localdate()
    half_a_year = reports.ReportFilters(start=today - timedelta(days=180), end=today)
    built = {r.slug: r for r in reports.all_reports(recruiter, half_a_year)}
    assert int(built["funnel"].table.rows[0][1]) >= 200
    assert built["time-to-fill"].table.rows
    assert built["calibration"].nudges  # some pair needs to revisit its intake
