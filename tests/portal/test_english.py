"""The English detector the admin walk relies on: it must catch Wagtail's English and spare Vietnamese."""

import pytest

from tests.portal.english import english_texts, is_english


@pytest.mark.parametrize(
    "text",
    [
        "1-50 of 794 pages",
        "LIVE",
        "IN MODERATION",
        "There are 15 matching pages",
        "Referenced 3 times",
        "- Select an option -",
        "Slug",
        "Title tag",
        "Go live date/time",
        "Draft saved",
        "More options for 'Đăng ký khai sinh'",
        "Drag",
        "Last edited page",
        "By workflow",
        "Password",
        "Root",
    ],
)
def test_english_admin_texts_are_caught(text):
    assert is_english(text)


@pytest.mark.parametrize(
    "text",
    [
        "Đang hiển thị",
        "Nhấn Enter để lưu thay đổi",
        "Tải tệp PDF hoặc DOCX",
        "America/New_York",
        "cap-so-bhxh-the-bhyt",
        # A file name Django made unique: its suffix is random letters, not English ("at").
        "to-khai-dang-ky-khai-tu_XpL6at6.docx",
        "Xem trang tại: https://dichvucong.hamchinh.gov.vn/admin/pages/61/edit/",
        "Do UBND xã cấp, in tại Bộ phận Một cửa, ban hành theo mẫu",
        "Wagtail",
    ],
)
def test_vietnamese_codes_and_brands_are_not_english(text):
    assert not is_english(text)


def test_spoken_attributes_count_and_scripts_do_not():
    html = (
        "<p>Trang</p><button aria-label=\"More options for 'Tin tức'\"><svg><title>Dots</title></svg></button>"
        '<input placeholder="Search"><script>var label = "Search pages";</script>'
    )

    assert english_texts(html) == ["More options for 'Tin tức'", "Search"]
