"""The public statistics page on a 360 px phone: the chart fits, starts at the latest months, its
legend reads whole, the tables scroll inside themselves with a cue, and the page never scrolls sideways."""

from datetime import timedelta

import pytest
from PIL import Image

from django.utils import timezone

from forms.lifecycle.services import dossier_transition
from forms.models import Dossier, DossierStatus, SubmissionFormPage
from tests.e2e.theme_site import theme_site_make
from tests.forms import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOT = "/tmp/thong-ke-ho-so-360.png"
LEGEND = ["Tiếp nhận", "Giải quyết đúng hạn", "Giải quyết quá hạn"]


@pytest.fixture
def statistics_site(wagtail_tree):
    context = theme_site_make()
    officer = f.staff_make("canbo", f.OFFICERS)
    form_page = SubmissionFormPage.objects.live().first()
    now = timezone.now()
    # Dossiers in the last three months only: the earlier months are empty, as on a new portal.
    for days_ago in (70, 65, 40, 33, 31, 12, 5, 2):
        f.dossier_make(page=form_page, received_at=now - timedelta(days=days_ago))
    for dossier in Dossier.objects.order_by("received_at")[:3]:
        dossier_transition(dossier=dossier, to_status=DossierStatus.PROCESSING, actor=officer)
        dossier_transition(dossier=dossier, to_status=DossierStatus.RESULT_READY, actor=officer)
    return context


def test_statistics_page_fits_a_360px_phone(live_server, page, statistics_site):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(live_server.url + "/thong-ke-ho-so/")
    page.screenshot(path=SCREENSHOT, full_page=True)
    with Image.open(SCREENSHOT) as image:
        assert image.width == 360

    # The page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The legend wraps instead of being cut: every label is whole and on the screen.
    legend = page.locator(".chart__legend li")
    assert legend.all_inner_texts() == LEGEND
    for item in legend.all():
        box = item.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        assert item.evaluate("e => e.scrollWidth <= e.clientWidth")

    # The phone gets the turned chart, as wide as the screen, the latest month in its first row.
    assert not page.locator(".chart__svg--wide").is_visible()
    turned = page.locator(".chart__svg--turned")
    assert turned.is_visible()
    box = turned.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    months = turned.locator(".chart__categories text").all_text_contents()
    assert len(months) == 12
    assert months[0] == f"{timezone.localdate():%m/%Y}"
    # Its bars are drawn: received and resolved dossiers of the recent months.
    assert turned.locator(".chart__bars rect").count() >= 4

    # The tables keep their columns and scroll inside their frame, which says so.
    assert page.locator(".table-hint").is_visible()
    month_table = page.locator(".table-wrap").first
    assert month_table.evaluate("e => e.scrollWidth > e.clientWidth")
    assert month_table.evaluate("e => getComputedStyle(e).backgroundImage").count("gradient") == 4


def test_statistics_page_on_a_wide_screen_shows_the_months_side_by_side(live_server, page, statistics_site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/thong-ke-ho-so/")
    wide = page.locator(".chart__svg--wide")
    assert wide.is_visible() and not page.locator(".chart__svg--turned").is_visible()
    months = wide.locator(".chart__categories text").all_text_contents()
    assert months[-1] == f"{timezone.localdate():%m/%Y}"
    assert not page.locator(".table-hint").is_visible()
    page.screenshot(path="/tmp/thong-ke-ho-so-1280.png")
