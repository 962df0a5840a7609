"""The dashboard's pure builders, without a database or an app: the waterfall's steps from the
request to the spending, and its plotly figure labelled from the Decimals."""

from decimal import Decimal

from cpas.reports.dashboard import money_steps
from cpas.reports.dashboard_charts import waterfall_figure
from cpas.reports.financial import BudgetHeadline
from cpas.reports.translator import Translator

ENGLISH = Translator(gettext=lambda message, **values: message % values if values else message, label=str,
                     dollars=lambda amount: f"${amount:,.0f}", percent=lambda value: f"{value}%")
HEADLINE = BudgetHeadline(proposed=Decimal("1149778800.00"), recommended=Decimal("1146057900.00"),
                          approved=Decimal("1138457900.00"))


def test_the_steps_run_from_the_request_to_the_spending():
    steps = money_steps(HEADLINE, Decimal("1105667000.49"), ENGLISH)
    assert [step.key for step in steps] == ["proposed", "cut_recommended", "recommended", "cut_approved", "approved",
                                            "cut_expenditure", "expenditure"]
    changes = {step.key: (step.amount, step.percent) for step in steps if not step.is_total}
    assert changes == {"cut_recommended": (Decimal("-3720900.00"), Decimal("-0.32")),
                       "cut_approved": (Decimal("-7600000.00"), Decimal("-0.66")),
                       "cut_expenditure": (Decimal("-32790899.51"), Decimal("-2.88"))}
    assert steps[4].note == "Approved: $11,320,900 (0.98%) below the proposal"


def test_a_stage_not_recorded_is_left_out_and_one_stage_draws_nothing():
    steps = money_steps(BudgetHeadline(proposed=Decimal(100), recommended=None, approved=Decimal(90)), None, ENGLISH)
    assert [(step.key, step.amount) for step in steps] == [("proposed", Decimal(100)), ("cut_approved", Decimal(-10)),
                                                           ("approved", Decimal(90))]
    alone = money_steps(BudgetHeadline(proposed=Decimal(100), recommended=None, approved=None), None, ENGLISH)
    assert waterfall_figure(alone, ENGLISH.dollars, ENGLISH.percent, ".,", "") is None


def test_the_figure_draws_floats_but_labels_from_the_decimals():
    steps = money_steps(HEADLINE, Decimal("1105667000.49"), ENGLISH)
    figure = waterfall_figure(steps, ENGLISH.dollars, ENGLISH.percent, ".,", "Millions of US dollars")
    (trace,) = figure["data"]
    assert trace["measure"] == ["absolute", "relative", "total", "relative", "total", "relative", "total"]
    assert trace["x"][:2] == [1149.7788, -3.7209]
    assert "<b>−$32,790,900 (−2.88%)</b>" in trace["y"][5]  # rounded to whole dollars for the label only
    low, high = figure["layout"]["xaxis"]["range"]
    assert low < 1105.667 and high > 1149.7788
