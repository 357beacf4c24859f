"""How the bench states its figures: `name: value unit` lines after one header line."""

import pytest

from demo.bench.http import Timings, page_lines
from demo.bench.load import aggregated
from demo.bench.report import figure, header, percentile


def test_percentile_takes_the_nearest_rank():
    samples = [5.0, 1.0, 3.0, 2.0, 4.0]
    assert percentile(samples, 0.5) == 3.0
    assert percentile(samples, 0.0) == 1.0
    assert percentile(samples, 0.95) == 5.0
    assert percentile([7.0], 0.5) == 7.0


def test_percentile_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_each_figure_is_one_name_value_unit_line():
    assert figure("floor_p50", 4.567, "ms") == "floor_p50: 4.6 ms"
    assert figure("pipeline_1000_x_floor", 2.0) == "pipeline_1000_x_floor: 2.00"
    assert figure("load_errors", 0) == "load_errors: 0"
    assert figure("pipeline_1000_bytes", 143210, "bytes") == "pipeline_1000_bytes: 143210 bytes"


def test_the_header_names_database_sizes_load_and_workers():
    line = header(database="postgresql tandem", sizes={"candidates": 50}, workers=1, load_workers=3)
    assert line.startswith("database: postgresql tandem; candidates: 50; load average: ")
    assert line.endswith("gunicorn workers: 1 (load run: 3)")


def test_page_lines_give_the_floor_first_then_each_page_and_its_ratio():
    timings = Timings(
        pages={"candidate_list": [12.0, 10.0, 14.0], "reports": [30.0, 20.0, 25.0]},
        floor=[5.0, 4.0, 6.0, 5.0, 5.0, 5.0],
    )
    assert page_lines(timings) == [
        ("floor_p50", 5.0, "ms"),
        ("candidate_list_p50", 12.0, "ms"),
        ("candidate_list_x_floor", 2.4, ""),
        ("reports_p50", 25.0, "ms"),
        ("reports_x_floor", 5.0, ""),
    ]


def test_the_load_figures_come_from_locusts_aggregated_row(tmp_path):
    stats = tmp_path / "load_stats.csv"
    stats.write_text(
        "Type,Name,Request Count,Failure Count,Requests/s,95%\n"
        "GET,dashboard,100,1,10.0,120\n"
        ",Aggregated,500,2,48.5,240\n"
    )
    assert aggregated(stats) == (48.5, 240.0, 2)
