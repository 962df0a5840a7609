"""Charts drawn in the browser by plotly.js, which the app serves itself from the plotly package:
field offices work offline, so nothing is ever loaded from a CDN.

A page puts each figure's JSON in a ``<script type="application/json">`` element
(``figure_json``) and includes the bundle and ``static/js/charts.js``, which draws them (the
macros ``plotly_figure`` and ``plotly_scripts`` of ``templates/_macros/charts.html``). No script
is inline, so a Content-Security-Policy of ``script-src 'self'`` would hold. Any page may use it:
the threat calendar does, a leadership dashboard can.
"""

import atexit
import gzip
import threading
from functools import cache
from importlib.resources import files

import kaleido
import plotly.io
from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol
from flask import Blueprint, Response, abort, request, url_for
from markupsafe import Markup
from plotly.offline import get_plotlyjs_version

PLOTLY_JS = files("plotly") / "package_data" / "plotly.min.js"
PLOTLY_JS_VERSION = get_plotlyjs_version()
# The bundle's address carries its version, so a browser may keep it for a year: an upgrade of
# plotly changes the address.
BUNDLE_MAX_AGE = 365 * 24 * 3600
# Whatever plotly's own modebar would link to or fetch is left out.
PLOT_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}

blueprint = Blueprint("charts", __name__)


@cache
def _bundle() -> tuple[bytes, bytes]:
    """plotly.min.js as shipped (4.8 MB), and gzipped once per process (1.4 MB): field links are slow."""
    raw = PLOTLY_JS.read_bytes()
    return raw, gzip.compress(raw, compresslevel=6, mtime=0)


@blueprint.route("/assets/plotly-<version>.min.js")
def plotly_bundle(version: str):
    """The plotly.js bundle of the installed plotly package, gzipped for browsers that accept it."""
    if version != PLOTLY_JS_VERSION:
        abort(404)
    raw, packed = _bundle()
    gzipped = request.accept_encodings["gzip"] > 0
    response = Response(packed if gzipped else raw, mimetype="text/javascript")
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    response.cache_control.max_age = BUNDLE_MAX_AGE
    response.cache_control.immutable = True
    response.set_etag(f"plotly-{version}-{'gzip' if gzipped else 'identity'}")
    return response.make_conditional(request)


@blueprint.app_template_global()
def plotly_js_url() -> str:
    """The address of the bundle, for templates."""
    return url_for("charts.plotly_bundle", version=PLOTLY_JS_VERSION)


@blueprint.app_template_global()
def plot_config() -> dict:
    """plotly's options for every chart of the app, for templates."""
    return PLOT_CONFIG


def figure_json(figure) -> Markup:
    """A plotly figure (a graph object, or its plain data and layout) as JSON to put inside a
    ``<script type="application/json">`` element. ``<``, ``>`` and ``&`` become JSON escapes, so
    no text of the data (a region, an operation's name) can close the element."""
    text = plotly.io.to_json(figure, validate=False)
    for character, escape in JSON_ESCAPES.items():
        text = text.replace(character, escape)
    return Markup(text)  # noqa: S704 - escaped above for a script element that is never executed


def number_separators(locale: Locale | str) -> str:
    """plotly's ``layout.separators`` for a language: its decimal sign, then its thousands
    separator (``.,`` in English, ``,`` and a narrow no-break space in French)."""
    return get_decimal_symbol(locale) + get_group_symbol(locale)


# Static images: the same figures, drawn by the same plotly.js (the installed package's copy) in
# Debian's headless Chromium through kaleido, for what cannot run scripts (a PDF brief, print).
# The browser starts with the first image a process draws (about 5 s here) and is kept for the
# next ones (0.2 s each); MathJax, which kaleido would fetch from a CDN, is left out.
_static_images_started = threading.Lock()
_static_images_running = False


def _start_static_images() -> None:
    global _static_images_running
    with _static_images_started:
        if not _static_images_running:
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
            atexit.register(kaleido.stop_sync_server, silence_warnings=True)
            _static_images_running = True


def static_svg(figure, width: int, height: int) -> Markup:
    """The figure as an SVG element to put in a page or a PDF (its texts are escaped by plotly.js)."""
    _start_static_images()
    svg = kaleido.calc_fig_sync(figure, opts={"format": "svg", "width": width, "height": height})
    return Markup(svg.decode())  # noqa: S704 - SVG drawn by plotly.js, which escapes the figure's texts
