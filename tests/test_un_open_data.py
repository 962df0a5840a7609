"""The UN's open peacekeeping budget data loads in one command: the shared 2023/24 file
(../shared/data/un-open/budget-pko-2023.json, official figures, copied to tests/data/) gives twelve missions whose
performance workbooks, recalculated, state the file's group and mission totals to the dollar; a
second import changes nothing; a file that is truncated, of another layout, that does not add up,
that names a class we do not know, or that would overwrite a figure entered by hand is refused
with its message, and the database is unchanged."""

import copy
import json
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cpas.budget.un_open_data import (
    UnFileError,
    import_un_budget,
    line_ref,
    normalised_label,
    read_un_budget_file,
)
from cpas.entry.forms import initial_data
from cpas.entry.spec import SPECS
from cpas.exports.report_workbook import build_report_workbook
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
    ReportKind,
)
from cpas.reports.assembly import financial_report, report_bundle
from cpas.reports.financial import HeadlineStage
from tests.conftest import login
from tests.libreoffice import all_recalculated
from tests.report_settings import plain_settings

# A copy of ../shared/data/un-open/budget-pko-2023.json, so that the suite runs wherever the clone is.
UN_FILE = Path(__file__).resolve().parent / "data" / "un-budget-pko-2023.json"
FILE_MISSIONS = ["MINURSO", "MINUSCA", "MONUSCO", "RSCE", "UNDOF", "UNFICYP", "UNGSC", "UNIFIL", "UNISFA", "UNMIK",
                 "UNMISS", "UNSOS"]
GROUP_ROWS = {"military_police_personnel": "Subtotal, Military and police personnel",
              "civilian_personnel": "Subtotal, Civilian personnel", "operational_costs": "Subtotal, Operational costs"}


@pytest.fixture
def un_file() -> dict:
    return json.loads(UN_FILE.read_bytes())


def as_bytes(document: dict) -> bytes:
    return json.dumps(document).encode()


@pytest.fixture
def classes_of_2023(db):
    """The two classes the 2023/24 reports split national staff into, where the database does not
    have them yet."""
    civilian = db.scalar(select(ExpenditureGroup).where(ExpenditureGroup.code == "civilian_personnel"))
    for position, (code, name) in enumerate([("national_professional_officers", "National Professional Officers"),
                                             ("national_general_service_staff", "National General Service staff")],
                                            start=20):
        if db.scalar(select(ExpenditureClass).where(ExpenditureClass.name == name)) is None:
            db.add(ExpenditureClass(group_id=civilian.id, code=code, name=name, position=position))
    db.flush()


def counts(db) -> tuple:
    return tuple(db.scalar(select(func.count()).select_from(model))
                 for model in (Mission, BudgetLine, BudgetAmount, BudgetPeriod, AuditEntry))


def refused(db, data: bytes) -> list[str]:
    before = counts(db)
    with pytest.raises(UnFileError) as error:
        import_un_budget(db, data, user_id=None)
    db.rollback()
    assert counts(db) == before
    return [str(problem) for problem in error.value.problems]


def test_labels_match_whatever_their_case_punctuation_and_number():
    assert normalised_label("Other supplies, services and equipment") == normalised_label(
        "Other supplies services and equipment")
    assert normalised_label("National Professional Officer") == normalised_label("National Professional Officers")
    assert normalised_label("QUICK-IMPACT PROJECTS") == normalised_label("Quick-impact projects")


def test_the_2023_file_loads_twelve_missions_whose_performance_workbooks_give_its_totals(db, classes_of_2023,
                                                                                          un_file):
    result = import_un_budget(db, UN_FILE.read_bytes(), user_id=None)
    db.commit()
    assert result.missions == FILE_MISSIONS and result.missions_created == FILE_MISSIONS and result.period_created
    assert result.stage is BudgetStage.EXPENDITURE and result.amounts_created == 255
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2023/24"))
    minusca = db.scalar(select(Mission).where(Mission.code == "MINUSCA"))
    air = db.scalar(select(BudgetLine).join(BudgetLine.expenditure_class).where(
        BudgetLine.mission_id == minusca.id, ExpenditureClass.code == "air_operations"))
    assert air.ref == line_ref(air.expenditure_class) == "UN-III-06"
    (amount,) = air.amounts
    assert (amount.stage, amount.provenance, amount.source_symbol) == (BudgetStage.EXPENDITURE, Provenance.VERIFIED,
                                                                       "A/79/765")

    nodes = {node["id"]: node for node in un_file["nodes"]}
    settings = plain_settings(money_unit=Decimal(1))
    workbooks = []
    for code in FILE_MISSIONS:
        mission = db.scalar(select(Mission).where(Mission.code == code))
        workbooks.append(build_report_workbook(report_bundle(db, mission, period, ReportKind.PERFORMANCE,
                                                             settings).sheets))
    for code, book in zip(FILE_MISSIONS, all_recalculated(workbooks), strict=True):
        sheet = book["Financial resources"]
        rows = list(sheet.iter_rows(values_only=True))
        header = next(index for index, row in enumerate(rows) if row and row[0] == "Category")
        expenditure = rows[header].index("Expenditure (2023/24)")
        by_label = {row[0]: row[expenditure] for row in rows[header + 1:] if row and row[0]}
        assert by_label["Gross requirements"] == nodes[code]["amount"], code
        for group_code, label in GROUP_ROWS.items():
            group = nodes.get(f"{code}~{group_code}")
            if group is not None:
                assert by_label[label] == group["amount"], (code, label)


def test_a_second_import_of_the_same_file_changes_nothing(db, classes_of_2023):
    import_un_budget(db, UN_FILE.read_bytes(), user_id=None)
    db.commit()
    before = counts(db)
    again = import_un_budget(db, UN_FILE.read_bytes(), user_id=None)
    db.commit()
    assert not again.changed_anything and again.amounts_unchanged == 255
    assert counts(db) == before


def test_a_revised_release_revises_the_figures_the_import_recorded(db, classes_of_2023, un_file):
    import_un_budget(db, as_bytes(un_file), user_id=None)
    db.commit()
    revised = copy.deepcopy(un_file)
    for node in revised["nodes"]:
        if node["id"] in ("UNDOF", "UNDOF~operational_costs", "UNDOF~operational_costs~medical"):
            node["amount"] += 100
        if node["id"] == "all-missions":
            node["amount"] += 100
    result = import_un_budget(db, as_bytes(revised), user_id=None)
    assert result.amounts_changed == 1 and result.amounts_unchanged == 254


def test_a_label_no_class_answers_to_is_refused_with_its_mission(db, classes_of_2023, un_file):
    for node in un_file["nodes"]:
        if node["id"] == "UNFICYP~operational_costs~medical":
            node["label"] = "Hospitality"
    problems = refused(db, as_bytes(un_file))
    assert problems == ["UNFICYP: no class of expenditure of Operational costs is called “Hospitality”."]


def test_a_file_whose_classes_do_not_add_up_to_their_group_is_refused(db, classes_of_2023, un_file):
    for node in un_file["nodes"]:
        if node["id"] == "MINURSO~operational_costs~air-operations":
            node["amount"] += 1
    problems = refused(db, as_bytes(un_file))
    assert problems[0].startswith("MINURSO, Operational costs: its classes add up to ")
    assert len(problems) == 1


def test_a_file_whose_missions_do_not_add_up_to_the_whole_is_refused(db, classes_of_2023, un_file):
    un_file["nodes"][0]["amount"] += 1
    assert refused(db, as_bytes(un_file)) == [
        "The missions add up to 4,967,008,500, the file's whole gives 4,967,008,501."]


def test_a_truncated_file_is_refused(db, classes_of_2023):
    data = UN_FILE.read_bytes()
    (problem,) = refused(db, data[: len(data) // 2])
    assert problem.startswith("The file is not complete JSON") and "cut short" in problem


@pytest.mark.parametrize("data", [b"[1, 2, 3]", b'{"rows": []}', b"mission,class,amount\nMINURSO,Medical,1\n",
                                  json.dumps({"meta": {}, "nodes": [{"id": "x", "tier": "branch"}]}).encode()])
def test_a_file_of_another_layout_is_refused(db, classes_of_2023, data):
    problems = refused(db, data)
    assert problems and all(problem for problem in problems)


def test_a_figure_entered_by_hand_is_never_overwritten(db, demo, classes_of_2023, un_file):
    period = BudgetPeriod(label="2023/24", starts_on=date(2023, 7, 1), ends_on=date(2024, 6, 30))
    mission = Mission(code="UNDOF", name="United Nations Disengagement Observer Force", country="")
    db.add_all([period, mission])
    db.flush()
    medical = db.scalar(select(ExpenditureClass).where(ExpenditureClass.code == "medical"))
    db.add(BudgetLine(mission_id=mission.id, period_id=period.id, ref="BL-001", class_id=medical.id, amounts=[
        BudgetAmount(stage=BudgetStage.EXPENDITURE, amount=Decimal("12.00"), provenance=Provenance.ENTERED)]))
    db.commit()
    (problem,) = refused(db, UN_FILE.read_bytes())
    assert problem == ("UNDOF 2023/24, Medical, Expenditure: a figure entered by hand (12.00) is recorded already; "
                       "the import would overwrite it or count it twice.")


def test_the_file_reads_as_its_measure_and_year_say():
    parsed = read_un_budget_file(UN_FILE.read_bytes())
    assert (parsed.fiscal_year, parsed.stage) == ("2023/24", BudgetStage.EXPENDITURE)
    assert replace(parsed, missions=[]).release == "united-nations/programme-budget-data financial-data-v1.4"
    assert sum(mission.figure.amount for mission in parsed.missions) == Decimal(4967008500)


def test_the_command_imports_and_then_says_nothing_changed(runner, classes_of_2023, db):
    db.commit()
    first = runner.invoke(args=["cpas", "un-budget-import", str(UN_FILE)])
    assert first.exit_code == 0, first.output
    assert "Imported 2023/24 (a new budget period): 12 missions (12 new)" in first.output
    second = runner.invoke(args=["cpas", "un-budget-import", str(UN_FILE)])
    assert second.exit_code == 0 and second.output.startswith("Nothing changed: every figure of 2023/24")


def upload(client, data: bytes, name: str = "budget-pko-2023.json"):
    return client.post("/admin/un-budget/check", data={"budget_file": (BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_an_administrator_checks_the_file_then_confirms_it_on_the_page(client, db, demo, classes_of_2023):
    login(client, "admin")
    assert "UN open budget data" in client.get("/m/MINUSMA/2019-20/", follow_redirects=True).get_data(as_text=True)
    before = counts(db)
    checked = upload(client, UN_FILE.read_bytes())
    page = checked.get_data(as_text=True)
    assert checked.status_code == 200 and "What the import would record" in page and 'id="confirm-import"' in page
    assert counts(db)[:4] == before[:4]  # the check saved no figure
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)
    version = re.search(r'name="previewed_after" type="hidden" value="([^"]*)"', page).group(1)
    confirmed = client.post("/admin/un-budget/confirm", data={"token": token, "previewed_after": version})
    assert confirmed.status_code == 200
    assert "Imported 2023/24: 255 figures recorded, 0 revised, 0 unchanged." in confirmed.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Mission)) == before[0] + 12
    again = client.post("/admin/un-budget/confirm", data={"token": token, "previewed_after": version})
    assert again.status_code == 302  # the upload was claimed: nothing is imported twice
    assert "it was imported or cancelled already" in client.get(again.headers["Location"]).get_data(as_text=True)
    assert "The file changes nothing" in upload(client, UN_FILE.read_bytes()).get_data(as_text=True)


def test_the_page_lists_every_problem_and_saves_nothing(client, db, demo, classes_of_2023, un_file):
    login(client, "admin")
    for node in un_file["nodes"]:
        if node["id"] == "UNFICYP~operational_costs~medical":
            node["label"] = "Hospitality"
    before = counts(db)
    refused_page = upload(client, as_bytes(un_file))
    assert refused_page.status_code == 422
    assert "UNFICYP: no class of expenditure of Operational costs is called “Hospitality”." in \
        refused_page.get_data(as_text=True)
    assert counts(db) == before


@pytest.mark.parametrize("account", ["officer", "reviewer", "leader"])
def test_only_administrators_may_import_and_nobody_else_is_offered_it(client, db, demo, classes_of_2023, account):
    login(client, account)
    assert "UN open budget data" not in client.get("/m/MINUSMA/2019-20/", follow_redirects=True).get_data(as_text=True)
    before = counts(db)
    assert client.get("/admin/un-budget/").status_code == 403
    assert upload(client, UN_FILE.read_bytes()).status_code == 403
    assert client.post("/admin/un-budget/confirm", data={"token": "x", "previewed_after": "1"}).status_code == 403
    assert counts(db) == before


def test_a_year_of_expenditure_alone_has_no_performance_variance_to_show(db, classes_of_2023):
    import_un_budget(db, UN_FILE.read_bytes(), user_id=None)
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2023/24"))
    mission = db.scalar(select(Mission).where(Mission.code == "UNMISS"))
    table = report_bundle(db, mission, period, ReportKind.PERFORMANCE, plain_settings()).financial.table
    keys = [column.key for column in table.columns]
    assert "expenditure" in keys and "performance_variance" not in keys  # apportionment − expenditure: no apportionment


def test_the_headline_of_each_mission_of_the_2023_file_states_its_expenditure(db, classes_of_2023, un_file):
    import_un_budget(db, UN_FILE.read_bytes(), user_id=None)
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2023/24"))
    totals = {node["code"]: node["amount"] for node in un_file["nodes"] if node["tier"] == "mission"}
    settings = replace(plain_settings(), today=date(2026, 12, 1))  # after the period: the expenditure is final
    for code, total in totals.items():
        mission = db.scalar(select(Mission).where(Mission.code == code))
        report = financial_report(db, mission, period, settings)
        assert report.headline.stage is HeadlineStage.PERFORMANCE and report.headline.expenditure == total
        # no apportionment in the file: no utilization rate to state, only the expenditure
        assert report.headline_sentences == [f"Expenditure is ${total:,}."], code


def test_a_class_the_un_no_longer_uses_that_year_is_refused(db, un_file):
    for node in un_file["nodes"]:
        if node["id"] == "UNMIK~civilian_personnel~national-general-service-staff":
            node["label"] = "National staff"
    assert refused(db, as_bytes(un_file)) == [
        "UNMIK: “National staff” is read as the class National staff, which is not used in 2023/24."]


def test_after_the_import_the_all_missions_page_lists_the_twelve_with_the_files_totals(client, db, demo, un_file):
    import_un_budget(db, UN_FILE.read_bytes(), user_id=None)
    db.commit()
    login(client, "reviewer")  # a headquarters reviewer: a role in every mission, those the import created too
    page = client.get("/all-missions/2023-24?unit=dollars")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for node in un_file["nodes"]:
        if node["tier"] == "mission":
            assert f'>{node["code"]}<' in text and f'{node["amount"]:,}' in text, node["code"]
    assert f"{4967008500:,}" in text  # the total of the twelve


def test_a_figure_corrected_by_hand_after_an_import_is_not_overwritten_by_the_next(client, db, demo, classes_of_2023):
    """A figure on the import's own line that an administrator corrected in the form keeps the
    import's provenance and note (the form keeps them), but it is no longer the import's: the same
    file imported again is refused, naming it, rather than put the file's figure back silently."""
    import_un_budget(db, UN_FILE.read_bytes(), user_id=None)
    db.commit()
    amount = db.scalar(select(BudgetAmount).join(BudgetLine).join(Mission).where(
        Mission.code == "UNDOF", BudgetLine.ref.startswith("UN-III-"), BudgetAmount.stage == BudgetStage.EXPENDITURE)
        .order_by(BudgetLine.ref).limit(1))
    login(client, "admin")
    form = {key: value for key, value in initial_data(SPECS["budget-amounts"], amount).items()}
    corrected = client.post(f"/m/UNDOF/2023-24/records/budget-amounts/{amount.id}/edit",
                            data={**form, "amount": "123456", "reason": "Corrected from the mission's accounts"})
    assert corrected.status_code == 302
    db.expire_all()
    assert db.get(BudgetAmount, amount.id).amount == Decimal("123456.00")
    assert db.get(BudgetAmount, amount.id).provenance is Provenance.VERIFIED  # as the form kept it
    db.commit()  # what the request saved, seen from here
    problems = refused(db, UN_FILE.read_bytes())
    assert len(problems) == 1 and problems[0].startswith("UNDOF 2023/24, ")
    assert "a figure entered by hand (123,456.00) is recorded already" in problems[0]
    assert db.get(BudgetAmount, amount.id).amount == Decimal("123456.00")


@pytest.mark.parametrize(("broken", "expected"), [
    ("parent_is_a_list", "names its parent by ['MINURSO'], not by an id"),
    ("source_is_text", "MINURSO: symbol is missing"),
    ("year_out_of_range", "The file's fiscal year '9999/00' is not a UN budget period"),
    ("five_thousand_digits", "is not a whole number of dollars below ten trillion"),
])
def test_a_malformed_node_is_a_problem_of_the_file_not_an_error(client, db, demo, classes_of_2023, un_file, broken,
                                                                expected):
    """Files crafted or damaged in ways the layout check alone lets through: each is refused with
    its problem on the page (422), nothing saved."""
    minurso = next(node for node in un_file["nodes"] if node["id"] == "MINURSO")
    medical = next(node for node in un_file["nodes"] if node.get("parentId") == "MINURSO~operational_costs")
    if broken == "parent_is_a_list":
        medical["parentId"] = ["MINURSO"]
    elif broken == "source_is_text":
        minurso["source"] = "A/79/736"
    elif broken == "year_out_of_range":
        un_file["meta"]["fiscalYear"] = "9999/00"
    data = as_bytes(un_file)
    if broken == "five_thousand_digits":
        data = data.replace(b'"amount": 64209100', b'"amount": ' + b"9" * 5000, 1)
    assert any(expected in problem for problem in refused(db, data))
    login(client, "admin")
    checked = upload(client, data)
    assert checked.status_code == 422 and expected in checked.get_data(as_text=True).replace("&#39;", "'")


def test_two_labels_read_as_one_class_are_recorded_as_their_sum(db, classes_of_2023, un_file):
    """A mission's item split in two, the second under an alias of the same class ("Consultant"):
    one line of the class, with the sum, which the file's own arithmetic has checked."""
    consultants = next(node for node in un_file["nodes"]
                       if node.get("parentId") == "MINUSCA~operational_costs" and node["label"].startswith("Consult"))
    whole = consultants["amount"]
    consultants["amount"] = whole - 100_000
    un_file["nodes"].append({**consultants, "id": consultants["id"] + "~second", "label": "Consultant",
                             "amount": 100_000})
    import_un_budget(db, as_bytes(un_file), user_id=None)
    amounts = db.scalars(select(BudgetAmount.amount).join(BudgetLine).join(Mission).join(
        ExpenditureClass, ExpenditureClass.id == BudgetLine.class_id).where(
        Mission.code == "MINUSCA", ExpenditureClass.code == "consultants")).all()
    assert amounts == [Decimal(whole)]


def test_a_class_added_later_takes_a_line_reference_of_its_own(db, classes_of_2023, un_file):
    """An administrator's new class moves the positions of the classes after it, from which a
    line's reference is made: the import's new line must not take the reference of another's."""
    import_un_budget(db, as_bytes(un_file), user_id=None)
    db.commit()
    civilian = db.scalar(select(ExpenditureGroup).where(ExpenditureGroup.code == "civilian_personnel"))
    volunteers = db.scalar(select(ExpenditureClass).where(ExpenditureClass.code == "united_nations_volunteers"))
    newcomer = ExpenditureClass(group_id=civilian.id, code="temporary_civilian_staff", name="Temporary civilian staff",
                                position=volunteers.position)
    volunteers.position += 1
    db.add(newcomer)
    db.commit()
    db.expire_all()
    recommended = copy.deepcopy(un_file)
    recommended["meta"]["measure"] = "recommended"
    international = next(node for node in recommended["nodes"] if node["id"].startswith("MINUSCA~civilian")
                         and node["label"] == "International staff")
    international["amount"] -= 1000
    recommended["nodes"].append({**international, "id": "MINUSCA~civilian_personnel~temporary",
                                 "label": "Temporary civilian staff", "amount": 1000})
    result = import_un_budget(db, as_bytes(recommended), user_id=None)
    assert result.amounts_created == 256
    refs = db.scalars(select(BudgetLine.ref).join(Mission).where(Mission.code == "MINUSCA")).all()
    assert len(refs) == len(set(refs))
