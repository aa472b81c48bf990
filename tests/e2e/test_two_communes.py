"""Two officers of two communes work side by side in Chromium (issue #17), each in a browser context
of their own: each sees only their commune's dossiers in "Hồ sơ", the other commune's dossier
address gives the not-found page, and each receives (tiếp nhận) their own dossier."""

import pytest

from cms.models import CommuneSettings
from forms.models import Dossier, DossierStatus
from tests import factories
from tests.e2e.steps import officer_open_dossier, officer_sign_in
from tests.forms import factories as f

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "mat-khau-can-bo"
INDEX = "/admin/forms/dossier/"
# The admin's not-found page (Wagtail's, in Vietnamese) and the site's (the theme's).
ADMIN_NOT_FOUND = "Lỗi 404"
NOT_FOUND = "Không tìm thấy trang bạn cần"


@pytest.fixture
def communes(wagtail_tree):
    """Xã Hàm Liêm (the default site) and xã Hàm Thuận Bắc, one officer and one dossier awaiting
    reception in each."""
    from types import SimpleNamespace

    from wagtail.models import Site

    home = factories.home_page_make()
    procedure = factories.procedure_make(parent=factories.procedure_index_make(home=home))
    site_a = Site.objects.get(is_default_site=True)
    settings_a = CommuneSettings.for_site(site_a)
    settings_a.commune_name, settings_a.commune_code = "Xã Hàm Liêm", "23098"
    settings_a.save()
    site_b = factories.commune_make(code="23089", host="hamthuanbac.test")
    page = f.form_page_make(procedure=procedure)
    dossiers = {}
    for key, site in (("a", site_a), ("b", site_b)):
        dossier = f.dossier_make(page=page, received=False)
        Dossier.objects.filter(pk=dossier.pk).update(site=site)
        dossiers[key] = dossier
        f.commune_staff_make(f"canbo-{key}", site, f.OFFICERS, password=PASSWORD)
    return SimpleNamespace(dossiers=dossiers)


@pytest.fixture
def officer_pages(browser):
    """One browser context per officer: their sessions never mix."""
    contexts = [browser.new_context(locale="vi-VN") for _ in range(2)]
    pages = {}
    for key, context in zip(("a", "b"), contexts, strict=True):
        pages[key] = context.new_page()
        pages[key].set_default_timeout(15_000)
    yield pages
    for context in contexts:
        context.close()


def test_two_officers_of_two_communes_side_by_side(live_server, communes, officer_pages):
    dossiers = communes.dossiers
    for key, page in officer_pages.items():
        officer_sign_in(page, live_server, username=f"canbo-{key}", password=PASSWORD)

    for own, other in (("a", "b"), ("b", "a")):
        page = officer_pages[own]
        page.goto(f"{live_server.url}{INDEX}")
        assert page.locator("tr", has_text=dossiers[own].code).count() == 1, own
        assert page.locator("tr", has_text=dossiers[other].code).count() == 0, own
        # No commune column for an officer of one commune.
        assert page.get_by_role("columnheader", name="Xã").count() == 0

    # Each types the other's dossier address by hand: not found, as for a dossier that does not exist.
    for own, other in (("a", "b"), ("b", "a")):
        page = officer_pages[own]
        for url, heading in (
            (f"{INDEX}inspect/{dossiers[other].pk}/", ADMIN_NOT_FOUND),
            (f"{INDEX}{dossiers[other].pk}/xu-ly/tiep-nhan/", ADMIN_NOT_FOUND),
            (f"/ho-so/{dossiers[other].pk}/giay-to/mau-05.pdf", NOT_FOUND),
        ):
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 404, (own, url)
            assert page.get_by_role("heading", name=heading).is_visible(), (own, url)
            assert dossiers[other].code not in page.content(), (own, url)

    # Side by side, each receives their own dossier: a opens it, b opens theirs, then both receive.
    for key, page in officer_pages.items():
        officer_open_dossier(page, live_server, code=dossiers[key].code)
        assert page.locator("[data-dossier-status]").inner_text() == "Chờ tiếp nhận"
        page.locator("[data-dossier-action=tiep-nhan]").click()
        page.wait_for_load_state()
    for key, page in officer_pages.items():
        page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
        page.wait_for_load_state()
        assert page.locator("[data-dossier-status]").inner_text() == "Đã tiếp nhận", key
        assert dossiers[key].code in page.content()

    for key, dossier in dossiers.items():
        received = Dossier.objects.get(pk=dossier.pk)
        assert received.status == DossierStatus.RECEIVED, key
        assert received.events.get(to_status=DossierStatus.RECEIVED).actor.username == f"canbo-{key}"
