"""The budget headline in words, for leadership and reviewers: what the latest stage of the budget
cycle says, in the forms of that stage's UN document; the same sentences on the page and in Excel.

- proposal only: the proposed total and its change from the previous period's apportionment;
- ACABQ stage: the Advisory Committee's recommended adjustment to the proposal;
- approved: the gaps to the proposal and to the recommendation, and the change from the previous
  period's apportionment;
- during and after the period: besides, the expenditure (to date, or final), the unencumbered
  balance and the utilization rate (expenditure ÷ apportionment).
"""

from cpas.reports.financial import BudgetHeadline, HeadlineStage
from cpas.reports.translator import Translator


def _proposal(headline: BudgetHeadline, period_label: str, translator: Translator) -> list[str]:
    return [translator.gettext("The Secretary-General proposes %(proposed)s for %(period)s.",
                               proposed=translator.dollars(headline.proposed), period=period_label)]


def _recommendation(headline: BudgetHeadline, translator: Translator) -> list[str]:
    _, format_dollars, format_percent = translator.gettext, translator.dollars, translator.percent
    adjustment = headline.acabq_adjustment
    if adjustment is None:
        return [_("The Advisory Committee recommends %(recommended)s.",
                  recommended=format_dollars(headline.recommended))]
    values = {"adjustment": format_dollars(abs(adjustment)), "proposed": format_dollars(headline.proposed),
              "percent": format_percent(abs(headline.acabq_adjustment_percent)
                                        if headline.acabq_adjustment_percent is not None else None),
              "recommended": format_dollars(headline.recommended)}
    if adjustment < 0:
        return [_("The Advisory Committee recommends %(adjustment)s (%(percent)s) less than the proposed "
                  "%(proposed)s, a total of %(recommended)s.", **values)]
    if adjustment > 0:
        return [_("The Advisory Committee recommends %(adjustment)s (%(percent)s) more than the proposed "
                  "%(proposed)s, a total of %(recommended)s.", **values)]
    return [_("The Advisory Committee recommends the proposed %(proposed)s without change.", **values)]


def _approval(headline: BudgetHeadline, translator: Translator) -> list[str]:
    _, format_dollars, format_percent = translator.gettext, translator.dollars, translator.percent
    if not headline.has_stages:
        return []
    if headline.below_proposal >= 0 and headline.below_recommendation >= 0:
        return [_(
            "The approved budget of %(approved)s is %(below_proposal)s (%(percent)s) below the "
            "Secretary-General's proposal and %(below_recommendation)s below the ACABQ recommendation.",
            approved=format_dollars(headline.approved), below_proposal=format_dollars(headline.below_proposal),
            percent=format_percent(headline.below_proposal_percent),
            below_recommendation=format_dollars(headline.below_recommendation))]
    return [_(
        "The approved budget of %(approved)s differs from the Secretary-General's proposal by "
        "%(proposal_difference)s and from the ACABQ recommendation by %(recommendation_difference)s.",
        approved=format_dollars(headline.approved),
        proposal_difference=format_dollars(-headline.below_proposal),
        recommendation_difference=format_dollars(-headline.below_recommendation))]


def _change_from_previous(headline: BudgetHeadline, translator: Translator) -> list[str]:
    _, format_dollars, format_percent = translator.gettext, translator.dollars, translator.percent
    change = headline.change_from_previous
    if change is None:
        return []
    values = {"previous": format_dollars(headline.previous_approved), "period": headline.previous_label,
              "change": format_dollars(abs(change)), "percent": format_percent(
                  abs(headline.change_from_previous_percent) if headline.change_from_previous_percent is not None
                  else None)}
    if change > 0:
        return [_("It is %(change)s (%(percent)s) more than the %(previous)s apportioned for %(period)s.", **values)]
    if change < 0:
        return [_("It is %(change)s (%(percent)s) less than the %(previous)s apportioned for %(period)s.", **values)]
    return [_("It equals the %(previous)s apportioned for %(period)s.", **values)]


def _expenditure(headline: BudgetHeadline, translator: Translator) -> list[str]:
    _, format_dollars, format_percent = translator.gettext, translator.dollars, translator.percent
    if headline.utilization_percent is None:  # no apportionment to measure the spending against
        return [_("Expenditure is %(expenditure)s.", expenditure=format_dollars(headline.expenditure))]
    values = {"expenditure": format_dollars(headline.expenditure), "approved": format_dollars(headline.approved),
              "rate": format_percent(headline.utilization_percent),
              "balance": format_dollars(headline.unencumbered_balance)}
    if headline.stage is HeadlineStage.PERFORMANCE:
        return [_("Expenditure was %(expenditure)s, a utilization rate of %(rate)s of the %(approved)s "
                  "apportioned, leaving an unencumbered balance of %(balance)s.", **values)]
    return [_("Expenditure to date is %(expenditure)s, %(rate)s of the %(approved)s apportioned; "
              "%(balance)s remains unencumbered.", **values)]


def headline_sentences(headline: BudgetHeadline, translator: Translator, period_label: str = "") -> list[str]:
    """What the latest stage reached says of the period's budget (``period_label``), in one to
    three sentences (none without figures)."""
    stage = headline.stage
    if stage is None:
        return []
    if stage is HeadlineStage.PROPOSAL:
        return _proposal(headline, period_label, translator) + _change_from_previous(headline, translator)
    if stage is HeadlineStage.RECOMMENDATION:
        return _recommendation(headline, translator)
    sentences = _approval(headline, translator) + _change_from_previous(headline, translator)
    if stage in (HeadlineStage.EXECUTION, HeadlineStage.PERFORMANCE):
        sentences += _expenditure(headline, translator)
    return sentences
