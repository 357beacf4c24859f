"""Horizontal bar charts as SVG geometry, drawn by `templates/insights/_bar_chart.html`.

Hand-rolled rather than a charting library: pygal (the well-kept server-side SVG option) embeds
a `<style>` element and script hooks in its SVG, which the page's Content-Security-Policy
(style-src 'self', no inline scripts) blocks. Here the geometry is computed in Python and the
template writes plain `<rect>`/`<text>` elements whose look comes from classes in tandem.css,
so the chart needs neither inline styles nor JavaScript, and reads well without colour (each
bar carries its value as text).
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 720
LABEL_WIDTH = 220
VALUE_ROOM = 70
BAR_HEIGHT = 14
BAR_GAP = 3
ROW_GAP = 10
LEGEND_HEIGHT = 22
MAX_LABEL = 32


@dataclass
class Bar:
    series: int
    x: float
    y: float
    width: float
    height: float
    value: float
    text: str
    text_x: float
    text_y: float


@dataclass
class Row:
    label: str
    label_y: float
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Chart:
    width: int
    height: int
    unit: str
    series: list[tuple[int, str, float]]  # (index, name, legend x)
    rows: list[Row]
    axis_x: float
    legend_y: float
    show_legend: bool

    @property
    def title(self) -> str:
        names = " and ".join(name for _, name, _ in self.series)
        return f"{names} ({self.unit})"


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _text(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def bar_chart(
    *,
    labels: list[str],
    series: list[tuple[str, list[float]]],
    unit: str,
    maximum: float | None = None,
) -> Chart | None:
    """One row per label, one bar per series in it; None when there is nothing to draw."""
    if not labels:
        return None
    top = maximum or max((v for _, values in series for v in values), default=0) or 1
    plot = WIDTH - LABEL_WIDTH - VALUE_ROOM
    legend = len(series) > 1
    y = LEGEND_HEIGHT if legend else 4
    row_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    rows = []
    for index, label in enumerate(labels):
        row = Row(label=_short(str(label)), label_y=y + row_height / 2 + 4)
        for s, (_name, values) in enumerate(series):
            value = float(values[index] or 0)
            width = round(plot * min(value, top) / top, 1)
            bar_y = y + s * (BAR_HEIGHT + BAR_GAP)
            row.bars.append(
                Bar(
                    series=s,
                    x=LABEL_WIDTH,
                    y=bar_y,
                    width=width,
                    height=BAR_HEIGHT,
                    value=value,
                    text=_text(value),
                    text_x=LABEL_WIDTH + width + 4,
                    text_y=bar_y + BAR_HEIGHT - 3,
                )
            )
        rows.append(row)
        y += row_height + ROW_GAP
    return Chart(
        width=WIDTH,
        height=int(y),
        unit=unit,
        series=[(s, name, LABEL_WIDTH + s * 120) for s, (name, _) in enumerate(series)]
        if legend
        else [(0, series[0][0], LABEL_WIDTH)],
        rows=rows,
        axis_x=LABEL_WIDTH,
        legend_y=14 if legend else 0,
        show_legend=legend,
    )
