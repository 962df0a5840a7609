"""The benchmarks keep up with the code they measure: each runs here once, on its own generated
data (their figures are measured by `make bench`, not by the tests)."""

from bench import import_workbook, incident_import, leadership, report_export


def test_the_import_benchmark_imports_every_generated_row():
    figures = import_workbook.run(rows=200, repeats=1)
    assert figures["rows imported"] == 200 and figures["write lock held, median (s)"] > 0


def test_the_report_benchmark_exports_the_large_mission():
    figures = report_export.run(repeats=1)
    assert any(value for name, value in figures.items() if "cells" in name or "bytes" in name)


def test_the_incident_import_benchmark_imports_then_finds_every_event_unchanged():
    figures = incident_import.run(events=500)
    assert figures["events"] == 500 and figures["first import, commit included (s)"] > 0


def test_the_leadership_benchmark_loads_the_served_dashboard_without_an_error():
    scale = {"missions": 1, "outcomes": 3, "indicators_per_outcome": 2, "points_per_indicator": 6}
    figures = leadership.run(scale=scale, users=3, seconds=2, think=0.2, repeats=1)
    assert figures["under load: requests"] > 0 and figures["under load: errors"] == 0
    assert figures["mission dashboard alone, assembled, median of 1 (ms)"] > 0
