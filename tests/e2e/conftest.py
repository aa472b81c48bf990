"""End-to-end fixtures: pytest-django's live server and the system Chromium driven by Playwright.

Playwright's sync API runs an event loop in the test thread, so Django's async-safety guard
would refuse ORM calls made by the test itself; the flag below lifts it for e2e tests only.
Browsers are never downloaded: the Debian Chromium at /usr/bin/chromium is launched directly.
Without it the tests skip locally, and fail in CI (where .ci/run installs it).
"""

import gzip
import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
RECORDS = Path(__file__).resolve().parents[1] / "cms" / "data" / "document_kinds.jsonl.gz"
CATALOGUE_CODE = "1.004873"  # Thủ tục cấp Giấy xác nhận tình trạng hôn nhân
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


@pytest.fixture
def phone_page(browser):
    """A citizen's page on a 360 px wide phone."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def catalogue_procedure(wagtail_tree):
    """Procedure 1.004873 imported from the national catalogue, with no form built for it (standard flow)."""
    from cms.models import ProcedurePage
    from cms.services import procedures_import
    from tests.factories import home_page_make, procedure_index_make

    with gzip.open(RECORDS, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if f'"{CATALOGUE_CODE}"' in line]
    index = procedure_index_make(home=home_page_make())
    result = procedures_import(records=records, parent=index)
    assert result.created == 1
    return ProcedurePage.objects.get(code=CATALOGUE_CODE)
