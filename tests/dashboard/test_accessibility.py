"""Every dashboard page passes axe-core with no serious or critical violation (in Chromium).

axe-core comes from npm (.ci/run installs it into .axe/); the test injects it into each page.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from coach.db import make_engine
from tests import factories
from tests.dashboard.browser import BROWSER, Server, chromium, coach_server
from tests.dashboard.test_browser import PASSWORD, invite_link
from tests.services import ROOT, unavailable

pytestmark = pytest.mark.browser
AXE = ROOT / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 3)}));
}"""


def violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(RUN_AXE)
    return [v for v in found if v["impact"] in ("serious", "critical")]


def test_every_page_passes_axe_core(tmp_path: Path) -> None:
    if not AXE.exists():
        unavailable(
            f"{AXE} not found: npm install --prefix .axe axe-core (as .ci/run does)",
            variable=BROWSER,
        )
    with coach_server(tmp_path) as server, chromium() as browser:
        # Playwright injects axe as an inline script: only the test's context bypasses the CSP.
        context = browser.new_context(
            base_url=server.url, bypass_csp=True, viewport={"width": 390, "height": 844}
        )
        page = context.new_page()
        check_pages(server, page, tmp_path)
        context.close()


def check_pages(server: Server, page: Page, tmp_path: Path) -> None:
    problems: dict[str, list[dict[str, Any]]] = {}

    def check(name: str) -> None:
        found = violations(page)
        if found:
            problems[name] = found

    link = invite_link(server, "Dana Owner", "dana@clinic.example")
    page.goto(link)
    check("set password")
    page.get_by_label("New password").fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Set password").click()
    check("sign in")
    page.get_by_label("Email").fill("dana@clinic.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    check("inbox, empty")
    page.goto("/app/enroll")
    page.get_by_role("button", name="Enroll").click()
    check("enroll with errors")
    page.get_by_label("Mobile phone").fill("(212) 555-0123")
    page.get_by_label("First name (optional)").fill("Sam")
    page.get_by_role("button", name="Enroll").click()
    expect(page.get_by_role("heading", name="Sam")).to_be_visible()
    check("patient")
    patient_id = int(re.findall(r"/app/patients/(\d+)", page.url)[0])
    engine = make_engine(server.database_url)
    with Session(engine) as session:
        factories.alert(session, patient_id, urgent=True)
        factories.pain(session, patient_id, [7, 6, 6, 4], start=datetime.now(UTC))
        factories.exercise(session, patient_id, "chin-tuck", True)
    engine.dispose()
    page.goto("/app/alerts")
    check("alerts")
    server.text_from("+12125550123", "can I still go to my yoga class this week?", "SM" + "2" * 32)
    page.goto("/app/inbox")
    check("inbox")
    page.get_by_role("link", name="Sam").click()
    expect(page.locator("ol.thread")).to_contain_text("yoga class")
    thread_id = int(page.url.rsplit("/", 1)[1])
    check("thread")
    page.goto(f"/app/patients/{patient_id}/unenroll")
    check("confirm")
    page.goto("/app/patients")
    expect(page.locator("svg.spark circle")).to_have_count(4)
    check("patients")
    page.goto(f"/app/patients/{patient_id}/edit")
    page.get_by_label("Quiet hours end").fill("8 am")
    page.get_by_role("button", name="Save changes").click()
    check("edit with errors")
    page.goto("/app/import")
    check("import")
    csv = tmp_path / "two-bad.csv"
    csv.write_text(
        "phone,first_name,timezone,language,channel,program,consent_given_at,consent_method\n"
        "+12125550101,Ana,America/New_York,en,sms,neck-4wk,2026-06-09T10:00:00-04:00,form\n"
        "not a phone,Bo,America/New_York,en,sms,neck-4wk,2026-06-09T10:00:00-04:00,form\n"
    )
    page.get_by_label("CSV file").set_input_files(str(csv))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-errors tbody tr")).to_have_count(1)
    check("import outcome")
    page.goto("/app/programmes?program=neck-4wk&language=es")
    check("programmes")
    page.goto("/app/account")
    check("account")
    page.goto("/app/patients/999999")
    check("not found")
    page.goto("/app/patients/abc")
    check("error page")
    page.goto(f"/app/inbox/{thread_id}")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("alert")).to_contain_text("type the note first")
    check("thread with an error")
    page.get_by_role("button", name="Sign out").click()
    page.goto("/app/patients")
    expect(page.get_by_text("Sign in to go on where you were.")).to_be_visible()
    check("sign in again")
    assert problems == {}
