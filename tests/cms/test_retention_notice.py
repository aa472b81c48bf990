"""The privacy notice says what is kept, why and how long, read from the settings (Decree 13/2023/NĐ-CP)."""

import pytest

from django.core.cache import caches

from wagtail.models import Site

from cms.models import CommuneSettings, StandardPage
from cms.selectors import retention_notice, retention_period_text
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def privacy_page(home):
    page = home.add_child(
        instance=StandardPage(
            title="Bảo vệ dữ liệu cá nhân", slug="bao-ve-du-lieu-ca-nhan", body=[("retention_notice", None)]
        )
    )
    page.save_revision().publish()
    return page


def commune_set(**fields):
    commune = CommuneSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(commune, name, value)
    commune.save()
    for alias in ("default", "pages"):
        caches[alias].clear()


def test_periods_are_said_in_years_when_whole():
    assert retention_period_text(60) == "5 năm"
    assert retention_period_text(12) == "1 năm"
    assert retention_period_text(18) == "18 tháng"
    assert retention_period_text(1) == "1 tháng"


def test_the_page_states_the_commune_default_purpose_and_draft_days(client, privacy_page, settings):
    settings.FORMS_DRAFT_DAYS = 30
    html = client.get("/bao-ve-du-lieu-ca-nhan/").content.decode()
    assert "<span data-retention-default>5 năm</span>" in html
    assert "Tiếp nhận, giải quyết hồ sơ thủ tục hành chính, trả kết quả" in html
    assert "Bản nháp hồ sơ chưa nộp được xóa sau 30 ngày không sử dụng." in html
    assert "data-retention-exceptions" not in html


def test_the_page_follows_the_settings_when_they_change(client, privacy_page):
    commune_set(retention_months=18, personal_data_purpose="Giải quyết hồ sơ và thông báo kết quả.")
    html = client.get("/bao-ve-du-lieu-ca-nhan/").content.decode()
    assert "<span data-retention-default>18 tháng</span>" in html
    assert "Giải quyết hồ sơ và thông báo kết quả." in html
    assert "5 năm" not in html


def test_procedures_with_their_own_period_are_listed(client, privacy_page, procedure_index):
    factories.procedure_make(parent=procedure_index, title="Đăng ký kết hôn", code="1.000894", retention_months=120)
    factories.procedure_make(parent=procedure_index, title="Chứng thực bản sao", code="2.000815", retention_months=60)
    hidden = factories.procedure_make(parent=procedure_index, code="1.000656", retention_months=24)
    hidden.unpublish()
    notice = retention_notice(site=Site.objects.get(is_default_site=True))
    # The one equal to the default says nothing new; an unpublished one is not public.
    assert notice.exceptions == [("Đăng ký kết hôn", "1.000894", "10 năm")]
    html = client.get("/bao-ve-du-lieu-ca-nhan/").content.decode()
    assert "<li>Đăng ký kết hôn (1.000894): 10 năm</li>" in html


def test_editors_set_the_period_in_the_procedure_and_the_settings_forms(admin_client, procedure):
    html = admin_client.get(f"/admin/pages/{procedure.pk}/edit/").content.decode()
    assert "thời hạn lưu dữ liệu cá nhân (tháng)" in html.lower()
    assert "Để trống để dùng thời hạn chung trong Thông tin xã." in html
    site = Site.objects.get(is_default_site=True)
    html = admin_client.get(f"/admin/settings/cms/communesettings/{site.pk}/").content.decode()
    assert "Bảo vệ dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP)" in html
    assert "mục đích xử lý dữ liệu cá nhân" in html.lower()


def test_the_period_is_between_one_month_and_a_hundred_years(home):
    from django.core.exceptions import ValidationError

    commune = CommuneSettings.for_site(Site.objects.get(is_default_site=True))
    commune.retention_months = 0
    with pytest.raises(ValidationError):
        commune.full_clean()
