"""Charts drawn in the browser by plotly.js, which the app serves itself from the plotly package:
field offices work offline, so nothing is ever loaded from a CDN.

A page puts each figure's JSON in a ``<script type="application/json">`` element
(``figure_json``) and includes the bundle and ``static/js/charts.js``, which draws them (the
macros ``plotly_figure`` and ``plotly_scripts`` of ``templates/_macros/charts.html``). No script
is inline, so a Content-Security-Policy of ``script-src 'self'`` would hold. Any page may use it:
the threat calendar does, a leadership dashboard can.
"""

import gzip
from functools import cache
from importlib.resources import files

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
