"""Steps shared by the Chromium journeys: the officer's sign-in to the back office, opening a dossier
there, and reading the one-time code from the SMS outbox (the live server runs in this process)."""

import re

from accounts import sms


def officer_sign_in(page, live_server, *, username: str, password: str) -> None:
    """Sign a staff member in through the Wagtail admin's login page (staff log in only there)."""
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()


def officer_open_dossier(page, live_server, *, code: str) -> None:
    """Open a dossier from the back office's "Hồ sơ" list by its code."""
    page.goto(f"{live_server.url}/admin/forms/dossier/")
    page.locator("tr", has_text=code).get_by_role("link", name="Mở", exact=True).click()
    page.wait_for_load_state()


def sms_code() -> str:
    """The six-digit code of the last SMS sent (``accounts.sms.outbox``)."""
    return re.search(r"\b(\d{6})\b", sms.outbox[-1].body).group(1)
