"""The benchmarks keep up with the code they measure: each runs here once, on its own generated
data (their figures are measured by `make bench`, not by the tests)."""

from bench import assessment_page, import_workbook, report_export


def test_the_import_benchmark_imports_every_generated_row():
    figures = import_workbook.run(rows=200, repeats=1)
    assert figures["rows imported"] >= 200 and figures["workbook size (bytes)"] > 0


def test_the_report_benchmark_exports_the_large_mission():
    figures = report_export.run(repeats=1)
    assert any(value for name, value in figures.items() if "cells" in name or "bytes" in name)


def test_the_assessment_benchmark_serves_the_page_of_one_mission():
    figures = assessment_page.run(indicators=40, points_per_indicator=20, missions=2, repeats=1)
    assert figures["missions (indicators a mission)"] == "2 (20)" and figures["page size (bytes)"] > 10_000
