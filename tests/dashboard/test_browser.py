"""The dashboard in real headless Chromium against `coach serve` on a real port."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.dashboard.browser import Server, chromium, coach_server, daytime_zone
from tests.services import ROOT

pytestmark = pytest.mark.browser
PASSWORD = "a long enough password"
SHOTS = ROOT / "docs" / "screenshots"
# Two taps on a form's button, the second 10 ms later: how many posts the browser sends.
DOUBLE_TAP = """selector => {
  let sent = 0;
  document.addEventListener("submit", event => { if (!event.defaultPrevented) sent += 1; });
  const button = document.querySelector(selector).querySelector("button[type=submit]");
  button.click();
  return new Promise(done => setTimeout(() => { button.click(); done(sent); }, 10));
}"""


def invite_link(server: Server, name: str, email: str) -> str:
    """`coach clinicians create --invite`: the link it prints."""
    out = server.coach("clinicians", "create", "--name", name, "--email", email, "--invite")
    found = re.search(r"(http://\S+/app/invite/\S+)", out)
    assert found, out
    return found.group(1)


def set_password_and_sign_in(page: Page, link: str, email: str) -> None:
    """Follow an invitation, choose a password, sign in with it."""
    page.goto(link)
    page.get_by_label("New password").fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_text("Your password is set")).to_be_visible()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()


def turn_on_totp_and_sign_in_again(page: Page, email: str) -> None:
    """Scan (read) the QR code's key, confirm a code, sign out, sign in with a newer code."""
    page.get_by_role("link", name="Account").click()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    totp = pyotp.TOTP(page.locator("#totp-secret").inner_text())
    page.get_by_label("Code from the app").fill(totp.now())
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_text("Two-step sign-in is on")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("6-digit code")
    page.get_by_label("Password").fill(PASSWORD)
    # The code just used is refused (one use); the next period's is within the clock window.
    page.get_by_label("Code from your authenticator app").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()


def screenshot(page: Page, name: str) -> None:
    """Refresh a README screenshot when asked to (COACH_SCREENSHOTS=1)."""
    if os.environ.get("COACH_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_clinicians_day_in_the_browser(tmp_path: Path) -> None:
    with coach_server(tmp_path) as server, chromium() as browser:
        run_journey(server, browser, tmp_path)


def run_journey(server: Server, browser: Browser, tmp_path: Path) -> None:
    owner_link = invite_link(server, "Dana Owner", "dana@clinic.example")
    other_link = invite_link(server, "Olu Other", "olu@clinic.example")
    context = browser.new_context(base_url=server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    set_password_and_sign_in(page, owner_link, "dana@clinic.example")

    # Enroll: a wrong phone first shows the API's error beside the field.
    page.get_by_role("link", name="Enroll").click()
    page.get_by_label("Mobile phone").fill("12")
    page.get_by_label("First name (optional)").fill("Sam")
    page.get_by_role("button", name="Enroll").click()
    expect(page.locator("#phone-error")).to_contain_text("phone")
    screenshot(page, "enroll")
    # In a zone where it is the working day now: the welcome and the reply below are not
    # held for quiet hours (a national number is read in the zone's country).
    zone = daytime_zone()
    american = zone.startswith(("America/", "Pacific/Honolulu"))
    page.get_by_label("Time zone").fill(zone)
    page.get_by_label("Mobile phone").fill("(212) 555-0123" if american else "+1 212 555 0123")
    page.get_by_role("button", name="Enroll").click()
    expect(page.get_by_role("heading", name="Sam")).to_be_visible()
    patient_url = page.url.split("?")[0]

    # The worker sends the welcome (console transport) within a dispatch tick or two.
    thread = page.locator("ol.thread")
    for _ in range(30):
        if thread.count() and "Riverside Physio" in thread.inner_text():
            break
        page.wait_for_timeout(1000)
        page.reload()
    expect(thread).to_contain_text("Riverside Physio")
    screenshot(page, "patient")

    # Sam asks a question the coach cannot answer: it waits in the inbox; the reply goes out.
    server.text_from("+12125550123", "can I still go to my yoga class this week?", "SM" + "1" * 32)
    page.get_by_role("link", name="Inbox").click()
    page.get_by_role("link", name="Sam").click()
    expect(page.locator("ol.thread")).to_contain_text("yoga class")
    thread_url = page.url
    # A double tap on Send while the page waits for the server: the browser posts once.
    page.route("**/reply", lambda route: route.fulfill(status=204))  # 204: stay on the page
    assert page.evaluate(DOUBLE_TAP, "form[action$='/reply']") == 1
    page.unroute("**/reply")
    page.reload()
    page.get_by_label("Message").fill("Gentle yoga is fine; skip anything that hurts.")
    page.get_by_label("Send even in the patient's quiet hours").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status")).to_contain_text("Sent.")
    expect(page.locator("ol.thread li", has_text="Gentle yoga is fine")).to_have_count(1)
    screenshot(page, "inbox-thread")

    # Sam texts a red flag: the coach raises an urgent alert, acknowledged with a note.
    server.text_from("+12125550123", "my left hand went numb this morning", "SM" + "3" * 32)
    page.get_by_role("link", name="Alerts").click()
    expect(page.get_by_text("Urgent", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Sam")).to_be_visible()
    expect(page.locator("main")).to_contain_text("neurological")
    screenshot(page, "alerts")
    page.get_by_label("Note").fill("Called Sam, booked a visit")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Alert acknowledged.")).to_be_visible()
    expect(page.get_by_text("No open alerts.")).to_be_visible()

    # A CSV with two bad rows: one enrolled, both bad rows listed.
    csv = tmp_path / "patients.csv"
    csv.write_text(
        "phone,first_name,timezone,language,channel,program,consent_given_at,consent_method\n"
        "+12125550101,Ana,America/New_York,en,sms,neck-4wk,2026-06-09T10:00:00-04:00,form\n"
        "not a phone,Bo,America/New_York,en,sms,neck-4wk,2026-06-09T10:00:00-04:00,form\n"
        "+12125550103,Cy,America/New_York,xx,sms,neck-4wk,2026-06-09T10:00:00-04:00,form\n"
    )
    page.get_by_role("link", name="Import CSV").click()
    page.get_by_label("CSV file").set_input_files(str(csv))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status")).to_contain_text("1 enrolled, 0 unchanged, 2 rows")
    rows = page.locator("#import-errors tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("phone")
    expect(rows.nth(1)).to_contain_text("language")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the error report").click()
    report = Path(download.value.path()).read_text().splitlines()
    assert report[0] == "row,column,message" and [r.split(",")[0] for r in report[1:]] == ["3", "4"]

    # Sam's quiet hours change from the patient page; a wrong time is the API's error.
    page.goto(patient_url)
    page.get_by_role("link", name="Edit details and quiet hours").click()
    page.get_by_label("Quiet hours start").fill("25:00")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#quiet_start-error")).to_contain_text("quiet_hours.start")
    page.get_by_label("Quiet hours start").fill("20:00")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_contain_text("Changes saved.")
    expect(page.get_by_text("quiet 20:00")).to_be_visible()

    # Posts without the CSRF token, or from another site, are refused; the session lives on.
    refused = page.request.post(f"{server.url}/app/logout", form={"x": "1"})
    assert refused.status == 403
    token = page.locator('input[name="csrf_token"]').first.get_attribute("value") or ""
    cross = page.request.post(
        f"{server.url}/app/logout",
        form={"csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert cross.status == 403
    page.get_by_role("link", name="Patients", exact=True).click()
    expect(page.get_by_text("2 patients")).to_be_visible()

    # Another clinician sees none of it: the 404 page.
    other = browser.new_context(base_url=server.url).new_page()
    set_password_and_sign_in(other, other_link, "olu@clinic.example")
    turn_on_totp_and_sign_in_again(other, "olu@clinic.example")
    response = other.goto(patient_url)
    assert response is not None and response.status == 404
    expect(other.get_by_role("heading", name="Not found")).to_be_visible()
    other.goto("/app/patients")
    expect(other.get_by_text("0 patients")).to_be_visible()
    response = other.goto(thread_url)
    assert response is not None and response.status == 404
    other.goto("/app/inbox")
    expect(other.get_by_text("No conversations here.")).to_be_visible()
    other.goto("/app/alerts")
    expect(other.get_by_text("No open alerts.")).to_be_visible()

    # Sign out: the patient page needs a new sign-in, which then goes back to it.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.goto(patient_url)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Email").fill("dana@clinic.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Sam")).to_be_visible()
    assert page.url == patient_url
    context.close()
