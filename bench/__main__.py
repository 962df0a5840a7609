"""Runs every benchmark and prints its figures."""

from functools import partial

from bench import assessment_page, import_workbook, report_export

if __name__ == "__main__":
    for title, benchmark in (("Data workbook import (10,000 rows)", import_workbook.run),
                             ("Budget report workbook of a large mission", report_export.run),
                             ("CPAS impact assessment page, 1,000 indicators a mission",
                              partial(assessment_page.run, missions=10))):
        print(f"== {title}")
        for name, value in benchmark().items():
            print(f"{name}: {value}")
