"""Runs every benchmark and prints its figures."""

from bench import import_workbook, report_export

if __name__ == "__main__":
    for title, benchmark in (("Data workbook import (10,000 rows)", import_workbook),
                             ("Budget report workbook of a large mission", report_export)):
        print(f"== {title}")
        for name, value in benchmark.run().items():
            print(f"{name}: {value}")
