"""Loading the UN's open data on peacekeeping budgets: a financial year's figures by mission and
class of expenditure, each with the General Assembly document it was read from (open.un.org's
``budget-pko-<year>.json``; ../shared/data/un-open/README.md describes the layout).

A file is read whole, then checked whole, before anything is saved: its layout (a tree of nodes
from the whole to the missions, their groups and their classes), its own arithmetic (classes add
up to their group, groups to their mission, missions to the whole, to the dollar) and every label
matched to a class of expenditure. Any problem refuses the whole file, with every problem listed.
A figure is recorded as one budget line per mission and class (reference ``UN-<group>-<nn>``) at
the stage the file measures, verified, with its document as source. The import never overwrites
a figure someone entered by hand, and a file imported twice changes nothing the second time.

Label matching forgives case, punctuation, spacing and singular or plural; what it cannot
forgive is in ``CLASS_ALIASES``, the one place to teach it a new spelling."""

import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from cpas.audit import ChangeLog, snapshot
from cpas.labels import label
from cpas.models import (
    AuditEntry,
    BudgetAmount,
    BudgetLine,
    BudgetPeriod,
    BudgetStage,
    ExpenditureClass,
    ExpenditureGroup,
    Mission,
    Provenance,
)

# Bounds checked before the work: a year's file of a dozen missions is 200 KB and 300 nodes.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 20_000
MAX_LABEL = 200
MAX_AMOUNT = Decimal(10) ** 13  # whole dollars; what a budget amount holds exactly
SOURCE_NOTE = "UN open data"  # the note of every figure an import records: its own, it may revise
AUDIT_MARK = "(UN open data)"  # how the summary of every audit entry an import writes ends

# The stage each ``meta.measure`` of the format records.
MEASURES = {"proposed": BudgetStage.PROPOSED, "cost estimates": BudgetStage.PROPOSED,
            "recommended": BudgetStage.RECOMMENDED, "approved": BudgetStage.APPROVED,
            "apportionment": BudgetStage.APPROVED, "appropriation": BudgetStage.APPROVED,
            "revised": BudgetStage.REVISED, "expenditure": BudgetStage.EXPENDITURE}
# The file's codes of the three groups, as our groups are coded.
GROUP_ALIASES = {"military_police_personnel": "military_police_personnel",
                 "military_and_police_personnel": "military_police_personnel",
                 "civilian_personnel": "civilian_personnel", "operational_costs": "operational_costs"}
# Spellings of a class that matching alone cannot read, each as the class's name (normalised as
# ``normalised_label`` does): a label found here is matched as that name.
CLASS_ALIASES = {
    "national general service": "National General Service staff",
    "national professional officer staff": "National Professional Officers",
    "consultant": "Consultants and consulting services",
    "communication and information technology": "Communications and information technology",
    "information technology and communication": "Communications and information technology",
    "quick impact project": "Quick-impact projects",
    "government provided personnel": "Government-provided personnel",
}
FISCAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
FIRST_YEAR, LAST_YEAR = 1948, 2100  # the first peacekeeping operation; far enough ahead
NODE_TIERS = ("whole", "mission", "class", "item")


class UnFileError(ValueError):
    """The file is refused: every problem, as the user reads it."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def normalised_label(label: str) -> str:
    """A label as matching compares it: lower case, "&" as "and", punctuation and hyphens as
    spaces, every word singular ("Other supplies, services and equipment" and "Other supply
    service and equipment" are one)."""
    text = re.sub(r"[^\w\s]", " ", label.casefold().replace("&", " and ").replace("-", " "))
    return " ".join(_singular(word) for word in text.split())


@dataclass(frozen=True)
class Figure:
    """One node's amount and the document it was read from."""

    label: str
    amount: Decimal
    symbol: str


@dataclass
class GroupFigures:
    code: str  # our group's code
    figure: Figure
    items: list[Figure] = field(default_factory=list)


@dataclass
class MissionFigures:
    code: str
    name: str
    figure: Figure
    groups: list[GroupFigures] = field(default_factory=list)


@dataclass
class UnBudgetFile:
    fiscal_year: str  # "2023/24"
    stage: BudgetStage
    release: str  # where the extraction comes from, e.g. "united-nations/programme-budget-data financial-data-v1.4"
    missions: list[MissionFigures]


def _dollars(value, where: str, problems: list[str]) -> Decimal | None:
    """A node's amount: whole dollars (a JSON integer; a decimal number with no cents passes)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        problems.append(_l("%(where)s: the amount %(value)s is not a number.", where=where, value=repr(value)[:40]))
        return None
    amount = Decimal(value)
    if amount != amount.to_integral_value() or not -MAX_AMOUNT < amount < MAX_AMOUNT:
        problems.append(_l("%(where)s: the amount %(value)s is not a whole number of dollars below ten trillion.",
                           where=where, value=str(value)[:40]))
        return None
    return amount


def _source(node: dict) -> dict:
    """A node's source document: an object, or nothing to read a symbol from."""
    source = node.get("source")
    return source if isinstance(source, dict) else {}


def _text(node: dict, key: str, where: str, problems: list[str], longest: int = MAX_LABEL) -> str:
    value = node.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > longest:
        problems.append(_l("%(where)s: %(key)s is missing or longer than %(longest)s characters.",
                           where=where, key=key, longest=longest))
        return ""
    return value.strip()


def read_un_budget_file(data: bytes) -> UnBudgetFile:
    """The file's figures, its layout and arithmetic checked; UnFileError with every problem."""
    if len(data) > MAX_FILE_BYTES:
        raise UnFileError([_l("The file is larger than %(size)s MB: a year's UN budget file is well under 1 MB.",
                              size=MAX_FILE_BYTES // (1024 * 1024))])
    try:
        # Integers as Decimal too: Python refuses to read an int of more than 4,300 digits.
        document = json.loads(data.decode("utf-8"), parse_float=Decimal, parse_int=Decimal,
                              parse_constant=lambda name: name)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise UnFileError([_l("The file is not complete JSON (%(error)s): it may have been cut short. Download it "
                              "again.", error=str(error)[:120])]) from None
    meta = document.get("meta") if isinstance(document, dict) else None
    nodes = document.get("nodes") if isinstance(document, dict) else None
    if not isinstance(meta, dict) or not isinstance(nodes, list) or not all(isinstance(n, dict) for n in nodes):
        raise UnFileError([_l("This is not a UN open budget file: it needs a \"meta\" object and a list of "
                              "\"nodes\" (the layout of open.un.org's budget-pko files).")])
    if len(nodes) > MAX_NODES:
        raise UnFileError([_l("The file has more than %(count)s nodes.", count=MAX_NODES)])
    problems: list[str] = []
    fiscal_year = meta.get("fiscalYear")
    match = FISCAL_YEAR.match(fiscal_year) if isinstance(fiscal_year, str) else None
    if (match is None or (int(match.group(1)) + 1) % 100 != int(match.group(2))
            or not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR):
        problems.append(_l("The file's fiscal year %(year)s is not a UN budget period such as 2023/24.",
                           year=repr(fiscal_year)[:20]))
    measure = meta.get("measure")
    stage = MEASURES.get(measure.strip().casefold()) if isinstance(measure, str) else None
    if stage is None:
        problems.append(_l("The file measures %(measure)s: only %(known)s can be recorded.",
                           measure=repr(measure)[:40], known=", ".join(MEASURES)))
    if meta.get("currency", "USD") != "USD":
        problems.append(_l("The file's amounts are in %(currency)s: only US dollars can be recorded.",
                           currency=str(meta.get("currency"))[:10]))
    source = meta.get("source") if isinstance(meta.get("source"), dict) else {}
    release = " ".join(str(source.get(key, "")) for key in ("repo", "release")).strip()[:200]
    missions = _missions(nodes, meta, problems)
    if problems:
        raise UnFileError(problems)
    return UnBudgetFile(fiscal_year=fiscal_year, stage=stage, release=release, missions=missions)


def _missions(nodes: list[dict], meta: dict, problems: list[str]) -> list[MissionFigures]:
    by_parent: dict[str | None, list[dict]] = {}
    for number, node in enumerate(nodes, start=1):
        if node.get("tier") not in NODE_TIERS or not isinstance(node.get("id"), str):
            problems.append(_l("Node %(number)s has no id or an unknown tier %(tier)s (expected whole, mission, "
                               "class or item).", number=number, tier=repr(node.get("tier"))[:20]))
            continue
        if node.get("parentId") is not None and not isinstance(node.get("parentId"), str):
            problems.append(_l("Node %(number)s names its parent by %(parent)s, not by an id.", number=number,
                               parent=repr(node.get("parentId"))[:40]))
            continue
        by_parent.setdefault(node.get("parentId"), []).append(node)
    if problems:
        return []
    wholes = [node for node in nodes if node["tier"] == "whole"]
    mission_nodes = [node for node in nodes if node["tier"] == "mission"]
    if len(wholes) > 1 or not mission_nodes:
        problems.append(_l("The file has no mission, or more than one whole: it is not a UN open budget file."))
        return []
    names = meta.get("missionNames") if isinstance(meta.get("missionNames"), dict) else {}
    missions = []
    for node in mission_nodes:
        code = _text(node, "code", _l("A mission"), problems, longest=20).upper()
        where = code or node["id"]
        amount = _dollars(node.get("amount"), where, problems)
        symbol = _text(_source(node), "symbol", where, problems, longest=60)
        name = str(names.get(code) or node.get("label") or code)[:200]
        mission = MissionFigures(code=code, name=name, figure=Figure(name, amount, symbol))
        for group_node in by_parent.get(node["id"], []):
            if group_node["tier"] != "class":
                problems.append(_l("%(where)s: a %(tier)s node under a mission (a mission holds groups of classes).",
                                   where=where, tier=group_node["tier"]))
                continue
            group_code = GROUP_ALIASES.get(str(group_node.get("code") or group_node.get("costClass")))
            label = _text(group_node, "label", where, problems)
            group_where = f"{where}, {label}"
            if group_code is None:
                problems.append(_l("%(where)s: the group %(code)s is none of the three groups of expenditure.",
                                   where=group_where, code=repr(group_node.get("code"))[:40]))
                continue
            group = GroupFigures(code=group_code, figure=Figure(
                label, _dollars(group_node.get("amount"), group_where, problems),
                _text(_source(group_node), "symbol", group_where, problems, longest=60)))
            for item in by_parent.get(group_node["id"], []):
                item_label = _text(item, "label", group_where, problems)
                item_where = f"{group_where}, {item_label}"
                group.items.append(Figure(item_label, _dollars(item.get("amount"), item_where, problems),
                                          _text(_source(item), "symbol", item_where, problems,
                                                longest=60)))
            mission.groups.append(group)
        missions.append(mission)
    if not problems:
        _check_sums(missions, wholes[0] if wholes else None, problems)
    codes = [mission.code for mission in missions]
    for code in sorted({code for code in codes if codes.count(code) > 1}):
        problems.append(_l("The mission %(mission)s appears twice in the file.", mission=code))
    return missions


def _check_sums(missions: list[MissionFigures], whole: dict | None, problems: list[str]) -> None:
    """The file's own arithmetic, to the dollar: classes to their group, groups to their mission,
    missions to the whole."""
    for mission in missions:
        for group in mission.groups:
            added = sum((item.amount for item in group.items), Decimal(0))
            if added != group.figure.amount:
                problems.append(_l("%(mission)s, %(group)s: its classes add up to %(added)s, the file gives "
                                   "%(given)s.", mission=mission.code, group=group.figure.label,
                                   added=f"{added:,}", given=f"{group.figure.amount:,}"))
        added = sum((group.figure.amount for group in mission.groups), Decimal(0))
        if added != mission.figure.amount:
            problems.append(_l("%(mission)s: its groups add up to %(added)s, the file gives %(given)s.",
                               mission=mission.code, added=f"{added:,}", given=f"{mission.figure.amount:,}"))
    if whole is not None:
        given = _dollars(whole.get("amount"), _l("The whole"), problems)
        added = sum((mission.figure.amount for mission in missions), Decimal(0))
        if given is not None and added != given:
            problems.append(_l("The missions add up to %(added)s, the file's whole gives %(given)s.",
                               added=f"{added:,}", given=f"{given:,}"))


def match_classes(file: UnBudgetFile, groups: list[ExpenditureGroup]) -> tuple[dict, list[str]]:
    """{(mission, group, label): class} for every item of the file, and a problem for each label
    no class of its group answers to (naming its mission)."""
    known: dict[tuple[str, str], ExpenditureClass] = {}
    for group in groups:
        for expenditure_class in group.classes:
            known[group.code, normalised_label(expenditure_class.name)] = expenditure_class
    aliases = {normalised_label(spelling): normalised_label(name) for spelling, name in CLASS_ALIASES.items()}
    matched, problems = {}, []
    for mission in file.missions:
        for group in mission.groups:
            for item in group.items:
                label = normalised_label(item.label)
                found = known.get((group.code, label)) or known.get((group.code, aliases.get(label, "")))
                if found is None:
                    problems.append(_l("%(mission)s: no class of expenditure of %(group)s is called %(label)s.",
                                       mission=mission.code, group=group.figure.label, label=f"“{item.label}”"))
                else:
                    matched[mission.code, group.code, item.label] = found
    return matched, problems


@dataclass
class UnImportResult:
    fiscal_year: str
    stage: BudgetStage
    missions: list[str]  # the codes, in the file's order
    missions_created: list[str] = field(default_factory=list)
    period_created: bool = False
    lines_created: int = 0
    amounts_created: int = 0
    amounts_changed: int = 0
    amounts_unchanged: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(self.missions_created or self.period_created or self.lines_created or self.amounts_created
                    or self.amounts_changed)


def _period(session: Session, fiscal_year: str) -> tuple[BudgetPeriod, bool]:
    found = session.scalar(select(BudgetPeriod).where(BudgetPeriod.label == fiscal_year))
    if found is not None:
        return found, False
    first_year = int(fiscal_year[:4])
    period = BudgetPeriod(label=fiscal_year, starts_on=date(first_year, 7, 1), ends_on=date(first_year + 1, 6, 30))
    session.add(period)
    return period, True


LINE_PREFIX = "UN-"


def line_ref(expenditure_class: ExpenditureClass) -> str:
    """The reference of the line an import records a class's figure on: ``UN-II-02``."""
    return f"{LINE_PREFIX}{expenditure_class.group.numeral}-{expenditure_class.position:02d}"


def import_un_budget(session: Session, data: bytes, user_id: int | None) -> UnImportResult:
    """Check the file, then record its figures (flushed, with their audit entries); UnFileError,
    nothing changed, if the file has any problem, if a label matches no class, or if a figure
    would overwrite one entered by hand. The caller commits, or rolls back after a check."""
    file = read_un_budget_file(data)
    # The file's figures are requirements (its totals are gross): the items below gross
    # requirements are matched by none of its labels.
    groups = list(session.scalars(select(ExpenditureGroup).options(selectinload(ExpenditureGroup.classes))
                                  .where(ExpenditureGroup.below_gross.is_(False))
                                  .order_by(ExpenditureGroup.position)))
    matched, problems = match_classes(file, groups)
    if problems:
        raise UnFileError(problems)
    period, period_created = _period(session, file.fiscal_year)
    for (mission_code, _group, item_label), expenditure_class in matched.items():
        if not expenditure_class.is_valid_for(period):
            problems.append(_l("%(mission)s: “%(label)s” is read as the class %(category)s, which is not used in "
                               "%(period)s.", mission=mission_code, label=item_label, category=expenditure_class.name,
                               period=period.label))
    if problems:
        raise UnFileError(problems)
    result = UnImportResult(fiscal_year=file.fiscal_year, stage=file.stage,
                            missions=[mission.code for mission in file.missions], period_created=period_created)
    log = ChangeLog(user_id)
    if period_created:
        log.created(period, summary=f"Budget period {period.label} (UN open data)")
    missions = {mission.code: mission for mission in session.scalars(
        select(Mission).where(Mission.code.in_(result.missions)))}
    for figures in file.missions:
        if figures.code not in missions:
            missions[figures.code] = mission = Mission(code=figures.code, name=figures.name, country="", regions="")
            session.add(mission)
            log.created(mission, summary=f"Mission {figures.code} (UN open data)")
            result.missions_created.append(figures.code)
    session.flush()  # the new missions' and period's ids, for their lines
    lines: dict[tuple[int, int], list[BudgetLine]] = {}
    refs_taken: dict[int, set[str]] = {}  # {mission id: the references of its lines of the period}
    for line in session.scalars(select(BudgetLine).options(selectinload(BudgetLine.amounts)).where(
            BudgetLine.mission_id.in_([mission.id for mission in missions.values()]),
            BudgetLine.period_id == period.id)):
        lines.setdefault((line.mission_id, line.class_id), []).append(line)
        refs_taken.setdefault(line.mission_id, set()).add(line.ref)
    imports_own = _last_changed_by_an_import(session, [
        amount.id for class_lines in lines.values() for line in class_lines if line.ref.startswith(LINE_PREFIX)
        for amount in line.amounts if amount.stage is file.stage])
    for figures in file.missions:
        mission = missions[figures.code]
        for expenditure_class, item in _figure_per_class(figures, matched):
            _record(session, log, result, problems, mission, period, expenditure_class, item, file,
                    lines.get((mission.id, expenditure_class.id), []), imports_own,
                    refs_taken.setdefault(mission.id, set()))
    if problems:
        raise UnFileError(problems)
    log.write(session)
    return result


def _figure_per_class(figures: MissionFigures, matched: dict) -> list[tuple[ExpenditureClass, Figure]]:
    """The mission's figure of each class: its item's, or the sum of its items where several labels
    are read as one class (its arithmetic is checked already: the sum is the group's share)."""
    by_class: dict[int, tuple[ExpenditureClass, list[Figure]]] = {}
    for group in figures.groups:
        for item in group.items:
            expenditure_class = matched[figures.code, group.code, item.label]
            by_class.setdefault(expenditure_class.id, (expenditure_class, []))[1].append(item)
    return [(expenditure_class, items[0] if len(items) == 1 else Figure(
                " + ".join(item.label for item in items), sum(item.amount for item in items), items[0].symbol))
            for expenditure_class, items in by_class.values()]


def _last_changed_by_an_import(session: Session, amount_ids: list[int]) -> set[int]:
    """Of these amounts, those whose last change an import made (one query): a figure on an
    import's own line that someone changed since, through a form, a grid or a workbook, keeps
    the import's provenance and note, but its last audit entry is that person's."""
    if not amount_ids:
        return set()
    latest = (select(func.max(AuditEntry.id)).where(AuditEntry.table_name == BudgetAmount.__tablename__,
                                                   AuditEntry.record_id.in_(amount_ids))
              .group_by(AuditEntry.record_id))
    return {record_id for record_id, summary in session.execute(
        select(AuditEntry.record_id, AuditEntry.summary).where(AuditEntry.id.in_(latest)))
        if summary.endswith(AUDIT_MARK)}


def _is_imported(amount: BudgetAmount, imports_own: set[int]) -> bool:
    """A figure an import recorded and nobody changed by hand since."""
    return (amount.provenance is Provenance.VERIFIED and amount.source_note.startswith(SOURCE_NOTE)
            and amount.id in imports_own)


def _free_ref(ref: str, taken: set[str]) -> str:
    """``ref``, or where another line of the mission's period holds it (the class's position moved
    when an administrator added a class), the first ``ref-2``, ``ref-3``… free."""
    number, free = 1, ref
    while free in taken:
        number += 1
        free = f"{ref}-{number}"
    return free


def _record(session: Session, log: ChangeLog, result: UnImportResult, problems: list[str], mission: Mission,
            period: BudgetPeriod, expenditure_class: ExpenditureClass, item: Figure, file: UnBudgetFile,
            class_lines: list[BudgetLine], imports_own: set[int], refs_taken: set[str]) -> None:
    """One item's figure on its mission's line of that class, unless a figure of that class and
    stage that someone entered would be overwritten, or counted twice (on another line)."""
    value = item.amount.quantize(Decimal("0.01"))
    # The import's own line of the class: found by its prefix, not its whole reference, which
    # follows the class's position (an administrator's new class may move it).
    own = next((line for line in class_lines if line.ref.startswith(LINE_PREFIX)), None)
    others = [amount for line in class_lines if line is not own
              for amount in line.amounts if amount.stage is file.stage]
    amount = next((amount for amount in own.amounts if amount.stage is file.stage), None) if own else None
    by_hand = others + ([amount] if amount is not None and not _is_imported(amount, imports_own)
                        and amount.amount != value else [])
    if by_hand:
        problems.append(_l("%(mission)s %(period)s, %(category)s, %(stage)s: a figure entered by hand (%(amount)s) "
                           "is recorded already; the import would overwrite it or count it twice.",
                           mission=mission.code, period=period.label, category=expenditure_class.name,
                           stage=label(file.stage), amount=f"{by_hand[0].amount:,}"))
        return
    note = f"{SOURCE_NOTE} ({file.release})" if file.release else SOURCE_NOTE
    if own is None:
        ref = _free_ref(line_ref(expenditure_class), refs_taken)
        refs_taken.add(ref)
        own = BudgetLine(mission_id=mission.id, period_id=period.id, ref=ref, class_id=expenditure_class.id,
                         description=expenditure_class.name)
        session.add(own)
        log.created(own, summary=f"{mission.code} {period.label} {ref} {AUDIT_MARK}")
        result.lines_created += 1
    if amount is None:
        own.amounts.append(BudgetAmount(stage=file.stage, amount=value, source_symbol=item.symbol,
                                        provenance=Provenance.VERIFIED, source_note=note))
        log.created(own.amounts[-1], summary=f"{mission.code} {period.label} {own.ref} {file.stage.value} {AUDIT_MARK}")
        result.amounts_created += 1
    elif not _is_imported(amount, imports_own) or (amount.amount, amount.source_symbol) == (value, item.symbol):
        result.amounts_unchanged += 1  # entered by hand as the file gives it, or imported as it is
    else:  # the import's own figure, revised by a newer release of the file
        before = snapshot(amount)
        amount.amount, amount.source_symbol, amount.provenance, amount.source_note = (
            value, item.symbol, Provenance.VERIFIED, note)
        log.updated(amount, before, reason="UN open data import",
                    summary=f"{mission.code} {period.label} {own.ref} {file.stage.value} {AUDIT_MARK}")
        result.amounts_changed += 1
