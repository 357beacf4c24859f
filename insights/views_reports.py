"""`/reports/`: the numbers behind the hiring agreement, each as a chart, its table and a CSV."""

from __future__ import annotations

import csv

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from insights import reports
from insights.reports import ReportFilters
from requisitions.selectors import departments


class ReportFilterForm(forms.Form):
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    department = forms.ChoiceField(label="Department", required=False)

    MAX_DAYS = 5 * 366
    MIN_YEAR, MAX_YEAR = 2000, 2100

    def __init__(self, data=None, *, user):
        defaults = ReportFilters.default()
        merged = {"start": defaults.start, "end": defaults.end, "department": ""}
        if data:
            merged.update({key: data[key] for key in ("start", "end", "department") if key in data})
        super().__init__(merged)
        self.fields["department"].choices = [("", "All departments")] + [
            (name, name) for name in departments(user)
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        for name, day in (("start", start), ("end", end)):
            if day and not self.MIN_YEAR <= day.year <= self.MAX_YEAR:
                raise ValidationError(
                    {name: f"Choose a date between {self.MIN_YEAR} and {self.MAX_YEAR}."}
                )
        if start and end:
            if end < start:
                raise ValidationError({"end": "The end comes before the start."})
            if (end - start).days > self.MAX_DAYS:
                raise ValidationError({"start": "Choose a range of five years at most."})
        return cleaned

    def filters(self) -> ReportFilters:
        data = self.cleaned_data
        return ReportFilters(start=data["start"], end=data["end"], department=data["department"])


def _form(request: HttpRequest) -> ReportFilterForm:
    if not reports.may_see_reports(request.user):
        raise Http404("No reports for you.")
    return ReportFilterForm(request.GET, user=request.user)


@require_http_methods(["GET"])
def report_list(request: HttpRequest):
    form = _form(request)
    context = {"form": form, "reports": [], "query": "", "filters": None}
    if form.is_valid():
        filters = form.filters()
        context.update(
            reports=reports.all_reports(request.user, filters),
            query=filters.query(),
            filters=filters,
        )
    return TemplateResponse(request, "insights/reports.html", context, status=200)


@require_http_methods(["GET"])
def report_csv(request: HttpRequest, slug: str):
    form = _form(request)
    if slug not in reports.REPORTS:
        raise Http404("No such report.")
    if not form.is_valid():
        errors = "; ".join(f"{name}: {' '.join(e)}" for name, e in form.errors.items())
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    filters = form.filters()
    report = reports.one_report(request.user, slug, filters)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"tandem-{slug}-{filters.start}-{filters.end}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(report.table.columns)
    writer.writerows(
        [_csv_safe(value, text) for value, text in zip(row, texts, strict=True)]
        for row, texts in zip(report.table.rows, report.table.text_rows(), strict=True)
    )
    return response


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value, text: str) -> str:
    """A text cell a spreadsheet would run as a formula (a requisition titled `=HYPERLINK(...)`)
    is prefixed with an apostrophe; numbers stay numbers."""
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_START) else text
