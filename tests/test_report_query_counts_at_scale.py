"""Reports that load a period's activities with their outputs make the same number of queries
with a few outputs or more than 500: a selectin load asks 500 ids a query, so loading the outputs
by their ids took one more query each 500 (the coverage report and the RBB and performance
workbooks at ten times the UN's CPAS: 539 outputs)."""

from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import func, insert, select

from cpas.models import (
    Activity,
    BudgetPeriod,
    ExpectedAccomplishment,
    MandatedTask,
    Mission,
    Output,
    Pillar,
    activity_tasks,
)
from tests.conftest import login

BASE = "/m/MINUSMA/2019-20/reports"
PAGES = ["/coverage", "/rbb.xlsx", "/performance.xlsx"]


def add_activities_with_outputs(session, count: int, start: int) -> None:
    """``count`` activities serving a task in force, each with an output of its own."""
    mission = session.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = session.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    accomplishment = session.scalar(select(ExpectedAccomplishment).order_by(ExpectedAccomplishment.id).limit(1)
                                    .where(ExpectedAccomplishment.component.has(period_id=period.id)))
    task = session.scalar(select(MandatedTask).where(MandatedTask.paragraph_ref == "OP 21"))
    outputs = session.scalars(insert(Output).returning(Output.id), [
        {"expected_accomplishment_id": accomplishment.id, "position": 1000 + number, "description": f"Output {number}"}
        for number in range(start, start + count)]).all()
    activities = session.scalars(insert(Activity).returning(Activity.id), [
        {"mission_id": mission.id, "period_id": period.id, "ref": f"S-{number}", "title": f"Scaled {number}",
         "pillar": Pillar.JOINT, "output_id": output_id}
        for number, output_id in zip(range(start, start + count), outputs, strict=True)]).all()
    session.execute(insert(activity_tasks), [{"activity_id": activity_id, "task_id": task.id}
                                             for activity_id in activities])
    session.commit()


def counts(client, count_queries) -> dict[str, int]:
    found = {}
    for page in PAGES:
        with count_queries() as counter:
            assert client.get(BASE + page).status_code == 200, page
        found[page] = counter.count
    return found


def test_reports_of_activities_and_outputs_make_the_same_queries_past_500_outputs(client, demo, db, count_queries):
    add_activities_with_outputs(db, 3, 0)
    login(client, "reviewer")
    small = counts(client, count_queries)
    add_activities_with_outputs(db, 600, 3)
    assert counts(client, count_queries) == small
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    serving = db.scalar(select(func.count()).select_from(activity_tasks).join(Activity).join(MandatedTask)
                        .where(MandatedTask.paragraph_ref == "OP 21", Activity.period_id == period.id))
    coverage = client.get(f"{BASE}/coverage").get_data(as_text=True)
    row = next(row for row in coverage.split("<tr") if "OP 21" in row)
    assert serving > 600 and f">{serving}<" in row  # every activity counted, not just loaded


def test_the_data_workbook_makes_the_same_queries_past_500_records_referenced(client, demo, db, count_queries):
    """Its activities sheet names each activity's output and tasks: loaded in one query each for
    the whole sheet, not one for every 500 records."""
    add_activities_with_outputs(db, 3, 0)
    login(client, "officer")

    def download() -> tuple[int, int]:
        with count_queries() as counter:
            response = client.get("/m/MINUSMA/2019-20/workbook/download")
        assert response.status_code == 200
        activities = load_workbook(BytesIO(response.data), read_only=True)["Activities"]
        return counter.count, sum(1 for row in activities.iter_rows(min_row=2, values_only=True) if row[1])

    small, activities_before = download()
    add_activities_with_outputs(db, 600, 3)
    large, activities_after = download()
    assert activities_after == activities_before + 600
    assert large == small
