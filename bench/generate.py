"""Generators of large, realistic data for the benchmarks (deterministic: the same every run)."""

import random
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook

from cpas.workbook.layout import INSTRUCTIONS_SHEET, headers, workbook_specs

REGIONS = ["Bamako", "Gao", "Kidal", "Koulikoro", "Mopti", "Ségou", "Sikasso", "Tombouctou"]
CLASSES = ["Military contingents", "International staff", "National staff", "Facilities and infrastructure",
           "Ground transportation", "Air operations", "Communications and information technology",
           "Other supplies, services and equipment"]


def data_workbook(rows: int = 10_000, seed: int = 2019) -> bytes:
    """A data workbook for BENCH 2019/20 with about ``rows`` records: activities, budget lines with
    three stage amounts each, and indicator data points by region and date."""
    rng = random.Random(seed)
    specs = {spec.name: spec for spec in workbook_specs()}
    book = Workbook()
    sheet = book.active
    sheet.title = INSTRUCTIONS_SHEET
    for row in (("CPAS tracker: data workbook", ""), ("", ""), ("Mission", "BENCH"), ("Budget period", "2019/20")):
        sheet.append(row)
    sheets = {name: book.create_sheet(spec.sheet) for name, spec in specs.items()}
    for name, spec in specs.items():
        sheets[name].append(headers(spec))
    sheets["missions"].append(["", "BENCH", "Benchmark mission", "Mali", ", ".join(REGIONS)])
    sheets["periods"].append(["", "2019/20", date(2019, 7, 1), date(2020, 6, 30)])
    sheets["outcomes"].append(["", "O1", "Civilians are better protected", "", ""])
    sheets["impact-indicators"].append(["", "O1", "O1.1", "Civilian deaths", "", "deaths", "lower_is_better",
                                        "", "", "", "", ""])
    activities = rows // 10
    lines = rows // 10
    points = rows - activities - 4 * lines - 4
    for number in range(1, activities + 1):
        start = date(2019, 7, 1) + timedelta(days=rng.randrange(300))
        sheets["activities"].append([
            "", f"A-{number:05d}", f"Activity {number}: patrol and community engagement", rng.choice(
                ["military", "police", "civilian", "joint"]), "Section " + str(number % 12), rng.choice(REGIONS),
            start, start + timedelta(days=rng.randrange(1, 60)), "planned", "", "", "", "", "", ""])
    for number in range(1, lines + 1):
        ref = f"BL-{number:05d}"
        sheets["budget-lines"].append(["", ref, rng.choice(CLASSES), f"Line {number}", "",
                                       f"A-{rng.randrange(1, activities + 1):05d}"])
        proposed = Decimal(rng.randrange(10_000_00, 5_000_000_00)) / 100
        for stage, amount in (("proposed", proposed), ("recommended", proposed * Decimal("0.99")),
                              ("approved", proposed * Decimal("0.98"))):
            sheets["budget-amounts"].append(["", ref, stage, amount.quantize(Decimal("0.01")), "A/74/737/Add.11",
                                             date(2019, 6, 28), "illustrative", ""])
    first_day = date(2016, 1, 1)
    for number in range(points):
        day = first_day + timedelta(days=number // len(REGIONS))
        sheets["data-points"].append(["", "O1.1", day, REGIONS[number % len(REGIONS)], rng.randrange(0, 40),
                                      "Generated", "", "", "verified"])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
