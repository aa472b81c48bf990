"""One capitalisation for administrative unit names (Decree 30/2020/NĐ-CP, Appendix II)."""

import pytest

from cms.models import CommuneSettings
from cms.text import committee_of, unit_name_case, unit_name_in_sentence, unit_place_name


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # Agencies as the national catalogue writes them (data/tthc/cap_xa.jsonl).
        ("Công an cấp Xã", "Công an cấp xã"),
        ("Bảo hiểm xã hội cấp Tỉnh", "Bảo hiểm xã hội cấp tỉnh"),
        ("Công an tỉnh, Công an cấp Xã", "Công an tỉnh, Công an cấp xã"),
        ("Ủy ban Nhân dân\xa0xã,\xa0phường,\xa0thị trấn.", "Ủy ban nhân dân\xa0xã,\xa0phường,\xa0thị trấn."),
        ("Uỷ ban Nhân dân cấp xã, phường, thị trấn", "Ủy ban nhân dân cấp xã, phường, thị trấn"),
        ("Chủ tịch ủy ban nhân dân cấp tỉnh", "Chủ tịch Ủy ban nhân dân cấp tỉnh"),
        ("Ủy ban nhân dân cấp Tỉnh", "Ủy ban nhân dân cấp tỉnh"),
        ("UBND Xã", "UBND xã"),
        ("Chủ tịch UBND Xã Hàm Chính", "Chủ tịch UBND xã Hàm Chính"),
        ("Bộ Công an, Cấp Bộ", "Bộ Công an, cấp bộ"),
        ("Thuế tỉnh, Thành phố, Thuế cơ sở", "Thuế tỉnh, thành phố, Thuế cơ sở"),
        # Units with their proper names: the level word lower case after another word.
        ("Ủy ban nhân dân Xã Hàm Chính, Tỉnh Bình Thuận", "Ủy ban nhân dân xã Hàm Chính, tỉnh Bình Thuận"),
        ("Tòa án nhân dân Thành phố Hồ Chí Minh", "Tòa án nhân dân thành phố Hồ Chí Minh"),
        ("Ủy ban nhân dân Thị Xã La Gi", "Ủy ban nhân dân thị xã La Gi"),
        ("Ủy ban nhân dân Phường 1", "Ủy ban nhân dân phường 1"),
        # The special zone of the 2025 reform (Law 72/2025/QH15) is a unit at commune level too.
        ("Ủy ban nhân dân Đặc khu Phú Quý", "Ủy ban nhân dân đặc khu Phú Quý"),
        ("Ủy ban nhân dân Đặc Khu Côn Đảo", "Ủy ban nhân dân đặc khu Côn Đảo"),
        ("Ủy ban nhân dân Thị Trấn Ma Lâm", "Ủy ban nhân dân thị trấn Ma Lâm"),
        # A name that starts with its level word keeps (or gets) the capital.
        ("Xã Hàm Chính", "Xã Hàm Chính"),
        ("xã Hàm Chính", "Xã Hàm Chính"),
        ("Tỉnh Bình Thuận", "Tỉnh Bình Thuận"),
        ("thị trấn Ma Lâm", "Thị trấn Ma Lâm"),
        ("đặc khu Phú Quý", "Đặc khu Phú Quý"),
        ("Cấp xã", "Cấp xã"),
        ("Nộp ở UBND xã.\nXã Hàm Chính trả kết quả.", "Nộp ở UBND xã.\nXã Hàm Chính trả kết quả."),
        # Words that only look like level words are left alone.
        ("Bảo hiểm Xã hội Việt Nam", "Bảo hiểm Xã hội Việt Nam"),
        ("Tỉnh ủy Bình Thuận", "Tỉnh ủy Bình Thuận"),
        ("Ban Thường vụ Huyện ủy", "Ban Thường vụ Huyện ủy"),
        ("Liên minh Hợp tác xã Việt Nam", "Liên minh Hợp tác xã Việt Nam"),
        ("Sở Xây dựng", "Sở Xây dựng"),
        ("Trung tâm Phục vụ hành chính công", "Trung tâm Phục vụ hành chính công"),
        # Capitals only: a heading or a stamp, left as written.
        ("UBND XÃ HÀM CHÍNH", "UBND XÃ HÀM CHÍNH"),
        ("", ""),
    ],
)
def test_level_words_are_lower_case_after_another_word_and_capital_where_a_name_starts(written, expected):
    assert unit_name_case(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Xã Hàm Chính", "xã Hàm Chính"),
        ("Tỉnh Bình Thuận", "tỉnh Bình Thuận"),
        ("Thành phố Phan Thiết", "thành phố Phan Thiết"),
        ("Ủy ban nhân dân Xã Hàm Chính", "Ủy ban nhân dân xã Hàm Chính"),
        ("Đặc khu Phú Quý", "đặc khu Phú Quý"),
        ("Thị trấn Ma Lâm", "thị trấn Ma Lâm"),
    ],
)
def test_a_name_written_inside_a_sentence_starts_in_lower_case(written, expected):
    assert unit_name_case(written, in_sentence=True) == expected


def test_applying_the_rule_twice_changes_nothing_more():
    for text in ("Công an cấp Xã", "xã Hàm Chính", "Uỷ ban Nhân dân Tỉnh Bình Thuận"):
        once = unit_name_case(text)
        assert unit_name_case(once) == once
        assert unit_name_case(unit_name_case(text, in_sentence=True), in_sentence=True) == unit_name_case(
            text, in_sentence=True
        )


def test_decomposed_unicode_is_read_as_composed():
    decomposed = "Công an cấp Xã".replace("ã", "a\u0303")
    assert unit_name_case(decomposed) == "Công an cấp xã"


@pytest.mark.parametrize(
    ("name", "in_sentence", "committee", "place"),
    [
        ("Xã Hàm Liêm", "xã Hàm Liêm", "Ủy ban nhân dân xã Hàm Liêm", "Hàm Liêm"),
        ("Phường Tiến Thành", "phường Tiến Thành", "Ủy ban nhân dân phường Tiến Thành", "Tiến Thành"),
        ("Đặc khu Phú Quý", "đặc khu Phú Quý", "Ủy ban nhân dân đặc khu Phú Quý", "Phú Quý"),
        ("Thị trấn Ma Lâm", "thị trấn Ma Lâm", "Ủy ban nhân dân thị trấn Ma Lâm", "Ma Lâm"),
        (" xã Hàm Chính ", "xã Hàm Chính", "Ủy ban nhân dân xã Hàm Chính", "Hàm Chính"),
        # A name without its level word stays as written; "Xã" alone is no place name to cut.
        ("Hàm Chính", "Hàm Chính", "Ủy ban nhân dân Hàm Chính", "Hàm Chính"),
        ("Xã", "xã", "Ủy ban nhân dân xã", "Xã"),
        ("", "", "Ủy ban nhân dân", ""),
    ],
)
def test_a_commune_level_unit_in_a_sentence_its_committee_and_its_place(name, in_sentence, committee, place):
    assert (unit_name_in_sentence(name), committee_of(name), unit_place_name(name)) == (
        in_sentence,
        committee,
        place,
    )


@pytest.mark.parametrize(
    ("commune_name", "committee_name", "expected"),
    [
        # The committee left at its default or empty: built from the commune's name.
        ("Đặc khu Phú Quý", "Ủy ban nhân dân xã", "Ủy ban nhân dân đặc khu Phú Quý"),
        ("Phường Tiến Thành", "", "Ủy ban nhân dân phường Tiến Thành"),
        # One the commune wrote itself is printed as written.
        ("Xã Hàm Chính", "UBND xã Hàm Chính", "UBND xã Hàm Chính"),
        # A fresh installation that names no commune yet keeps the default.
        ("Xã", "Ủy ban nhân dân xã", "Ủy ban nhân dân xã"),
        ("Xã", "", "Ủy ban nhân dân xã"),
    ],
)
def test_the_settings_committee_falls_back_on_the_communes_name(commune_name, committee_name, expected):
    settings = CommuneSettings(commune_name=commune_name, committee_name=committee_name)
    assert settings.committee == expected
