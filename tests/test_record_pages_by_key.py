"""Record lists read page by page by key (cpas/entry/listing.py): the next page is the records
after the last one shown, the previous those before the first, the last the first page of the
reversed order; every page in the list's own order, whatever its sort, filters or NULLs."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from cpas.models import Activity, BudgetAmount, BudgetLine, BudgetPeriod, Mission, Pillar
from tests.conftest import login

BASE = "/m/MINUSMA/2019-20/records"
POSITION = re.compile(r'id="page-position"[^>]*>Records ([\d,]+) to ([\d,]+) of ([\d,]+)<')


@pytest.fixture
def five_a_page(make_app, demo):
    app = make_app(ROWS_PER_PAGE=5)
    client = app.test_client()
    login(client, "officer")
    return client


def first_column(page: str) -> list[str]:
    """The first cell of each row of the list: a record's key, linked to its page."""
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<tr>\s*<td[^>]*>\s*<a [^>]*>([^<]*)</a>", body)]


def link(page: str, label: str) -> str | None:
    found = re.search(rf'href="([^"]+)"[^>]*aria-label="{label}"', page)
    return found.group(1).replace("&amp;", "&") if found else None


def position(page: str) -> tuple[int, int, int]:
    return tuple(int(number.replace(",", "")) for number in POSITION.search(page).groups())


def walk(client, start: str, label: str) -> list[tuple[tuple, list[str]]]:
    """Every page from ``start`` following the link ``label`` (Next page, Previous page)."""
    pages, address = [], start
    while address:
        page = client.get(address).get_data(as_text=True)
        pages.append((position(page), first_column(page)))
        address = link(page, label)
        assert len(pages) < 50
    return pages


def whole_list(make_app, path: str) -> list[str]:
    app = make_app(ROWS_PER_PAGE=1000)
    client = app.test_client()
    login(client, "officer")
    return first_column(client.get(path).get_data(as_text=True))


@pytest.mark.parametrize("query", ["", "sort=ref&dir=desc", "stage=approved", "sort=amount&dir=desc"])
def test_next_and_previous_walk_the_whole_list_in_its_order(five_a_page, make_app, query):
    expected = whole_list(make_app, f"{BASE}/budget-amounts/?{query}")
    forward = walk(five_a_page, f"{BASE}/budget-amounts/?{query}", "Next page")
    assert [row for _, rows in forward for row in rows] == expected
    assert [where for where, _ in forward][:2] == [(1, 5, len(expected)), (6, 10, len(expected))]
    assert forward[-1][0] == (len(expected) - (len(expected) - 1) % 5, len(expected), len(expected))
    # From the last page back: the last page holds the last five, then five by five to the first.
    backward = walk(five_a_page, f"{BASE}/budget-amounts/?{query}&page=last", "Previous page")
    assert backward[0] == ((len(expected) - 4, len(expected), len(expected)), expected[-5:])
    assert backward[-1] == ((1, 5, len(expected)), expected[:5])
    shown = [row for _, rows in reversed(backward) for row in rows]
    assert list(dict.fromkeys(shown)) == expected  # the first page (whole) may repeat what the second showed


def test_the_first_page_offers_no_previous_and_the_last_no_next(five_a_page):
    first = five_a_page.get(f"{BASE}/budget-amounts/").get_data(as_text=True)
    assert link(first, "Previous page") is None and link(first, "First page") is None
    assert link(first, "Next page").endswith("?after=" + re.search(r"after=(\d+)", first).group(1))
    assert link(first, "Last page").endswith("?page=last")
    last = five_a_page.get(link(first, "Last page")).get_data(as_text=True)
    assert position(last) == (65, 69, 69)
    assert link(last, "Next page") is None and link(last, "Last page") is None
    assert link(last, "First page").endswith("/budget-amounts/")
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_a_page_keeps_the_filters_search_and_sort(five_a_page):
    first = five_a_page.get(f"{BASE}/budget-amounts/?stage=approved&sort=amount&dir=desc").get_data(as_text=True)
    following = link(first, "Next page")
    assert "stage=approved" in following and "sort=amount" in following and "dir=desc" in following
    assert position(five_a_page.get(following).get_data(as_text=True)) == (6, 10, 23)


def test_a_page_after_a_record_outside_the_list_is_the_first_page(five_a_page, db):
    gone = db.scalar(select(func.max(BudgetAmount.id))) + 1  # deleted, or never was
    elsewhere = db.scalar(select(BudgetAmount.id).join(BudgetLine).join(BudgetPeriod)
                          .where(BudgetPeriod.label != "2019/20").limit(1))  # another period's
    for record_id in (gone, elsewhere):
        if record_id is not None:
            page = five_a_page.get(f"{BASE}/budget-amounts/?after={record_id}").get_data(as_text=True)
            assert position(page) == (1, 5, 69)
            page = five_a_page.get(f"{BASE}/budget-amounts/?before={record_id}").get_data(as_text=True)
            assert position(page) == (1, 5, 69)


def test_nulls_sort_first_going_up_and_last_going_down_on_every_page(five_a_page, make_app, db):
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    for number in range(12):  # undated activities, and several on one day: ties broken by id
        db.add(Activity(mission_id=mission.id, period_id=period.id, ref=f"N-{number:02d}", title=f"Undated {number}",
                        pillar=Pillar.JOINT, starts_on=None if number % 3 else date(2019, 10, 1)))
    db.commit()
    for query in ("sort=starts_on", "sort=starts_on&dir=desc"):
        expected = whole_list(make_app, f"{BASE}/activities/?{query}")
        forward = walk(five_a_page, f"{BASE}/activities/?{query}", "Next page")
        assert [row for _, rows in forward for row in rows] == expected, query
        backward = walk(five_a_page, f"{BASE}/activities/?{query}&page=last", "Previous page")
        assert list(dict.fromkeys(row for _, rows in reversed(backward) for row in rows)) == expected, query
    going_up = whole_list(make_app, f"{BASE}/activities/?sort=starts_on")
    assert going_up[0].startswith("N-") and going_up[:8] == sorted(going_up[:8])  # undated first, by id


def test_every_page_of_a_list_makes_the_same_number_of_queries_on_small_and_large_data(
        five_a_page, db, count_queries):
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))

    def add(count, start):
        db.add_all(Activity(mission_id=mission.id, period_id=period.id, ref=f"K-{number:03d}", title=f"Keyed {number}",
                            pillar=Pillar.JOINT, starts_on=date(2019, 9, 1)) for number in range(start, start + count))
        db.commit()

    add(12, 0)
    anchor = db.scalar(select(Activity.id).where(Activity.ref == "K-006"))
    paths = [f"{BASE}/activities/", f"{BASE}/activities/?page=last", f"{BASE}/activities/?after={anchor}",
             f"{BASE}/activities/?before={anchor}", f"{BASE}/activities/?sort=title&dir=desc&after={anchor}"]

    def counts():
        found = {}
        for path in paths:
            with count_queries() as counter:
                assert five_a_page.get(path).status_code == 200
            found[path] = counter.count
        return found

    small = counts()
    add(200, 12)
    assert counts() == small
