"""End-to-end fixtures: pytest-django's live server and the system Chromium driven by Playwright.

Playwright's sync API runs an event loop in the test thread, so Django's async-safety guard
would refuse ORM calls made by the test itself; the flag below lifts it for e2e tests only.
Browsers are never downloaded: the Debian Chromium at /usr/bin/chromium is launched directly.
Without it the tests skip locally, and fail in CI (where .ci/run installs it).
"""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Thiếu Chromium tại /usr/bin/chromium trong CI; .ci/run phải cài nó.")
        pytest.skip("Chromium không có tại /usr/bin/chromium; bỏ qua kiểm thử e2e trên máy này.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def wagtail_tree(transactional_db):
    """The Wagtail root page and locale the migrations made; a transactional test flushes them."""
    from tests.forms.factories import wagtail_tree_ensure

    wagtail_tree_ensure()
