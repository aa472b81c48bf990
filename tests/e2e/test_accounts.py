"""A citizen registers by phone in Chromium, on a 360 px phone: code from the SMS outbox, the header
switching from "Đăng nhập / Đăng ký" to "Hồ sơ của tôi / Đăng xuất" and back."""

import re

import pytest

from accounts import sms
from tests.e2e.theme_site import theme_site_make

pytestmark = pytest.mark.django_db(transaction=True)

SCROLL_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_register_by_phone_verify_and_sign_out_on_a_phone(live_server, wagtail_tree, phone_page, tmp_path):
    theme_site_make()
    sms.outbox.clear()
    page = phone_page
    page.goto(live_server.url + "/")
    header = page.locator(".account-nav")
    assert header.get_by_role("link", name="Đăng nhập").is_visible()
    assert page.evaluate(SCROLL_WIDTH) <= 360

    header.get_by_role("link", name="Đăng ký").click()
    assert page.evaluate(SCROLL_WIDTH) <= 360
    page.get_by_role("textbox", name="Số điện thoại di động").fill("0912 345 678")
    page.locator("#id_password1").fill("Hoa-sen-nở-2025")
    page.locator("#id_password2").fill("Hoa-sen-nở-2025")
    page.get_by_role("button", name="Đăng ký").click()

    page.get_by_role("heading", name="Nhập mã xác minh số điện thoại").wait_for()
    page.screenshot(path=str(tmp_path / "ma-xac-minh-360.png"), full_page=True)
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1].body).group(1)
    page.locator("#id_code").fill(code)
    page.get_by_role("button", name="Xác nhận").click()

    page.get_by_role("heading", name="Hồ sơ của tôi").wait_for()
    assert header.get_by_role("button", name="Đăng xuất").is_visible()
    assert page.evaluate(SCROLL_WIDTH) <= 360
    header.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(live_server.url + "/")
    assert header.get_by_role("link", name="Đăng nhập").is_visible()
