"""PDF documents: laid out by WeasyPrint from HTML, with charts drawn as static SVG by the same
plotly.js the pages use; nothing is loaded but the app's own static files."""

from io import BytesIO
from pathlib import Path

import plotly.graph_objects as go
import pytest
from pypdf import PdfReader

from cpas.charts import static_svg
from cpas.exports.pdf import ForbiddenAddress, StaticFilesOnly, pdf_bytes

STATIC = Path(__file__).resolve().parent.parent / "static"


def test_a_figure_becomes_an_svg_drawn_by_plotly():
    figure = go.Figure(go.Bar(x=["Proposed", "Approved"], y=[1_183_000_000, 1_138_000_000]))
    svg = static_svg(figure, width=400, height=200)
    assert svg.startswith("<svg") and "Proposed" in svg and "Approved" in svg


def test_the_pdf_is_laid_out_from_html_with_its_svg_and_styles():
    svg = static_svg(go.Figure(go.Bar(x=["ACABQ"], y=[3])), width=300, height=150)
    html = ('<html><head><link rel="stylesheet" href="static/css/cpas.css"><style>@page { size: A4 }</style>'
            f"</head><body><h1>Approved $11,320,900 below the proposal</h1>{svg}</body></html>")
    reader = PdfReader(BytesIO(pdf_bytes(html, STATIC)))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "$11,320,900" in text and "ACABQ" in text
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4: 210 mm in points


@pytest.mark.parametrize("address", ["http://example.org/tracker.png", "https://127.0.0.1/admin",
                                     "file:///etc/passwd", f"file://{STATIC}/../README.md"])
def test_a_document_loads_nothing_but_the_apps_static_files(address):
    with pytest.raises(ForbiddenAddress):
        StaticFilesOnly(STATIC).fetch(address)


def test_an_outside_image_is_left_out_of_the_pdf_not_fetched():
    html = '<html><body><p>Brief</p><img src="http://example.org/tracker.png"></body></html>'
    assert PdfReader(BytesIO(pdf_bytes(html, STATIC))).pages[0].extract_text().strip() == "Brief"
