"""WCAG 2.2 in Chromium: radio buttons and checkboxes are 24 px targets (2.5.8, target size), and a
wizard step's heading takes the focus after navigation without a focus ring, which controls keep."""

import pytest

from forms.demo import BIRTH
from tests.e2e.test_submission import fill_applicant, next_step
from tests.factories import procedure_make
from tests.forms import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

MINIMUM = 24  # CSS px, WCAG 2.2 success criterion 2.5.8
SCREENSHOT = "/tmp/buoc-nguoi-duoc-khai-sinh-360.png"
FOCUS_STYLE = """() => { const e = document.activeElement, s = getComputedStyle(e);
    return {id: e.id, tag: e.tagName, type: e.type || "", outline: s.outlineStyle,
            width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }"""
BOXES = """selector => Array.from(document.querySelectorAll(selector)).map(e => {
    const r = e.getBoundingClientRect(); return [e.id || e.name, r.width, r.height]; })"""


@pytest.fixture
def birth_form(wagtail_tree):
    procedure = procedure_make(code="1.001193", title="Thủ tục đăng ký khai sinh", slug="dang-ky-khai-sinh")
    return f.form_page_make(procedure=procedure, declaration=BIRTH, slug="dang-ky-khai-sinh", ask_on_behalf=False)


def test_radios_and_checkboxes_are_24px_targets_and_step_headings_take_focus_without_a_ring(
    live_server, page, birth_form
):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(live_server.url + birth_form.url)
    focused = page.evaluate(FOCUS_STYLE)
    assert focused["id"] == "buoc-hien-tai"  # the step heading, for screen readers
    assert focused["outline"] == "none" and focused["shadow"] == "none"

    fill_applicant(page)
    next_step(page)
    assert page.locator("h1").inner_text() == "Người được khai sinh"
    focused = page.evaluate(FOCUS_STYLE)
    assert focused["id"] == "buoc-hien-tai" and focused["outline"] == "none" and focused["shadow"] == "none"

    female = page.get_by_label("Nữ").bounding_box()
    assert female["width"] >= MINIMUM and female["height"] >= MINIMUM
    boxes = page.evaluate(BOXES, 'input[type="radio"], input[type="checkbox"]')
    assert boxes and all(width >= MINIMUM and height >= MINIMUM for _name, width, height in boxes), boxes
    page.screenshot(path=SCREENSHOT, full_page=True)

    # The keyboard still shows where it is on a control: the ring (outline and dark halo) is kept.
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        if focused["type"] == "radio":
            break
    assert focused["type"] == "radio", focused
    assert focused["outline"] == "solid" and focused["width"] >= 3 and focused["shadow"] != "none", focused

    # The directory's filters are checkboxes of the same size.
    page.goto(live_server.url + "/thu-tuc-hanh-chinh/")
    boxes = page.evaluate(BOXES, 'input[type="checkbox"]')
    assert len(boxes) == 2 and all(width >= MINIMUM and height >= MINIMUM for _name, width, height in boxes), boxes
