"""Recalculating a workbook the way a reviewer's spreadsheet would: LibreOffice, headless, with
forced recalculation on load (recipe in shared/recipes/TOOLING.md)."""

import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

FORCE_RECALCULATION = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculated(data: bytes):
    """The workbook after LibreOffice recalculated every formula, values only (openpyxl)."""
    return load_workbook(BytesIO(saved_by_libreoffice(data)), data_only=True)


def all_recalculated(workbooks: list[bytes]) -> list:
    """Each workbook recalculated, as ``recalculated`` gives it, in one run of LibreOffice (it
    starts in seconds, and a test of a dozen missions' workbooks would start it a dozen times)."""
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        profile = folder / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(FORCE_RECALCULATION)
        (folder / "in").mkdir()
        sources = []
        for number, data in enumerate(workbooks):
            sources.append(folder / "in" / f"workbook-{number}.xlsx")
            sources[-1].write_bytes(data)
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "xlsx",
                        "--outdir", str(folder / "out"), *map(str, sources)], check=True, capture_output=True,
                       timeout=600)
        return [load_workbook(BytesIO((folder / "out" / source.name).read_bytes()), data_only=True)
                for source in sources]


def saved_by_libreoffice(data: bytes) -> bytes:
    """The workbook as LibreOffice saves it after opening it and recalculating every formula."""
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        profile = folder / "profile"  # one profile per call: parallel runs sharing one lose output
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(FORCE_RECALCULATION)
        source = folder / "in" / "report.xlsx"
        source.parent.mkdir()
        source.write_bytes(data)
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "xlsx",
                        "--outdir", str(folder / "out"), str(source)], check=True, capture_output=True, timeout=180)
        return (folder / "out" / "report.xlsx").read_bytes()
