"""The accounts page as an administrator uses it: create an account of one mission, deactivate it
after confirming, see it in the list and its history (screenshots are kept, English and French)."""

import pytest
from playwright.sync_api import expect

from cpas.models import Mission
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_data_entry import log_in

pytestmark = pytest.mark.e2e


def test_an_administrator_creates_then_deactivates_an_account(page, db, demo, database_kind):
    log_in(page, "admin")
    db.add(Mission(code="MINUSCA", name="Multidimensional Integrated Stabilization Mission in the Central African "
                   "Republic", country="Central African Republic"))
    db.commit()
    page.locator("#account-menu").click()
    page.get_by_role("link", name="Accounts").click()
    page.get_by_role("link", name="New account").click()
    page.get_by_label("Login").fill("fatou.diallo@un.org")
    page.get_by_label("Name").fill("Fatou Diallo")
    page.get_by_label("Role in every mission").select_option(label="None: roles by mission only")
    page.get_by_label("MINUSMA").select_option(label="Budget reviewer")
    page.get_by_label("Temporary password").fill("first-day-2026")
    page.get_by_role("button", name="Create the account").click()
    expect(page.get_by_role("heading", name="Account fatou.diallo@un.org")).to_contain_text("Temporary password")
    page.get_by_label("MINUSCA").select_option(label="Planning officer")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("main")).to_contain_text("Roles by mission changed")
    expect(page.locator("main")).to_contain_text("MINUSCA: Planning officer; MINUSMA: Budget reviewer")

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.get_by_label("Active").uncheck()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", name="Account fatou.diallo@un.org")).to_contain_text("Deactivated")
    assert dialogs and "Deactivate fatou.diallo@un.org?" in dialogs[0]
    expect(page.locator("main")).to_contain_text("Account deactivated")

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"account-page-{database_kind}.png"), full_page=True)
    page.get_by_role("link", name="Back to the accounts").click()
    row = page.get_by_role("row").filter(has_text="fatou.diallo@un.org")
    expect(row).to_contain_text("Deactivated")
    expect(row).to_contain_text("MINUSCA: Planning officer; MINUSMA: Budget reviewer")
    page.screenshot(path=str(ARTIFACTS / f"accounts-{database_kind}.png"), full_page=True)
    page.goto("/admin/users?lang=fr")
    expect(page.get_by_role("row").filter(has_text="fatou.diallo@un.org")).to_contain_text("Désactivé")
    page.screenshot(path=str(ARTIFACTS / f"accounts-fr-{database_kind}.png"), full_page=True)
    page.get_by_role("link", name="fatou.diallo@un.org").click()
    expect(page.locator("main")).to_contain_text("Rôles par mission modifiés")
    page.screenshot(path=str(ARTIFACTS / f"account-page-fr-{database_kind}.png"), full_page=True)
