"""The one-page brief: the dashboard as an A4 PDF for the senior leadership team meeting, in
English and French, its waterfall drawn by the same plotly figure as the page's."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from cpas.db import get_session
from tests.conftest import login
from tests.test_dashboard import add_decisions, add_incidents, add_recommendations_to_decide, add_results

PAGE = "/m/MINUSMA/2019-20/dashboard"
A4_POINTS = (595, 842)  # 210 × 297 mm


def brief(client, language: str):
    response = client.get(f"{PAGE}.pdf?lang={language}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return response, PdfReader(BytesIO(response.data))


def plain(text: str) -> str:
    """The text as one line, with the spaces between a number's digit groups taken out (French
    groups them with narrow no-break spaces)."""
    return re.sub(r"(?<=\d) (?=\d{3})", "", " ".join(text.split()))


@pytest.mark.parametrize(("language", "gaps", "words"), [
    ("en", ("$11,320,900", "$7,600,000"), ("brief for the senior leadership team", "Off track", "Decisions")),
    ("fr", ("11320900 $US", "7600000 $US"), ("note pour l'équipe de direction", "Hors trajectoire", "Décisions")),
])
def test_the_brief_is_one_a4_page_with_both_gaps(client, demo, language, gaps, words):
    login(client, "leader")
    response, reader = brief(client, language)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4_POINTS
    text = plain(page.extract_text())
    for figure in gaps:
        assert figure in text
    for word in words:
        assert word in text
    assert "Civilian deaths from violence against civilians" in text  # the indicator off track
    assert f"MINUSMA-2019-20-brief-{language}.pdf" in response.headers["Content-Disposition"]


@pytest.mark.parametrize(("language", "words"), [
    ("en", ("Trends against the target path", "Threat calendar: the months ahead", "Jan 2020 – Jun 2020",
            "Recommendations awaiting a decision (2)", "and 6 more on the dashboard")),
    ("fr", ("Tendances face à la trajectoire vers l’objectif", "Calendrier des menaces : les mois à venir",
            "Recommandations en attente d’une décision (2)", "et 6 de plus sur le tableau de bord")),
])
def test_a_full_brief_still_fits_one_page(app, client, demo, db, language, words):
    """Every list full, incidents imported, two trends drawn: one page still, in either language."""
    ids = add_decisions(db)
    add_recommendations_to_decide(db, ids["current"])
    add_incidents(db, 1500)
    with app.app_context():
        add_results(get_session(), copies=25)
    login(client, "leader")
    _response, reader = brief(client, language)
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    for word in words:
        assert word in text
    assert text.count("<svg") == 0 and "deaths" in text  # the trends' axes, drawn as vector text


def test_the_dashboard_offers_the_brief_to_every_role(app, demo):
    for user_login in ("leader", "reviewer", "officer"):
        client = app.test_client()
        login(client, user_login)
        assert f'href="{PAGE}.pdf"' in client.get(PAGE).get_data(as_text=True)


def test_the_brief_is_for_signed_in_people_of_the_mission(client, demo):
    assert client.get(f"{PAGE}.pdf").status_code == 302  # to the login
