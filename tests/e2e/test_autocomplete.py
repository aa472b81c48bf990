"""Autocomplete in a real Chromium: the ARIA combobox on /tra-cuu/ and on any field carrying
``data-autocomplete-url`` (the header box once the theme marks it), keyboard driven."""

import pytest

from tests.factories import home_page_make, procedure_index_make, procedure_make


@pytest.fixture
def procedures(wagtail_tree):
    index = procedure_index_make(home=home_page_make())
    return [
        procedure_make(parent=index, title="Thủ tục đăng ký khai sinh", code="1.001193"),
        procedure_make(parent=index, title="Thủ tục đăng ký kết hôn", code="1.000894"),
    ]


def test_search_page_field_is_a_keyboard_combobox(live_server, page, procedures):
    page.goto(live_server.url + "/tra-cuu/")
    field = page.locator("#tim-kiem-thu-tuc")  # the page's own box (the header may have one too)
    assert field.get_attribute("role") == "combobox"
    assert field.get_attribute("aria-expanded") == "false"
    with page.expect_response(lambda r: "suggest?q=dang%20ky%20kh" in r.url) as answer:
        field.press_sequentially("dang ky kh", delay=20)
    assert answer.value.ok, answer.value.text()
    listbox = page.locator("#" + field.get_attribute("aria-controls"))
    listbox.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    assert listbox.get_attribute("role") == "listbox" and listbox.get_attribute("aria-label") == "Gợi ý thủ tục"
    options = listbox.locator("[role=option]")
    assert options.all_inner_texts() == ["Thủ tục đăng ký khai sinh 1.001193"]
    assert page.locator("[style]").count() == 0  # nothing styled inline (CSP)

    field.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    assert options.first.get_attribute("aria-selected") == "true"
    field.press("Escape")  # closes the list and keeps what was typed (a search field would clear it)
    assert field.input_value() == "dang ky kh"
    assert field.get_attribute("aria-expanded") == "false"
    assert not listbox.is_visible()
    assert field.get_attribute("aria-activedescendant") is None

    field.press_sequentially("e", delay=20)  # "dang ky khe" → nothing; back to "kh" shows it again
    field.press("Backspace")
    listbox.wait_for()
    field.press("ArrowDown")
    field.press("Enter")
    page.wait_for_url(live_server.url + procedures[0].url)


def test_any_marked_field_is_enhanced_once(live_server, page, procedures):
    page.goto(live_server.url + "/tra-cuu/")
    page.evaluate(
        """() => {
            const field = document.createElement("input");
            field.type = "search";
            field.setAttribute("aria-label", "Tìm nhanh");
            field.setAttribute("data-autocomplete-url", "/api/search/suggest");
            document.querySelector("header").appendChild(field);
            const again = document.createElement("script");  // the header's own copy of the script
            again.src = document.querySelector("script[src*='autocomplete']").src;
            document.body.appendChild(again);
        }"""
    )
    field = page.get_by_role("combobox", name="Tìm nhanh")
    field.wait_for()
    field.press_sequentially("ket hon", delay=20)
    listbox = page.locator("#" + field.get_attribute("aria-controls"))
    listbox.wait_for()
    assert listbox.locator("[role=option]").all_inner_texts() == ["Thủ tục đăng ký kết hôn 1.000894"]
    # One listbox per enhanced field (the page's, the header's once marked, this one), not one
    # per copy of the script.
    assert page.locator("[role=listbox]").count() == page.locator("input[data-autocomplete-ready]").count() >= 2
