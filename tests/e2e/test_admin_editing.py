"""An editor in Chromium: new page slugs without diacritics, agencies picked from a searchable list."""

import pytest

from django.contrib.auth import get_user_model

from cms.models import Agency
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "mat-khau-quan-tri"


@pytest.fixture
def procedure(wagtail_tree):
    page = factories.procedure_make()
    for name in ("Công an cấp xã", "Ủy ban nhân dân cấp huyện", "Bảo hiểm xã hội huyện"):
        Agency.objects.create(name=name)
    get_user_model().objects.create_superuser("quantri", "quantri@xa.vn", PASSWORD)
    return page


def log_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill("quantri")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()


def test_agency_list_narrows_as_the_editor_types_without_diacritics(live_server, page, procedure):
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/pages/{procedure.pk}/edit/")
    box = page.locator('[data-controller="searchable-choices"]', has=page.locator('input[name="agencies"]'))

    box.locator("input[type=search]").fill("cong an")

    visible = box.locator("li:visible").all_inner_texts()
    assert [text.strip() for text in visible] == ["Công an cấp xã"]
    assert box.locator("[data-searchable-choices-target=count]").inner_text() == "Đã chọn 1"
    box.get_by_label("Công an cấp xã").check()
    assert box.locator("[data-searchable-choices-target=count]").inner_text() == "Đã chọn 2"
    box.locator("input[type=search]").fill("khong co")
    assert box.locator("[data-searchable-choices-target=empty]").is_visible()


def test_a_new_page_gets_its_slug_from_the_title_without_diacritics(live_server, page, procedure):
    home = procedure.get_parent().get_parent()
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/pages/add/cms/standardpage/{home.pk}/")

    page.locator("#id_title").click()
    page.keyboard.type("Đăng ký nhận cha, mẹ, con – Ủy ban nhân dân xã")
    page.locator("#id_title").blur()

    # Wagtail syncs the slug after a short pause.
    page.wait_for_function("document.querySelector('#id_slug').value.length > 20")
    assert page.locator("#id_slug").input_value() == "dang-ky-nhan-cha-me-con-uy-ban-nhan-dan-xa"
