"""Runs every benchmark and prints its figures."""

from bench import import_workbook

if __name__ == "__main__":
    print("== Data workbook import (10,000 rows)")
    for name, value in import_workbook.run().items():
        print(f"{name}: {value}")
