"""Every page and report counts only the period in its address: a mission's tasks are served by
activities in every period, and a page of 2018/19 shows those of 2018/19 (issue 9, item 3)."""

from datetime import date

import pytest
from sqlalchemy import select

from cpas.models import Activity, BudgetPeriod, MandatedTask, Mission, Pillar
from cpas.reports.assembly import coverage_report
from tests.conftest import login
from tests.report_settings import plain_settings

OPERATION = "Integrated operation to protect civilians in Mopti and Ségou"  # the demo's, 2019/20
EARLIER = "Made-up 2018/19 patrols in Central Mali"


@pytest.fixture
def two_periods(db, demo):
    """The demo (its activities in 2019/20) and one made-up activity in 2018/19 for the same task."""
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    earlier = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2018/19"))
    task = db.scalar(select(MandatedTask).where(MandatedTask.paragraph_ref == "OP 21"))
    activity = Activity(mission_id=mission.id, period_id=earlier.id, ref="A-901", title=EARLIER,
                        pillar=Pillar.MILITARY, region="Mopti", starts_on=date(2018, 11, 1), ends_on=date(2018, 12, 31))
    activity.tasks.append(task)
    db.add(activity)
    db.commit()
    return mission, task


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_a_tasks_page_lists_the_activities_of_its_period_only(client, two_periods):
    _, task = two_periods
    login(client, "officer")
    earlier = page(client, f"/m/MINUSMA/2018-19/records/mandated-tasks/{task.id}")
    later = page(client, f"/m/MINUSMA/2019-20/records/mandated-tasks/{task.id}")
    assert EARLIER in earlier and OPERATION not in earlier
    assert OPERATION in later and EARLIER not in later


def test_mandate_coverage_counts_the_activities_of_its_period_only(db, two_periods):
    mission, task = two_periods
    counts = {}
    for label in ("2018/19", "2019/20"):
        period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == label))
        table = coverage_report(db, mission, period, plain_settings())
        counts[label] = next(row.get("activities") for row in table.rows if row.get("task_id") == task.id)
    assert counts == {"2018/19": 1, "2019/20": 1}  # not 2 in each


def test_the_mandate_page_counts_the_activities_of_its_period_only(db, client, two_periods):
    mission, task = two_periods
    db.add(Activity(mission_id=mission.id, period_id=db.scalar(select(BudgetPeriod.id).where(
        BudgetPeriod.label == "2018/19")), ref="A-902", title="Another made-up 2018/19 activity",
        pillar=Pillar.CIVILIAN, tasks=[task]))
    db.commit()
    login(client, "leader")
    earlier = page(client, "/m/MINUSMA/2018-19/mandate/")
    later = page(client, "/m/MINUSMA/2019-20/mandate/")
    row = earlier[earlier.index("OP 21"):][:2000]
    assert '<td class="num">2</td>' in row  # the two of 2018/19
    later_row = later[later.index("OP 21"):][:2000]
    assert '<td class="num">1</td>' in later_row  # the operation of 2019/20 alone
