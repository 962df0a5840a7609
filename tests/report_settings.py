"""Report settings for building reports in tests without an app: the messages as the code writes
them (English), the English labels, US number formats, and the UN's variance rule."""

from decimal import Decimal

from cpas.labels import label
from cpas.money import THOUSAND, round_to
from cpas.reports.assembly import ReportSettings
from cpas.reports.translator import Translator
from cpas.reports.variances import VarianceRule

UN_VARIANCE_RULE = VarianceRule(threshold_percent=Decimal(5), threshold_amount=Decimal(100000))


def _as_written(message: str, **variables) -> str:
    return message % variables if variables else message


PLAIN_ENGLISH = Translator(
    gettext=_as_written,
    label=label,
    dollars=lambda amount: "—" if amount is None else f"${round_to(amount):,}",
    percent=lambda value: "—" if value is None else f"{value:.2f}%",
)


def plain_settings(money_unit: Decimal = THOUSAND) -> ReportSettings:
    return ReportSettings(variance_rule=UN_VARIANCE_RULE, money_unit=money_unit, translator=PLAIN_ENGLISH)
