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


def test_the_leadership_benchmark_loads_the_served_dashboard_without_an_error(tmp_path):
    from bench import scale_data

    loaded = scale_data.write(tmp_path / "scale.db", scale=0.002)
    figures = leadership.run(loaded.path, users=3, seconds=2, think=0.2, repeats=1)
    assert figures["mission"] == loaded.biggest
    assert figures["under load: requests"] > 0 and figures["under load: errors"] == 0
    assert figures["mission dashboard alone, assembled, median of 1 (ms)"] > 0


def test_the_cpas_pages_benchmark_times_every_page_on_the_scale_file(tmp_path):
    from bench import cpas_pages, scale_data

    loaded = scale_data.write(tmp_path / "scale.db", scale=0.002)
    figures = cpas_pages.run(loaded.path, repeats=1)
    assert figures["mission"] == loaded.biggest
    assert len([name for name in figures if name.endswith("(ms)")]) == len(cpas_pages.PAGES)


def test_the_scale_data_and_the_page_walk_answer_every_get_page(tmp_path):
    """Every GET rule of the URL map, walked on a tiny scale file: each page answers 200, or is
    skipped for a stated reason (a redirect elsewhere than the login, reference data)."""
    from bench import page_walk, scale_data

    loaded = scale_data.write(tmp_path / "scale.db", scale=0.002)
    assert loaded.counts["missions"] == 11 and loaded.counts["data points"] > 0 and loaded.counts["incidents"] > 0
    result = page_walk.walk(loaded.path, "0.002", repeats=0,
                            skip={"reports.brief": "Chromium draws its charts for 4 s; tests/test_pdf.py has it"})
    failed = [(page.label, page.status, page.note, page.error) for page in result.pages
              if page.status != 200 and not page.note.startswith("skipped: ")]
    assert failed == []
    assert not [page.label for page in result.pages if "/login" in page.note]
    timed = [page for page in result.pages if page.status == 200]
    assert len(timed) > 100 and all(page.queries for page in timed if not page.label.startswith(("/static",
                                                                                                 "/bootstrap",
                                                                                                 "/assets")))
    assert result.pages[0].label == "/healthz (baseline)" and result.pages[0].ms is not None
    assert {page.kind for page in timed} >= {"xlsx"}
    assert "| page | median ms | queries |" in page_walk.table(result)
    assert "queries grow?" in page_walk.comparison([result, result])


def test_the_data_workbook_benchmark_round_trips_the_biggest_missions_workbook(tmp_path):
    """Download, check and import of a tiny scale file's biggest mission, each in its own
    process: it fails when the round trip changes a record or finds a problem."""
    import subprocess
    import sys

    from bench import scale_data
    from bench.served import PROJECT

    loaded = scale_data.write(tmp_path / "scale.db", scale=0.002)
    output = subprocess.run([sys.executable, "-m", "bench.data_workbook", "--db", str(loaded.path)], cwd=PROJECT,
                            capture_output=True, text=True, check=True, timeout=600).stdout
    assert "download:" in output and ", 0 created, 0 changed" in output.split("import:")[1]
