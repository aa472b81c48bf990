"""The submission wizard's step list stays inside a 360 px phone, whatever the editor calls a step."""

import copy

import pytest

from forms.demo import BIRTH
from tests.e2e.test_submission import fill_applicant, next_step
from tests.factories import procedure_make
from tests.forms import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

# A title without a break opportunity, as an editor may paste one: wider than the phone on its own.
LONG_TITLE = "Ngườiđượckhaisinhtheomẫutờkhaiđăngkýkhaisinh"
STEPS = """() => Array.from(document.querySelectorAll(".progress__step")).map(e => {
    const r = e.getBoundingClientRect(); return [e.textContent.trim().replace(/\\s+/g, " "), r.left, r.right]; })"""


@pytest.fixture
def long_step_form(wagtail_tree):
    declaration = copy.deepcopy(BIRTH)
    declaration[0][1]["title"] = LONG_TITLE
    procedure = procedure_make(code="1.001193", title="Thủ tục đăng ký khai sinh", slug="dang-ky-khai-sinh")
    return f.form_page_make(procedure=procedure, declaration=declaration, slug="dang-ky-khai-sinh", ask_on_behalf=False)


def test_a_long_step_title_wraps_inside_a_360px_phone(live_server, page, long_step_form):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + long_step_form.url)
    for step in ("todo", "current"):
        steps = page.evaluate(STEPS)
        assert steps[1][0] == f"2. {LONG_TITLE}", (step, steps)
        assert all(0 <= left and right <= 360 for _label, left, right in steps), (step, steps)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, step
        page.locator(".progress").screenshot(path=f"/tmp/left17-e2e-steps-{step}.png")
        if step == "todo":
            fill_applicant(page)
            next_step(page)
            assert page.locator('.progress__step[aria-current="step"]').inner_text() == f"2. {LONG_TITLE}"
