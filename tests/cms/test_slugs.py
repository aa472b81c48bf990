"""New pages get ASCII slugs without diacritics, and starting the same page twice never fails."""

import json

import pytest

from django.urls import reverse

from cms.forms import PortalPageForm
from cms.models import StandardPage
from cms.slugs import ascii_slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Đăng ký nhận cha, mẹ, con", "dang-ky-nhan-cha-me-con"),
        ("ĐĂNG KÝ KHAI SINH", "dang-ky-khai-sinh"),
        ("Chứng thực bản sao từ bản chính giấy tờ, văn bản", "chung-thuc-ban-sao-tu-ban-chinh-giay-to-van-ban"),
        ("“!?”", ""),
    ],
)
def test_ascii_slug_drops_diacritics_and_spells_d(title, slug):
    assert ascii_slug(title) == slug


def test_ascii_slug_is_cut_at_a_word_boundary():
    assert ascii_slug("Đăng ký kết hôn có yếu tố nước ngoài", max_length=20) == "dang-ky-ket-hon-co"


def test_a_page_created_in_code_gets_an_ascii_slug(home):
    page = home.add_child(instance=StandardPage(title="Giới thiệu Bộ phận Một cửa xã Đông"))

    assert page.slug == "gioi-thieu-bo-phan-mot-cua-xa-dong"


def create(client, parent, **fields):
    data = {"title": "", "slug": "", "intro": "", "body-count": "0"}
    data.update(fields)
    return client.post(reverse("wagtailadmin_pages:add", args=["cms", "standardpage", parent.pk]), data)


def test_a_slug_typed_with_diacritics_is_transliterated(admin_client, home):
    response = create(admin_client, home, title="Liên hệ", slug="liên-hệ-đường-dây-nóng")

    assert response.status_code == 302
    assert StandardPage.objects.get(title="Liên hệ").slug == "lien-he-duong-day-nong"


def test_starting_the_same_page_twice_numbers_the_second_slug(admin_client, home):
    first = create(admin_client, home, title="Đăng ký nhận cha, mẹ, con", slug="dang-ky-nhan-cha-me-con")
    second = create(admin_client, home, title="Đăng ký nhận cha, mẹ, con", slug="dang-ky-nhan-cha-me-con")

    assert (first.status_code, second.status_code) == (302, 302)
    assert sorted(StandardPage.objects.values_list("slug", flat=True)) == [
        "dang-ky-nhan-cha-me-con",
        "dang-ky-nhan-cha-me-con-2",
    ]


def test_a_slug_the_editor_chose_that_is_taken_is_refused_in_vietnamese(admin_client, home):
    create(admin_client, home, title="Liên hệ", slug="lien-he")

    response = create(admin_client, home, title="Đường dây nóng", slug="lien-he")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Đường dẫn “lien-he” đã được trang khác trong cùng mục dùng." in html
    assert "already in use" not in html
    assert StandardPage.objects.count() == 1


def test_the_slug_input_spells_d_before_wagtail_transliterates(home):
    form_class = StandardPage.get_edit_handler().get_form_class()
    form = form_class(instance=StandardPage(), parent_page=home, for_user=None)

    assert issubclass(form_class, PortalPageForm)
    attrs = form.fields["slug"].widget.attrs
    assert attrs["data-controller"] == "w-slug"
    formatters = json.loads(attrs["data-w-slug-formatters-value"])
    assert [["[đ]", "gu"], "d"] in formatters
    assert [["[ÙÚỦŨỤƯỪỨỬỮỰ]", "gu"], "U"] in formatters
    assert len(formatters) == 14
    assert attrs["maxlength"] == "255"
    assert attrs["data-w-slug-allow-unicode-value"] is False
