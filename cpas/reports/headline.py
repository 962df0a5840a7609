"""The budget headline in words, for leadership: the same sentences on the page and in Excel."""

from cpas.reports.financial import BudgetHeadline
from cpas.reports.translator import Translator


def headline_sentences(headline: BudgetHeadline, translator: Translator) -> list[str]:
    """How the approved budget compares with the request, the ACABQ recommendation and the
    previous period's apportionment, in one or two sentences (none without figures)."""
    _, format_dollars, format_percent = translator.gettext, translator.dollars, translator.percent
    sentences = []
    if headline.has_stages:
        if headline.below_proposal >= 0 and headline.below_recommendation >= 0:
            sentences.append(_(
                "The approved budget of %(approved)s is %(below_proposal)s (%(percent)s) below the "
                "Secretary-General's proposal and %(below_recommendation)s below the ACABQ recommendation.",
                approved=format_dollars(headline.approved), below_proposal=format_dollars(headline.below_proposal),
                percent=format_percent(headline.below_proposal_percent),
                below_recommendation=format_dollars(headline.below_recommendation)))
        else:
            sentences.append(_(
                "The approved budget of %(approved)s differs from the Secretary-General's proposal by "
                "%(proposal_difference)s and from the ACABQ recommendation by %(recommendation_difference)s.",
                approved=format_dollars(headline.approved),
                proposal_difference=format_dollars(-headline.below_proposal),
                recommendation_difference=format_dollars(-headline.below_recommendation)))
    change = headline.change_from_previous
    if change is not None:
        values = {"previous": format_dollars(headline.previous_approved), "period": headline.previous_label,
                  "change": format_dollars(abs(change)), "percent": format_percent(
                      abs(headline.change_from_previous_percent) if headline.change_from_previous_percent is not None
                      else None)}
        if change > 0:
            sentences.append(_("It is %(change)s (%(percent)s) more than the %(previous)s apportioned for "
                               "%(period)s.", **values))
        elif change < 0:
            sentences.append(_("It is %(change)s (%(percent)s) less than the %(previous)s apportioned for "
                               "%(period)s.", **values))
        else:
            sentences.append(_("It equals the %(previous)s apportioned for %(period)s.", **values))
    return sentences
