"""The budget headline says what the latest stage of the budget cycle says, in the forms of that
stage's UN document: the proposal, the ACABQ's recommended adjustment, the appropriation, the
expenditure to date and the final expenditure with its utilization rate. Figures: MINUSMA's
2018/19 and 2019/20 budgets (DOMAIN.md: the 2019/20 proposal and recommendation are derived from
the seed, the 2018/19 figures are A/74/737/Add.11's; the 2019/20 expenditure below is illustrative)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from cpas.exports.report_workbook import build_report_workbook, excel_row
from cpas.models import BudgetAmount, BudgetLine, BudgetPeriod, BudgetStage, Mission, Provenance, ReportKind
from cpas.reports.assembly import financial_report, report_bundle
from cpas.reports.financial import BudgetHeadline, HeadlineStage
from cpas.reports.headline import headline_sentences
from tests.libreoffice import all_recalculated
from tests.report_settings import PLAIN_ENGLISH, plain_settings

PROPOSED = Decimal("1149778800.00")
RECOMMENDED = Decimal("1146057900.00")
APPROVED = Decimal("1138457900.00")
APPORTIONED_2018 = Decimal("1107318900.00")


def headline(**figures) -> BudgetHeadline:
    return BudgetHeadline(**{"proposed": None, "recommended": None, "approved": None,
                             "previous_approved": APPORTIONED_2018, "previous_label": "2018/19", **figures})


def test_a_proposal_alone_states_the_proposed_total_and_its_change_from_the_previous_apportionment():
    proposal = headline(proposed=PROPOSED)
    assert proposal.stage is HeadlineStage.PROPOSAL
    # 1,149,778,800 − 1,107,318,900 = 42,459,900, 3.83 % of the 2018/19 apportionment.
    assert headline_sentences(proposal, PLAIN_ENGLISH, "2019/20") == [
        "The Secretary-General proposes $1,149,778,800 for 2019/20.",
        "It is $42,459,900 (3.83%) more than the $1,107,318,900 apportioned for 2018/19."]


def test_the_acabq_stage_states_the_recommended_adjustment_in_dollars_and_per_cent():
    recommendation = headline(proposed=PROPOSED, recommended=RECOMMENDED)
    assert recommendation.stage is HeadlineStage.RECOMMENDATION
    assert recommendation.acabq_adjustment == Decimal("-3720900.00")
    # 3,720,900 ÷ 1,149,778,800 = 0.32 %
    assert headline_sentences(recommendation, PLAIN_ENGLISH, "2019/20") == [
        "The Advisory Committee recommends $3,720,900 (0.32%) less than the proposed $1,149,778,800, "
        "a total of $1,146,057,900."]
    more = headline(proposed=PROPOSED, recommended=PROPOSED + 100)
    assert headline_sentences(more, PLAIN_ENGLISH)[0].startswith("The Advisory Committee recommends $100 (0.00%) more")
    same = headline(proposed=PROPOSED, recommended=PROPOSED)
    assert headline_sentences(same, PLAIN_ENGLISH) == [
        "The Advisory Committee recommends the proposed $1,149,778,800 without change."]
    alone = headline(recommended=RECOMMENDED)
    assert headline_sentences(alone, PLAIN_ENGLISH) == ["The Advisory Committee recommends $1,146,057,900."]


def test_the_approved_budget_states_its_gaps_to_the_proposal_and_the_recommendation():
    approval = headline(proposed=PROPOSED, recommended=RECOMMENDED, approved=APPROVED)
    assert approval.stage is HeadlineStage.APPROVAL
    assert headline_sentences(approval, PLAIN_ENGLISH, "2019/20") == [
        "The approved budget of $1,138,457,900 is $11,320,900 (0.98%) below the Secretary-General's proposal "
        "and $7,600,000 below the ACABQ recommendation.",
        "It is $31,139,000 (2.81%) more than the $1,107,318,900 apportioned for 2018/19."]


def test_during_the_period_the_expenditure_to_date_its_share_and_the_balance_follow():
    to_date = headline(proposed=PROPOSED, recommended=RECOMMENDED, approved=APPROVED,
                       expenditure=Decimal("569228950.00"))
    assert to_date.stage is HeadlineStage.EXECUTION
    assert to_date.utilization_percent == Decimal("50.00") and to_date.unencumbered_balance == Decimal("569228950.00")
    assert headline_sentences(to_date, PLAIN_ENGLISH)[-1] == (
        "Expenditure to date is $569,228,950, 50.00% of the $1,138,457,900 apportioned; $569,228,950 remains "
        "unencumbered.")


def test_after_the_period_the_final_expenditure_gives_the_utilization_rate_and_the_unencumbered_balance():
    # MINUSMA 2018/19 (A/74/737/Add.11): apportionment $1,107,318,900, expenditure $1,105,667,000,
    # unencumbered balance $1,651,900.
    performance = BudgetHeadline(proposed=None, recommended=None, approved=APPORTIONED_2018,
                                 expenditure=Decimal("1105667000.00"), period_over=True)
    assert performance.stage is HeadlineStage.PERFORMANCE
    assert performance.unencumbered_balance == Decimal("1651900.00")
    assert performance.utilization_percent == Decimal("99.85")
    assert headline_sentences(performance, PLAIN_ENGLISH) == [
        "Expenditure was $1,105,667,000, a utilization rate of 99.85% of the $1,107,318,900 apportioned, "
        "leaving an unencumbered balance of $1,651,900."]


def test_no_figure_no_headline():
    assert headline().stage is None and headline_sentences(headline(), PLAIN_ENGLISH) == []


@pytest.mark.parametrize(("stages", "today", "stage"), [
    ({BudgetStage.PROPOSED}, date(2019, 3, 1), HeadlineStage.PROPOSAL),
    ({BudgetStage.PROPOSED, BudgetStage.RECOMMENDED}, date(2019, 5, 1), HeadlineStage.RECOMMENDATION),
    ({BudgetStage.PROPOSED, BudgetStage.RECOMMENDED, BudgetStage.APPROVED}, date(2019, 7, 1),
     HeadlineStage.APPROVAL),
    (set(BudgetStage) - {BudgetStage.REVISED}, date(2020, 1, 1), HeadlineStage.EXECUTION),
    (set(BudgetStage) - {BudgetStage.REVISED}, date(2020, 7, 1), HeadlineStage.PERFORMANCE),
])
def test_the_financial_report_of_the_demo_mission_speaks_of_the_latest_stage_recorded(db, demo, stages, today,
                                                                                     stage):
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    for line in db.scalars(select(BudgetLine).where(BudgetLine.mission_id == mission.id,
                                                    BudgetLine.period_id == period.id)):
        for amount in list(line.amounts):
            if amount.stage not in stages:
                line.amounts.remove(amount)
        recorded = {amount.stage: amount.amount for amount in line.amounts}
        if BudgetStage.EXPENDITURE in stages and BudgetStage.APPROVED in recorded:
            # An illustrative expenditure: 90 per cent of each class's apportionment.
            for amount in list(line.amounts):
                if amount.stage is BudgetStage.EXPENDITURE:
                    line.amounts.remove(amount)
            db.flush()
            spent = (recorded[BudgetStage.APPROVED] * 9 / 10).quantize(Decimal("0.01"))
            line.amounts.append(BudgetAmount(stage=BudgetStage.EXPENDITURE, amount=spent,
                                             provenance=Provenance.ILLUSTRATIVE))
    db.flush()
    settings = replace(plain_settings(), today=today)
    report = financial_report(db, mission, period, settings)
    assert report.headline.stage is stage
    first = report.headline_sentences[0]
    expected = {HeadlineStage.PROPOSAL: "The Secretary-General proposes $1,149,778,800 for 2019/20.",
                HeadlineStage.RECOMMENDATION: "The Advisory Committee recommends $3,720,900 (0.32%) less than the "
                                              "proposed $1,149,778,800, a total of $1,146,057,900."}
    if stage in expected:
        assert first == expected[stage]
    else:
        assert first.startswith("The approved budget of $1,138,457,900 is $11,320,900 (0.98%) below")
    last = report.headline_sentences[-1]
    assert last.startswith({HeadlineStage.EXECUTION: "Expenditure to date is ",
                            HeadlineStage.PERFORMANCE: "Expenditure was "}.get(stage, ""))
    if stage in (HeadlineStage.EXECUTION, HeadlineStage.PERFORMANCE):
        assert report.headline.utilization_percent == Decimal("90.00")
        assert "90.00% of the $1,138,457,900 apportioned" in last
        assert f"${APPROVED - report.headline.expenditure:,.0f}" in last



def summary_figures(h: BudgetHeadline) -> list[tuple[str, str, Decimal | None]]:
    """(the summary's row, its column, the headline's figure: dollars, or per cent)."""
    return [("acabq_adjustment", "amount", h.acabq_adjustment),
            ("acabq_adjustment", "percent", h.acabq_adjustment_percent),
            ("below_proposal", "amount", h.below_proposal), ("below_proposal", "percent", h.below_proposal_percent),
            ("below_recommendation", "amount", h.below_recommendation),
            ("change_from_previous", "amount", h.change_from_previous),
            ("change_from_previous", "percent", h.change_from_previous_percent),
            ("unencumbered_balance", "amount", h.unencumbered_balance),
            ("utilization", "percent", h.utilization_percent)]


@pytest.mark.parametrize(("stages", "today"), [
    ({BudgetStage.PROPOSED, BudgetStage.RECOMMENDED}, date(2019, 5, 1)),
    (set(BudgetStage) - {BudgetStage.REVISED}, date(2020, 7, 1)),
])
def test_the_summary_sheet_recalculates_every_figure_of_the_headline_to_the_dollar(db, demo, stages, today):
    keep_stages(db, stages)
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    bundle = report_bundle(db, mission, period, ReportKind.PERFORMANCE, replace(plain_settings(), today=today))
    headline, summary = bundle.financial.headline, bundle.summary
    (book,) = all_recalculated([build_report_workbook(bundle.sheets)])
    sheet, columns = book["Summary"], {"amount": 2, "percent": 3}
    rows = {row.get("key"): index for index, row in enumerate(summary.rows)}
    recorded = 0
    for key, column, expected in summary_figures(headline):
        shown = sheet.cell(row=excel_row(summary, rows[key]), column=columns[column]).value
        assert summary.rows[rows[key]].get(column) == expected, (key, column)  # what a page would show
        if expected is None:
            assert shown in (None, ""), (key, column, shown)
            continue
        recorded += 1
        if column == "amount":
            assert Decimal(str(shown)) == expected, (key, column, shown)
        else:
            assert (Decimal(str(shown)) * 100).quantize(Decimal("0.01")) == expected, (key, column, shown)
    if BudgetStage.EXPENDITURE in stages:
        assert headline.utilization_percent == Decimal("90.00") and recorded == 9
    else:
        assert headline.acabq_adjustment == Decimal("-3720900.00") and recorded == 2


def keep_stages(db, stages) -> None:
    """The demo's 2019/20 budget at the stages given, with an illustrative expenditure of 90 per
    cent of each class's apportionment where expenditure is kept."""
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    for line in db.scalars(select(BudgetLine).where(BudgetLine.mission_id == mission.id,
                                                    BudgetLine.period_id == period.id)):
        for amount in list(line.amounts):
            if amount.stage not in stages or amount.stage is BudgetStage.EXPENDITURE:
                line.amounts.remove(amount)
        recorded = {amount.stage: amount.amount for amount in line.amounts}
        db.flush()
        if BudgetStage.EXPENDITURE in stages and BudgetStage.APPROVED in recorded:
            spent = (recorded[BudgetStage.APPROVED] * 9 / 10).quantize(Decimal("0.01"))
            line.amounts.append(BudgetAmount(stage=BudgetStage.EXPENDITURE, amount=spent,
                                             provenance=Provenance.ILLUSTRATIVE))
    db.flush()
