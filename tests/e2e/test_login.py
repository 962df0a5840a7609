"""An officer logs in through the real login form, lands on what awaits it, and opens the mission's
overview."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e


def test_officer_logs_in_and_sees_the_home_page(page, demo, database_url):
    page.goto("/")
    assert "/login" in page.url  # an anonymous visitor is sent to the login form
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()

    page.get_by_label("Login").fill("officer")
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="My work, MINUSMA 2019/20")).to_be_visible()
    page.locator("nav.navbar").get_by_role("link", name="Overview", exact=True).click()
    expect(page.get_by_role("heading", name="MINUSMA · Budget period 2019/20")).to_be_visible()
    totals = page.locator("#budget-totals")
    expect(totals).to_contain_text("$1,149,778,800")
    expect(totals).to_contain_text("$1,146,057,900")
    expect(totals).to_contain_text("$1,138,457,900")
    expect(page.locator("#budget-headline")).to_contain_text("$11,320,900 (0.98%) below the Secretary-General")
    # Bootstrap came from our own server: the navigation bar is styled (not the browser default).
    assert page.locator("nav.navbar").evaluate("e => getComputedStyle(e).display") == "flex"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"home-{database_url.split(':')[0].split('+')[0]}.png"), full_page=True)


def test_a_wrong_password_shows_one_message_in_the_browser(page, demo):
    page.goto("/login")
    page.get_by_label("Login").fill("officer")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text("Invalid login or password.")
