"""Flask extensions and the app-wide request rules (login required, language)."""

from urllib.parse import urlencode

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Babel, get_locale
from flask_babel import lazy_gettext as _l
from flask_bootstrap import Bootstrap5
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect
from werkzeug.routing import IntegerConverter

from cpas import formatting
from cpas.labels import frequency_label, label

babel = Babel()
login_manager = LoginManager()
csrf = CSRFProtect()
bootstrap = Bootstrap5()

# The only endpoints an anonymous visitor may reach. Static files are public so that the
# login page is styled; they hold no data.
PUBLIC_ENDPOINTS = {"auth.login", "core.healthz", "static", "bootstrap.static"}


def remember_language() -> None:
    """``?lang=fr`` is remembered before anything else: a page that only redirects (the start
    page) translates nothing, so Babel would not be asked, and the choice would be lost."""
    asked = request.args.get("lang")
    if asked in current_app.config["LANGUAGES"]:
        session["locale"] = asked


def select_locale() -> str:
    """The language ``?lang=`` chose (remembered by ``remember_language``); else the account's or
    the browser's choice."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # command line: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if session.get("locale") in languages:
        return session["locale"]
    if current_user and current_user.is_authenticated and current_user.preferred_locale in languages:
        return current_user.preferred_locale
    return request.accept_languages.best_match(list(languages)) or current_app.config["BABEL_DEFAULT_LOCALE"]


class BoundedInteger(IntegerConverter):
    """``<int:…>`` in every address: a record id is a 32-bit integer in the database, so a larger
    number names no record (404) rather than overflowing the query (a 500 on both databases)."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002 (werkzeug's names)
        from cpas.entry.fields import MAX_INTEGER

        super().__init__(url_map, fixed_digits, min, MAX_INTEGER if max is None else max, signed)


def require_login():
    if request.endpoint in PUBLIC_ENDPOINTS or current_user.is_authenticated:
        return None
    return login_manager.unauthorized()


def this_page_in(language: str) -> str:
    """The address of the page being shown, in another language: every other query argument
    (``?kind=performance``, ``?unit=dollars``, a page number) is kept."""
    arguments = request.args.to_dict(flat=False)
    arguments["lang"] = [language]
    return request.path + "?" + urlencode(arguments, doseq=True)


# Every page is served from the app alone (field offices are offline): scripts only from its own
# files, never inline; styles may be inline because plotly.js sets them on the charts it draws.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def add_security_headers(response):
    for header, value in SECURITY_HEADERS.items():
        response.headers.setdefault(header, value)
    return response


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedInteger  # before any blueprint adds its routes
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    bootstrap.init_app(app)

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    from cpas.auth.permissions import (
        administers_here,
        enters_data_here,
        may_compare_missions,
        role_here,
        writes_some_records_here,
    )
    from cpas.auth.services import load_user

    login_manager.user_loader(load_user)
    app.before_request(remember_language)
    app.before_request(require_login)
    app.after_request(add_security_headers)
    formatting.register_filters(app)
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["frequency"] = frequency_label
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
    app.jinja_env.globals["this_page_in"] = this_page_in
    app.jinja_env.globals["role_here"] = role_here
    app.jinja_env.globals["enters_data_here"] = enters_data_here
    app.jinja_env.globals["administers_here"] = administers_here
    app.jinja_env.globals["writes_some_records_here"] = writes_some_records_here
    app.jinja_env.globals["may_compare_missions"] = lambda: may_compare_missions(current_user)

    from cpas.auth.permissions import landing_endpoint

    app.jinja_env.globals["landing_endpoint"] = landing_endpoint

    from cpas.entry.display import (
        action_url,
        link_url,
        may_create,
        new_record_url,
        record_url,
        show_value,
        title_column,
    )
    from cpas.entry.fields import MAX_REASON_LENGTH
    from cpas.entry.keys import record_key, shown_key
    from cpas.entry.spec import SPECS
    from cpas.record_types import ENTRY_MENU

    app.jinja_env.globals.update(show_value=show_value, record_url=record_url, link_url=link_url,
                                 action_url=action_url, may_create=may_create, title_column=title_column,
                                 new_record_url=new_record_url, record_key=record_key, shown_key=shown_key,
                                 record_specs=SPECS, entry_menu=ENTRY_MENU, max_reason_length=MAX_REASON_LENGTH)
