"""No internal code reaches a user: every enum member has a label, French differs from English."""

import enum
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

import cpas.models
from cpas.labels import ENUM_LABELS, REFERENCE_LABELS

MODEL_ENUMS = sorted({value for value in vars(cpas.models).values()
                      if isinstance(value, type) and issubclass(value, enum.Enum)}, key=lambda e: e.__name__)
# Written the same in French (checked to be in the catalogue, translated, rather than missed).
SAME_IN_FRENCH = {cpas.models.Pillar.POLICE, cpas.models.PostGrade.D2_D1, cpas.models.PostGrade.P5_P4,
                  cpas.models.PostGrade.P3_P1}
CATALOGUE = Path(__file__).resolve().parent.parent / "cpas/translations/fr/LC_MESSAGES/messages.po"
MEMBERS = [member for enum_class in MODEL_ENUMS for member in enum_class]


def test_the_models_have_enums_to_check():
    assert {"BudgetStage", "ReportKind", "IndicatorValueKind", "PostGrade"} <= {e.__name__ for e in MODEL_ENUMS}


@pytest.mark.parametrize("member", MEMBERS, ids=str)
def test_every_enum_member_has_a_label_that_is_translated(app, member):
    assert member in ENUM_LABELS, f"{member} has no label in cpas/labels.py"
    with app.test_request_context():
        with force_locale("en"):
            english = str(ENUM_LABELS[member])
        with force_locale("fr"):
            french = str(ENUM_LABELS[member])
    assert english != member.value, (member, english)
    if member in SAME_IN_FRENCH:
        with CATALOGUE.open("rb") as handle:
            assert read_po(handle, locale="fr")[english].string == french
    else:
        assert french != english, (member, english, french)


def test_the_seeded_classes_of_expenditure_have_french_names(app, db):
    from sqlalchemy import select

    from cpas.labels import label
    from cpas.models import ExpenditureClass
    classes = db.scalars(select(ExpenditureClass)).all()
    assert len(classes) >= 21
    with app.test_request_context():
        for expenditure_class in classes:
            assert expenditure_class.code in REFERENCE_LABELS, expenditure_class.code
            with force_locale("fr"):
                assert label(expenditure_class) != expenditure_class.name or expenditure_class.code == "medical"


def test_a_duplicate_names_the_stage_by_its_label_not_its_code(client, demo):
    from tests.conftest import login
    login(client, "officer")
    form = {"line": "BL-001", "stage": "approved", "amount": "1", "provenance": "entered"}
    page = client.post("/m/MINUSMA/2019-20/records/budget-amounts/new", data=form).get_data(as_text=True)
    assert "Budget amount BL-001 · Approved exists already." in page
    french = client.post("/m/MINUSMA/2019-20/records/budget-amounts/new?lang=fr", data=form).get_data(as_text=True)
    assert "BL-001 · Approuvé" in french and "· approved" not in french


def test_a_variance_explanation_shows_its_report_by_label(client, demo, db):
    from sqlalchemy import select

    from cpas.models import BudgetPeriod, ExpenditureClass, Mission, ReportKind, VarianceCause, VarianceExplanation
    from tests.conftest import login
    explanation = VarianceExplanation(
        mission_id=db.scalar(select(Mission.id).where(Mission.code == "MINUSMA")),
        period_id=db.scalar(select(BudgetPeriod.id).where(BudgetPeriod.label == "2019/20")),
        class_id=db.scalar(select(ExpenditureClass.id).where(ExpenditureClass.code == "official_travel")),
        report_kind=ReportKind.PERFORMANCE, cause=VarianceCause.MANAGEMENT, text="Fewer trips.")
    db.add(explanation)
    db.commit()
    login(client, "officer")
    page = client.get(f"/m/MINUSMA/2019-20/records/variance-explanations/{explanation.id}").get_data(as_text=True)
    assert "PERFORMANCE" not in page and "Performance report" in page
    french = client.get(f"/m/MINUSMA/2019-20/records/variance-explanations/{explanation.id}?lang=fr")
    french_page = french.get_data(as_text=True)
    assert "Rapport sur l’exécution" in french_page and "Voyages officiels" in french_page
