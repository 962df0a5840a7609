"""The CPAS impact assessment of a round (a mission's budget period) as report tables, for the
page, its print and its workbook alike: a summary of every intended outcome, its indicators'
progress from their data, the officers' findings and ratings beside the rating the data
suggests, the recommendations with their owners and due dates, the approved money attributed to
each outcome and how, and each indicator's trend with a line chart.

Pure: a loaded ``AssessmentRound`` (``cpas.assessments.rounds``), the money unit and a
``Translator`` in, ``Table``s out. An assessment leadership has not approved says so wherever its
status shows.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from cpas.assessments.rounds import TREND_VALUES, AssessmentRound, IndicatorInRound, OutcomeInRound
from cpas.models import AssessmentStatus
from cpas.reports.translator import Translator, remembering
from cpas.reports.units import units_caption
from cpas.results.progress import Band
from cpas.tables import CellKind, Column, LineChart, RecordLink, Row, RowKind, Table

TREND_ARROWS = {"improving": "↗", "deteriorating": "↘", "stable": "→"}
# The most line charts the Trends sheet draws: off-track indicators first, then the others in
# order; every indicator's values are in the sheet whether it has a chart or not.
MOST_TREND_CHARTS = 60


def attribution_rule(translator: Translator) -> str:
    """How the approved money of an outcome is attributed, as the page, the print and the workbook
    state it (cpas/results/attribution.py applies it)."""
    return translator.gettext(
        "Derived, not entered: the approved amounts of the period's budget lines attributed to the activities "
        "that serve the outcome's mandated task. An activity serving several tasks is divided equally among "
        "them, and a task's share equally among the outcomes linked to it, so that no dollar counts twice; "
        "money of tasks no outcome is linked to is attributed to none.")


@dataclass(kw_only=True)
class AssessmentReport:
    """Every table of a round's assessment; ``sheets`` is the workbook, in order."""

    round: AssessmentRound
    summary: Table
    indicators: Table
    findings: Table
    recommendations: Table
    resources: Table
    trends: Table
    trend_charts: dict[int, LineChart] = field(default_factory=dict)  # indicator id -> its chart in ``trends``
    _rows_by_outcome: dict = field(default_factory=dict, repr=False)

    @property
    def approved(self) -> bool:
        """Whether leadership approved the assessment of every outcome of the round."""
        return bool(self.round.outcomes) and all(
            each.assessment is not None and each.assessment.status is AssessmentStatus.APPROVED
            for each in self.round.outcomes)

    @property
    def sheets(self) -> list[Table]:
        return [self.summary, self.indicators, self.findings, self.recommendations, self.resources, self.trends]

    def indicator_rows(self, outcome_id: int) -> list[Row]:
        """The rows of the indicators table of one outcome's indicators (not its heading)."""
        return [row for row in self.rows_of(self.indicators, outcome_id) if row.cells.get("indicator_id")]

    def rows_of(self, table: Table, outcome_id: int) -> list[Row]:
        """The rows of ``table`` about one outcome (each row names its outcome, unseen)."""
        if id(table) not in self._rows_by_outcome:
            by_outcome: dict[int, list[Row]] = {}
            for row in table.rows:
                by_outcome.setdefault(row.cells.get("outcome_id"), []).append(row)
            self._rows_by_outcome[id(table)] = by_outcome
        return self._rows_by_outcome[id(table)].get(outcome_id, [])


def _outcome_title(each: OutcomeInRound) -> str:
    return f"{each.outcome.code} · {each.outcome.title}"


def _task_title(each: OutcomeInRound, translator: Translator) -> str:
    task = each.outcome.mandated_task
    if task is None:
        return translator.gettext("No mandated task linked")
    return f"{task.mandate.resolution_symbol} {task.paragraph_ref}: {task.title}"


def _status(each: OutcomeInRound, translator: Translator) -> str:
    _ = translator.gettext
    if each.assessment is None:
        return _("Not yet assessed in this round")
    if each.assessment.status is AssessmentStatus.APPROVED:
        return _("Approved by leadership")
    return _("%(status)s — not approved by leadership", status=translator.label(each.assessment.status))


def _status_cells(each: OutcomeInRound) -> dict:
    """What the page styles a row by, unseen in the tables' columns."""
    assessment = each.assessment
    return {"outcome_id": each.outcome.id,
            "status_value": assessment.status.value if assessment else "none",
            "suggested_colour": each.suggested.colour if each.suggested else None,
            "rating_colour": assessment.rating.colour if assessment and assessment.rating else None}


def _rating_name(level, translator: Translator) -> str:
    return translator.label(level) if level is not None else ""


def build_summary(assessment_round: AssessmentRound, money_unit: Decimal, translator: Translator) -> Table:
    """One row per outcome: its status, the suggested and given ratings, how many indicators are
    off track, and the approved money attributed; the total attributed below."""
    _ = translator.gettext
    mission, period = assessment_round.mission, assessment_round.period
    outcomes = assessment_round.outcomes
    not_approved = [each for each in outcomes
                    if each.assessment is None or each.assessment.status is not AssessmentStatus.APPROVED]
    if not outcomes:
        standing = _("No intended outcome is recorded for this mission.")
    elif not_approved:
        standing = _("NOT YET APPROVED by leadership. Outcomes without an approved assessment in this round: "
                     "%(count)d of %(total)d.", count=len(not_approved), total=len(outcomes))
    else:
        standing = _("Approved: leadership approved the assessment of every outcome of this round.")
    table = Table(
        title=f"{mission.code} · {_('CPAS impact assessment')} · {period.label}",
        introduction=[
            mission.name,
            standing,
            _("The round holds each intended outcome's latest impact assessment ending within %(period)s "
              "(%(starts)s to %(ends)s). Indicators are judged as of the end of that assessment, or as of "
              "%(as_of)s for an outcome not yet assessed.", period=period.label,
              starts=translator.day(period.starts_on), ends=translator.day(period.ends_on),
              as_of=translator.day(assessment_round.as_of)),
        ],
        columns=[
            Column("outcome", _("Intended outcome"), width=44, wrap=True),
            Column("task", _("Mandated task"), width=40, wrap=True),
            Column("status", _("Status"), width=24, wrap=True),
            Column("suggested", _("Rating the data suggests"), width=18, wrap=True),
            Column("rating", _("Rating given"), width=18, wrap=True),
            Column("off_track", _("Indicators off track"), width=14),
            Column("attributed", _("Approved resources attributed (derived)"), CellKind.MONEY, width=20),
        ],
        money_unit=money_unit, caption=units_caption(money_unit, translator), sheet_name="Summary",
        notes=[attribution_rule(translator)],
    )
    for each in outcomes:
        off_track = sum(1 for indicator in each.indicators if indicator.progress.band is Band.OFF_TRACK)
        table.rows.append(Row({
            "outcome": _outcome_title(each), "task": _task_title(each, translator), "status": _status(each, translator),
            "suggested": _rating_name(each.suggested, translator) or _("No data to suggest one"),
            "rating": _rating_name(each.assessment.rating if each.assessment else None, translator),
            "off_track": _("%(off)d of %(total)d", off=off_track, total=len(each.indicators)),
            "attributed": each.money.attributed, **_status_cells(each),
        }, links={"task": RecordLink("mandated-tasks", each.outcome.mandated_task_id)}
            if each.outcome.mandated_task_id else {}))
    if outcomes:
        table.rows.append(Row({"outcome": _("Total attributed to the outcomes"),
                               "attributed": sum((each.money.attributed for each in outcomes), Decimal(0))},
                              RowKind.TOTAL, sums=list(range(len(outcomes)))))
    return table


def _freshness(indicator: IndicatorInRound, translator: Translator) -> str:
    _ = translator.gettext
    progress = indicator.progress
    if progress.latest is None:
        return _("No data")
    if not progress.stale:
        return _("Fresh")
    if indicator.frequency:
        return _("Not fresh for a %(frequency)s indicator", frequency=translator.frequency(indicator.frequency))
    return _("No recent data")


def _regions(indicator: IndicatorInRound, translator: Translator) -> str:
    """The regions' check: the latest date they do not add up, and on how many dates they do not
    (each date is in the indicator's series; a list of them all would fill the page)."""
    mismatches = indicator.progress.mismatches
    if not mismatches:
        return translator.gettext("Regions add up") if indicator.additive and indicator.progress.latest else ""
    latest = max(mismatches, key=lambda mismatch: mismatch.on)
    figures = {"date": translator.day(latest.on), "regions": f"{latest.sum_of_regions.normalize():f}",
               "whole": f"{latest.whole.normalize():f}"}
    if len(mismatches) == 1:
        return translator.gettext("On %(date)s the regions add up to %(regions)s, not %(whole)s", **figures)
    return translator.gettext("On %(date)s the regions add up to %(regions)s, not %(whole)s: the latest of "
                              "%(count)s dates where they do not", count=len(mismatches), **figures)


def build_indicator_table(assessment_round: AssessmentRound, translator: Translator) -> Table:
    """Every outcome's impact indicators with their data: baseline, the target judged against,
    the latest value, the share of the way covered against the share the path expects, on or
    off track, the trend, freshness, the regions' check and the rating the data suggests."""
    _ = translator.gettext
    table = Table(_("Impact indicators and their data"), [
        Column("indicator", _("Impact indicator"), width=40, wrap=True),
        Column("unit", _("Unit"), width=12, wrap=True),
        Column("direction", _("Direction"), width=14, wrap=True),
        Column("baseline", _("Baseline"), CellKind.QUANTITY, width=11),
        Column("baseline_on", _("Baseline date"), CellKind.DATE, width=11),
        Column("target", _("Target"), CellKind.QUANTITY, width=11),
        Column("target_on", _("Target date"), CellKind.DATE, width=11),
        Column("latest", _("Latest value"), CellKind.QUANTITY, width=11),
        Column("latest_on", _("Latest date"), CellKind.DATE, width=11),
        Column("achieved", _("Way to the target covered"), CellKind.PERCENT, width=12),
        Column("expected", _("Expected by then"), CellKind.PERCENT, width=12),
        Column("band", _("On or off track"), width=14),
        Column("trend", _("Trend"), width=14),
        Column("freshness", _("Data"), width=18, wrap=True),
        Column("regions", _("Regions"), width=22, wrap=True),
        Column("suggested", _("Suggested rating"), width=16),
    ], sheet_name="Indicators", notes=[
        _("Way to the target covered: the change since the baseline as a share of the change the target asks "
          "for (negative: moved away from the target). Expected by then: the share the straight path from the "
          "baseline to the target expects by the latest value's date; an indicator is on track within the "
          "tolerance of that path. A target that caps a worsening is judged against the target itself."),
    ])
    for each in assessment_round.detailed:
        table.rows.append(Row({"indicator": _outcome_title(each), "outcome_id": each.outcome.id}, RowKind.HEADING,
                              links={"indicator": RecordLink("outcomes", each.outcome.id)}))
        if not each.indicators:
            table.rows.append(Row({"indicator": _("No impact indicator for this outcome yet."),
                                   "outcome_id": each.outcome.id}))
        for indicator in each.indicators:
            progress = indicator.progress
            table.rows.append(Row(links={"indicator": RecordLink("impact-indicators", indicator.id)}, cells={
                "indicator": f"{indicator.code} {indicator.name}", "unit": indicator.unit,
                "direction": translator.label(indicator.direction),
                "baseline": indicator.baseline, "baseline_on": indicator.baseline_on,
                "target": progress.target.value if progress.target else None,
                "target_on": progress.target.on if progress.target else None,
                "latest": progress.latest.value if progress.latest else None,
                "latest_on": progress.latest.on if progress.latest else None,
                "achieved": progress.achieved_percent, "expected": progress.expected_percent,
                "band": translator.label(progress.band), "trend": translator.label(progress.trend),
                "freshness": _freshness(indicator, translator),
                "regions": _regions(indicator, translator),
                "suggested": translator.label(indicator.suggested_code) if indicator.suggested_code else "",
                # Unseen, for the page: its outcome, band, trend and flags.
                "outcome_id": each.outcome.id, "indicator_id": indicator.id, "band_value": progress.band.value,
                "trend_arrow": TREND_ARROWS.get(progress.trend.value, ""), "stale": progress.stale,
                "mismatched": bool(progress.mismatches), "suggested_code": indicator.suggested_code,
                "as_of": each.as_of,
            }, level=1))
    return table


def build_findings_table(assessment_round: AssessmentRound, translator: Translator) -> Table:
    """Each outcome's assessment of the round: the ratings, the officer's justification and
    analysis, the mission's contribution against external factors, and leadership's decision."""
    _ = translator.gettext
    table = Table(_("Findings"), [
        Column("outcome", _("Intended outcome"), width=34, wrap=True),
        Column("assessment", _("Assessment"), width=30, wrap=True),
        Column("covers_from", _("Covers from"), CellKind.DATE, width=11),
        Column("covers_to", _("Covers to"), CellKind.DATE, width=11),
        Column("status", _("Status"), width=24, wrap=True),
        Column("suggested", _("Rating the data suggests"), width=16),
        Column("rating", _("Rating given"), width=16),
        Column("justification", _("Why the rating differs from the data"), width=40, wrap=True),
        Column("analysis", _("Analysis"), width=60, wrap=True),
        Column("contribution", _("Contribution of the mission"), width=50, wrap=True),
        Column("external", _("External factors"), width=50, wrap=True),
        Column("decision", _("Leadership decision"), width=40, wrap=True),
    ], sheet_name="Findings")
    for each in assessment_round.detailed:
        assessment = each.assessment
        cells = {"outcome": _outcome_title(each), "status": _status(each, translator),
                 "suggested": _rating_name(each.suggested, translator) or _("No data to suggest one"),
                 "earlier": each.earlier_assessments, **_status_cells(each)}
        if assessment is not None:
            cells.update({
                "assessment": assessment.title, "covers_from": assessment.covers_from,
                "covers_to": assessment.covers_to, "rating": _rating_name(assessment.rating, translator),
                "justification": assessment.rating_justification, "analysis": assessment.analysis,
                "contribution": assessment.mission_contribution, "external": assessment.external_factors,
                "decision": assessment.leadership_decision,
                "differs": each.suggested is not None and assessment.rating is not None
                and assessment.rating.id != each.suggested.id,
            })
        table.rows.append(Row(cells))
    return table


def build_recommendation_table(assessment_round: AssessmentRound, translator: Translator) -> Table:
    """The recommendations of the round's assessments with owner, due date and status; those
    still open after their due date are flagged overdue."""
    _ = translator.gettext
    table = Table(_("Recommendations"), [
        Column("outcome", _("Outcome"), width=10),
        Column("recommendation", _("Recommendation"), width=60, wrap=True),
        Column("owner", _("Owner"), width=24, wrap=True),
        Column("due_on", _("Due on"), CellKind.DATE, width=11),
        Column("status", _("Status"), width=14),
        Column("overdue", _("Overdue"), width=12),
    ], sheet_name="Recommendations",
        notes=[_("Overdue: still open or in progress after its due date, as of %(date)s.",
                 date=translator.day(assessment_round.as_of))])
    for each in assessment_round.assessed:
        for recommendation in each.assessment.recommendations:
            overdue = assessment_round.overdue(recommendation)
            table.rows.append(Row(links={"recommendation": RecordLink("recommendations", recommendation.id)}, cells={
                "outcome": each.outcome.code, "recommendation": recommendation.text,
                "owner": recommendation.owner or _("no owner"), "due_on": recommendation.due_on,
                "status": translator.label(recommendation.status), "overdue": _("Overdue") if overdue else "",
                "flagged": overdue, "outcome_id": each.outcome.id,
            }))
    return table


def _division(tasks: int, outcomes: int, translator: Translator) -> str:
    _ = translator.gettext
    parts = []
    if tasks > 1:
        parts.append(_("divided among %(count)d mandated tasks", count=tasks))
    if outcomes > 1:
        parts.append(_("then among %(count)d outcomes", count=outcomes))
    return ", ".join(parts) or _("whole")


def build_resource_table(assessment_round: AssessmentRound, money_unit: Decimal, translator: Translator) -> Table:
    """For each outcome, the activities serving its mandated task, their approved money and the
    share attributed to the outcome, with the outcome's subtotal."""
    _ = translator.gettext
    table = Table(_("Approved resources attributed to each outcome"), [
        Column("activity", _("Activity"), width=56, wrap=True),
        Column("approved", _("Approved, whole activity"), CellKind.MONEY, width=18),
        Column("division", _("Division"), width=30, wrap=True),
        Column("attributed", _("Attributed to the outcome (derived)"), CellKind.MONEY, width=20),
    ], money_unit=money_unit, caption=units_caption(money_unit, translator), sheet_name="Resources",
        introduction=[_("Budget period %(period)s, approved stage.", period=assessment_round.period.label)],
        notes=[attribution_rule(translator)])
    for each in assessment_round.detailed:
        heading = f"{_outcome_title(each)} — {_task_title(each, translator)}"
        table.rows.append(Row({"activity": heading, "outcome_id": each.outcome.id}, RowKind.HEADING))
        detail = []
        for share in each.money.activities:
            detail.append(len(table.rows))
            table.rows.append(Row({
                "activity": f"{share.ref} {share.title}", "approved": share.approved,
                "division": _division(share.tasks_served, share.outcomes_sharing_task, translator),
                "attributed": share.share, "outcome_id": each.outcome.id,
            }, level=1, links={"activity": RecordLink("activities", share.activity_id)} if share.activity_id else {}))
        if not detail:
            reason = (_("No activity of the period serves this task.") if each.outcome.mandated_task_id
                      else _("The outcome is linked to no mandated task: no money can be attributed to it."))
            table.rows.append(Row({"activity": reason, "outcome_id": each.outcome.id}, level=1))
            continue
        table.add_sum_row({"activity": _("Attributed to %(outcome)s", outcome=each.outcome.code),
                           "outcome_id": each.outcome.id}, RowKind.SUBTOTAL, detail)
    return table


def build_trend_table(assessment_round: AssessmentRound, translator: Translator) -> tuple[Table, dict[int, LineChart]]:
    """Each indicator's values over their dates beside its target path (the baseline, then each
    target at its date), with a line chart of them; the charts by indicator id."""
    _ = translator.gettext
    table = Table(_("Indicator trends"), [
        Column("indicator", _("Impact indicator"), width=40),
        Column("date", _("Date"), CellKind.DATE, width=12),
        Column("value", _("Value"), CellKind.QUANTITY, width=12),
        Column("target_path", _("Target path"), CellKind.QUANTITY, width=12),
        Column("note", _("Note"), width=16),
    ], sheet_name="Trends", notes=[
        _("Values: the whole mission area's last values up to the date the indicator is judged as of (at most "
          "%(count)d; the data workbook holds them all). Target path: the baseline, then each target at its "
          "date.", count=TREND_VALUES)])
    charts: dict[int, LineChart] = {}
    for each in assessment_round.detailed:
        for indicator in each.indicators:
            direction = translator.label(indicator.direction)
            title = f"{indicator.code} {indicator.name}"
            table.rows.append(Row({"indicator": f"{title} ({indicator.unit}; {direction.lower()})",
                                   "outcome_id": each.outcome.id, "indicator_id": indicator.id}, RowKind.HEADING))
            dates: dict = {}
            for observation in indicator.recent_values:
                dates.setdefault(observation.on, {})["value"] = observation.value
            if indicator.baseline is not None and indicator.baseline_on is not None:
                dates.setdefault(indicator.baseline_on, {}).update(target_path=indicator.baseline, note=_("Baseline"))
            for target in indicator.targets:
                dates.setdefault(target.on, {}).update(target_path=target.value, note=_("Target"))
            if not dates:
                table.rows.append(Row({"indicator": _("No data yet."), "outcome_id": each.outcome.id}, level=1))
                continue
            first = len(table.rows)
            for on in sorted(dates):
                table.rows.append(Row({"date": on, **dates[on], "outcome_id": each.outcome.id,
                                       "indicator_id": indicator.id}, level=1))
            charts[indicator.id] = LineChart(
                title=title if len(title) <= 90 else title[:89] + "…", categories="date",
                series=("value", "target_path"), first_row=first, last_row=len(table.rows) - 1,
                axis_title=indicator.unit)
    off_track = {indicator.id for each in assessment_round.detailed for indicator in each.indicators
                 if indicator.progress.band is Band.OFF_TRACK}
    charted = set(sorted(charts, key=lambda indicator_id: indicator_id not in off_track)[:MOST_TREND_CHARTS])
    table.line_charts = [chart for indicator_id, chart in charts.items() if indicator_id in charted]
    if len(charts) > MOST_TREND_CHARTS:
        table.notes.append(_("Charts: %(charted)d of the %(total)d indicators, those off track first; the values "
                             "of every indicator are in the table.", charted=MOST_TREND_CHARTS, total=len(charts)))
    return table, charts


def build_assessment_report(assessment_round: AssessmentRound, *, money_unit: Decimal,
                            translator: Translator) -> AssessmentReport:
    """Every table of the round's assessment."""
    translator = remembering(translator)
    trends, charts = build_trend_table(assessment_round, translator)
    return AssessmentReport(
        round=assessment_round,
        summary=build_summary(assessment_round, money_unit, translator),
        indicators=build_indicator_table(assessment_round, translator),
        findings=build_findings_table(assessment_round, translator),
        recommendations=build_recommendation_table(assessment_round, translator),
        resources=build_resource_table(assessment_round, money_unit, translator),
        trends=trends, trend_charts=charts,
    )

