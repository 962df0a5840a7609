"""Report settings from the running app, for its pages and its command line: the variance rule
and the threat calendar's high-risk rule of the configuration, the money unit the reader chose
and the reader's language.

The only module of ``cpas/reports`` besides the views that reads Flask: the builders are given
these settings and never look them up.
"""

from flask import current_app
from flask_babel import gettext

from cpas.db import get_session
from cpas.formatting import format_day, format_dollars, format_percent
from cpas.labels import frequency_label, label
from cpas.reports.assembly import ReportSettings
from cpas.reports.cache import ReportCache, cached_report
from cpas.reports.threat_calendar import HighRiskRule
from cpas.reports.translator import Translator
from cpas.reports.units import money_unit
from cpas.reports.variances import VarianceRule

# Flask-Babel's language of the request (the app's default language on the command line).
READERS_LANGUAGE = Translator(gettext=gettext, label=label, dollars=format_dollars, percent=format_percent,
                              day=format_day, frequency=frequency_label)


def kept_report(key: tuple, make):
    """The report ``make`` assembles for ``key``, kept in this process's report cache while the
    data is unchanged (``cpas/reports/cache.py``; REPORT_CACHE_SECONDS, 0 for none)."""
    seconds = current_app.config["REPORT_CACHE_SECONDS"]
    if seconds <= 0:  # no cache: not even the data version's query
        return make()
    cache = current_app.extensions.setdefault("cpas.report_cache", ReportCache())
    return cached_report(cache, get_session(), key, seconds, make)


def configured_variance_rule() -> VarianceRule:
    """The thresholds of the configuration (VARIANCE_THRESHOLD_PERCENT, VARIANCE_THRESHOLD_AMOUNT)."""
    return VarianceRule(threshold_percent=current_app.config["VARIANCE_THRESHOLD_PERCENT"],
                        threshold_amount=current_app.config["VARIANCE_THRESHOLD_AMOUNT"])


def configured_high_risk_rule() -> HighRiskRule:
    """The threat calendar's percentile of the configuration (THREAT_HIGH_RISK_PERCENTILE)."""
    return HighRiskRule(percentile=current_app.config["THREAT_HIGH_RISK_PERCENTILE"])


def report_settings(unit: str | None = None) -> ReportSettings:
    """The settings reports are built with in this app, in the money unit the reader chose
    (``"dollars"`` or ``"thousands"``, the default)."""
    return ReportSettings(variance_rule=configured_variance_rule(), money_unit=money_unit(unit),
                          translator=READERS_LANGUAGE, high_risk_rule=configured_high_risk_rule())
