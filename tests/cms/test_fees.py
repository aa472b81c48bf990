"""Fees as data (cms.catalogue.fees) on real catalogue records and on small made-up cells.

The records are the 588 commune-level ones in tests/data/tthc/cap_xa.jsonl.gz; every expected
item below was read by hand from the record's "Phí, lệ phí" cells.
"""

import gzip
import json
from pathlib import Path

import pytest

from cms.catalogue.fees import LE_PHI, PHI, UNSPECIFIED, FeeItem, _Cell, _read_cell, parse_fees, record_fees

CORPUS = Path(__file__).resolve().parent.parent / "data" / "tthc" / "cap_xa.jsonl.gz"
HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"


@pytest.fixture(scope="module")
def records():
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        return {record["ma_thu_tuc"]: record for record in map(json.loads, handle)}


ONLINE_CASE = "Trường hợp công dân nộp hồ sơ qua cổng dịch vụ công trực tuyến"
IN_PERSON_CASE = "Trường hợp công dân nộp hồ sơ trực tiếp"
POOR_DISABLED = "người thuộc gia đình có công với cách mạng; người thuộc hộ nghèo; người khuyết tật"

# code: (items, fragments of the problems in order); an item is (channel, kind, amount, unit, case).
READ_FULLY = {
    # Đăng ký khai sinh: "Miễn phí" on every channel.
    "1.001193": [("", UNSPECIFIED, 0, "", "")],
    "1.000419": [("", UNSPECIFIED, 0, "", "")],
    # Đăng ký tạm trú (Circular 75/2022/TT-BTC): 7,000 online, 10,000 at the counter.
    "1.004194": [
        ("online", UNSPECIFIED, 7000, "lần đăng ký", ONLINE_CASE),
        ("in_person", UNSPECIFIED, 10000, "người/lần đăng ký", IN_PERSON_CASE),
    ],
    "1.010038": [
        ("in_person", UNSPECIFIED, 10000, "lần đăng ký", IN_PERSON_CASE),
        ("online", UNSPECIFIED, 5000, "lần đăng ký", ONLINE_CASE),
    ],
    # Food-safety certificate: a phí of 700.000 đồng/cơ sở; the head says "700 VNĐ".
    "2.001827": [("", PHI, 700000, "cơ sở", "")],
    # Customs: "20 VNĐ (20.000 vnđ /tờ khai)" on both channels.
    "1.000014": [("", UNSPECIFIED, 20000, "tờ khai", "")],
    "1.007855": [
        ("online", UNSPECIFIED, 20000, "tờ khai", ""),
        ("online", LE_PHI, 0, "", "trường hợp chuyển sang hợp đồng gia công khác"),
        ("in_person", UNSPECIFIED, 0, "", ""),
    ],
    "1.007857": [
        ("online", LE_PHI, 20000, "tờ khai hải quan", ""),
        ("in_person", UNSPECIFIED, 0, "", ""),
    ],
    "1.009091": [("", LE_PHI, 500000, "phương tiện", "")],
    "1.001342": [("", UNSPECIFIED, 20000, "", "")],
}

LEFT_FOR_EDITORS = {
    # Counter: 20,000 đồng, but the note sends exemptions to Article 4 of Circular 75/2022/TT-BTC
    # without listing them; "… đã có trong Cơ sở dữ liệu quốc gia …" is no exemption case.
    "1.004222": (
        [("online", UNSPECIFIED, 10000, "lần đăng ký", ONLINE_CASE)],
        ["Trực tiếp: ghi mức thu theo văn bản khác"],
    ),
    # Online: head 5,000 but the note says 7,000 đồng.
    "1.002755": (
        [("in_person", UNSPECIFIED, 10000, "người/lần đăng ký", IN_PERSON_CASE)],
        ["Trực tuyến: mức thu 5.000 đồng khác với ghi chú (7.000 đồng)."],
    ),
    # "40 Việt Nam Đồng (4.000 đ/giấy thông hành …)": not the thousands defect, so unread.
    "1.003133": (
        [("online", UNSPECIFIED, 5000, "giấy thông hành", "")],
        ["Trực tiếp: mức thu 40 đồng khác với ghi chú (4.000 đồng)."],
    ),
    # "25 VNĐ (25.000.000đ/giấy thông hành …)": a typo in the note is not trusted.
    "1.012680": (
        [("in_person", UNSPECIFIED, 50000, "giấy thông hành", "")],
        ["Trực tuyến: mức thu 25 đồng khác với ghi chú (25.000.000 đồng)."],
    ),
    "1.014364": (
        [
            ("in_person", UNSPECIFIED, 25000, "giấy thông hành", ""),
            ("postal", UNSPECIFIED, 50000, "giấy thông hành", ""),
        ],
        ["Trực tuyến: mức thu 50.000 đồng khác với ghi chú (0 đồng)."],
    ),
    "1.009092": (
        [("online", UNSPECIFIED, 0, "", "")],
        ["Trực tiếp: mức thu 500 đồng quá nhỏ"],
    ),
    "1.007879": ([], ["Mức thu 20 đồng quá nhỏ"]),
    # "Miễn phí (từ 20.000 đồng đối với hàng hóa xuất khẩu …; 200.000 đồng …)".
    "1.007891": ([], ["Ô ghi “Miễn phí” nhưng ghi chú nêu mức thu 20.000 đồng."]),
    # Household business registration: the amount is the provincial council's (Circular 85/2019/TT-BTC).
    "1.001612": ([], ["Mức thu do Hội đồng nhân dân cấp tỉnh quyết định"]),
    "1.004873": (
        [("", LE_PHI, 0, "", POOR_DISABLED)],
        ["Mức thu do Hội đồng nhân dân cấp tỉnh quyết định"],
    ),
    # Marriage: lệ phí waived, but the copy fee is "theo Thông tư 281/2016/TT-BTC" without an amount.
    "1.000894": ([], ["Ghi mức thu theo văn bản khác, không ghi số tiền (Phí cấp bản sao Trích lục kết hôn"]),
    "1.004837": (
        [("in_person", UNSPECIFIED, 0, "", "")],
        ["Trực tuyến, Dịch vụ bưu chính: ghi mức thu theo văn bản khác"],
    ),
    "1.012753": ([], ["Ghi mức thu theo văn bản khác, không ghi số tiền (Theo quy định của Luật phí và lệ phí"]),
    # Identity card: 50,000 đồng, halved online for a time (a percentage: left for an editor).
    "1.014063": (
        [("postal", UNSPECIFIED, 0, "", "")],
        [
            "Trực tiếp, Trực tuyến: mức thu tính theo tỷ lệ phần trăm",
            "Trực tiếp, Trực tuyến: mức thu tính theo tỷ lệ phần trăm",
        ],
    ),
}


def _as_tuples(reading):
    return [(item.channel, item.kind, item.amount, item.unit, item.case) for item in reading.items]


@pytest.mark.parametrize("code", sorted(READ_FULLY))
def test_records_read_fully(records, code):
    reading = record_fees(records[code])
    assert reading.problems == []
    assert reading.complete
    assert _as_tuples(reading) == READ_FULLY[code]


@pytest.mark.parametrize("code", sorted(LEFT_FOR_EDITORS))
def test_records_left_for_editors(records, code):
    items, problems = LEFT_FOR_EDITORS[code]
    reading = record_fees(records[code])
    assert not reading.complete
    assert _as_tuples(reading) == items
    assert len(reading.problems) == len(problems)
    for problem, fragment in zip(reading.problems, problems, strict=True):
        assert problem.startswith(fragment)


def test_record_without_any_fee_information(records):
    # Khai báo tạm trú cho người nước ngoài: "Trực tiếp7 NgàyKhông có thông tin…".
    reading = record_fees(records["1.000253"])
    assert reading.no_information
    assert reading.items == []
    assert reading.problems == ["Văn bản không có thông tin về phí, lệ phí."]


def test_item_names_and_kinds(records):
    item = record_fees(records["1.009091"]).items[0]
    assert item.name == "Lệ phí đối với phương tiện quá cảnh đường thủy (tàu)"
    assert record_fees(records["2.001827"]).items[0].name.startswith("Phí thẩm định cấp giấy chứng nhận")


def test_whole_corpus_counts(records):
    readings = [record_fees(record) for record in records.values()]
    assert len(readings) == 588
    assert sum(r.complete for r in readings) == 397
    assert sum(r.no_information for r in readings) == 66
    assert sum(r.complete and all(i.amount == 0 for i in r.items) for r in readings) == 340


# Made-up cells: one rule each.


def _cells(*rows):
    return HEADER + "".join(rows)


def test_free_on_every_channel_collapses_to_one_item():
    reading = parse_fees(_cells("Trực tuyến1Miễn phí", "Dịch vụ bưu chính1Miễn phí", "Trực tiếp1Miễn phí"))
    assert reading.items == [FeeItem(kind=UNSPECIFIED, amount=0)]


def test_thousands_dropped_by_the_portal_are_restored_from_the_note():
    reading = parse_fees(_cells("Trực tiếp1 Ngày20 VNĐ(20.000 đ/tờ khai)"))
    assert reading.items == [FeeItem(kind=UNSPECIFIED, amount=20000, unit="tờ khai")]


def test_amount_and_unit_from_the_head_note():
    reading = parse_fees(_cells("Trực tiếpKhông có thông tin25,000 Việt Nam Đồng(/giao dịch)"))
    assert reading.items == [FeeItem(kind=UNSPECIFIED, amount=25000, unit="giao dịch")]


def test_exemption_beside_an_amount_is_a_zero_item_for_that_case():
    reading = parse_fees(
        _cells(
            "Trực tiếp1 Ngày8,000 VNĐ(8.000 đồng/Văn bản xác nhận."
            " Miễn lệ phí cho người thuộc hộ nghèo; người khuyết tật.)"
        )
    )
    assert reading.items == [
        FeeItem(kind=UNSPECIFIED, amount=8000, unit="Văn bản xác nhận"),
        FeeItem(kind=LE_PHI, amount=0, case="người thuộc hộ nghèo; người khuyết tật"),
    ]
    assert reading.complete


def test_exemption_after_a_name_containing_trong_nuoc():
    # Procedure 2.001263: "… đăng ký nuôi con nuôi trong nước đối với trường hợp …"; "trong nước" is
    # part of the fee's name, the case follows "đối với".
    reading = parse_fees(
        _cells(
            "Trực tiếp1 Ngày400,000 Việt Nam Đồng(Mức thu lệ phí: 400.000đ/trường hợp. Miễn lệ phí đăng ký"
            " nuôi con nuôi trong nước đối với trường hợp cha dượng hoặc mẹ kế nhận con riêng của vợ hoặc"
            " chồng làm con nuôi.)"
        )
    )
    exempt = [item for item in reading.items if item.amount == 0]
    assert [item.case for item in exempt] == [
        "trường hợp cha dượng hoặc mẹ kế nhận con riêng của vợ hoặc chồng làm con nuôi"
    ]


def test_dollars_are_left_for_editors():
    reading = parse_fees(_cells("Trực tiếp1 Ngày10 USD(/bản)"))
    assert reading.items == []
    assert reading.problems == ["Mức thu tính bằng đô la Mỹ (10 USD); cần quy ra đồng."]


def test_tiers_are_left_for_editors():
    reading = parse_fees(
        _cells("Trực tiếp1 Ngày2,000 Việt Nam Đồng(2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang)")
    )
    assert reading.items == []
    assert reading.problems == ["Ghi chú nêu nhiều mức thu (1.000 đồng, 2.000 đồng)."]


def test_nothing_notes_keep_the_free_head():
    for note in ("(Không)", "(Không quy định.)", "(Chưa quy định.)", "(Không có.)"):
        reading = parse_fees(_cells("Trực tuyến2 NgàyMiễn phí" + note))
        assert reading.items == [FeeItem(kind=UNSPECIFIED, amount=0)], note


def test_one_channel_without_information_is_reported():
    reading = parse_fees(_cells("Trực tuyến1Miễn phí", "Trực tiếp1Không có thông tin"))
    assert reading.items == [FeeItem(kind=UNSPECIFIED, amount=0, channel="online")]
    assert reading.problems == ["Trực tiếp: không có thông tin về phí, lệ phí."]
    assert not reading.complete


def test_text_without_the_channel_table():
    reading = parse_fees("")
    assert reading.no_information
    assert reading.items == []
    assert reading.problems == ["Không tìm thấy bảng cách thức thực hiện, nên không có phí, lệ phí."]


# One cell at a time, as parse_channels hands it over (one channel's "Phí, lệ phí" cell): the
# cell reader's rules, each with the items and problems written out (issue #19's mutation run).


def read(cell):
    return _read_cell(cell, "in_person")


def item(kind, amount, unit="", case="", name=""):
    return FeeItem(kind=kind, amount=amount, unit=unit, case=case, channel="in_person", name=name)


def test_a_cell_without_information_is_empty():
    assert read("") == _Cell([], [], empty=True)
    assert read("  ") == _Cell([], [], empty=True)
    assert read("Không có thông tin") == _Cell([], [], empty=True)
    assert read("Không có thông tin (Không)") == _Cell([], [], empty=True)


def test_a_non_breaking_space_is_a_space():
    assert read("Miễn\xa0phí") == _Cell([item(UNSPECIFIED, 0)], [])


def test_a_note_spanning_lines_is_read():
    assert read("10,000 VNĐ (10.000 đồng/bản.\nMiễn lệ phí cho trẻ em dưới 6 tuổi)") == _Cell(
        [item(UNSPECIFIED, 10000, unit="bản"), item(LE_PHI, 0, case="trẻ em dưới 6 tuổi")], []
    )


def test_doubled_brackets_around_the_note_are_unwrapped():
    assert read("25,000 VNĐ ((/giao dịch))") == _Cell([item(UNSPECIFIED, 25000, unit="giao dịch")], [])


def test_a_unit_only_note_loses_its_full_stop_only():
    assert read("10,000 VNĐ (/tờ khai mẫu X.)") == _Cell([item(UNSPECIFIED, 10000, unit="tờ khai mẫu X")], [])


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("10,000 VNĐ; 20,000 VNĐ", "10,000 VNĐ; 20,000 VNĐ"),
        # "; " inside brackets separates nothing; the problem shows the first 80 characters.
        (
            "10,000 VNĐ (10.000 đồng/bản chính; áp dụng cho bản sao); 20,000 VNĐ (20.000 đồng/bản sao có chứng thực)",
            "10,000 VNĐ (10.000 đồng/bản chính; áp dụng cho bản sao); 20,000 VNĐ (20.000 đồng",
        ),
        # A stray closing bracket does not hide the second amount.
        ("5,000 VNĐ (5.000 đồng/bản)); 10,000 VNĐ", "5,000 VNĐ (5.000 đồng/bản)); 10,000 VNĐ"),
    ],
)
def test_several_amounts_in_one_cell_are_left_for_editors(cell, shown):
    assert read(cell) == _Cell([], [f"có nhiều mức thu trong một ô ({shown}…); cần biên tập viên nhập."])


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        # Only a bracketed note: "; " inside it is no second amount, and there is no head.
        ("(Thu theo quy định; xem Thông tư 85/2019/TT-BTC)", ""),
        # Separators around nothing are not several amounts.
        (";   ; 10,000 VNĐ", ";   ; 10,000 VNĐ"),
        # The problem shows the head's first 60 characters.
        (
            "Theo quy định của Hội đồng nhân dân tỉnh Bình Thuận về phí và lệ phí hộ tịch",
            "Theo quy định của Hội đồng nhân dân tỉnh Bình Thuận về phí v",
        ),
    ],
)
def test_an_unreadable_head_is_left_for_editors(cell, shown):
    assert read(cell) == _Cell([], [f"không đọc được mức thu “{shown}”."])


def test_an_exemption_without_the_word_le_phi_keeps_the_kind_unsaid():
    assert read("10,000 VNĐ (10.000 đồng/lần. Miễn phí cho trẻ em dưới 6 tuổi)") == _Cell(
        [item(UNSPECIFIED, 10000, unit="lần"), item(UNSPECIFIED, 0, case="trẻ em dưới 6 tuổi")], []
    )


def test_an_exemptions_case_stops_before_the_legal_reference():
    cell = (
        "10,000 VNĐ (10.000 đồng/lần. Miễn lệ phí cho người khuyết tật, theo quy định tại Điều 4."
        " Miễn lệ phí cho trẻ em dưới 6 tuổi theo Thông tư 75/2022/TT-BTC)"
    )
    assert read(cell) == _Cell(
        [
            item(UNSPECIFIED, 10000, unit="lần"),
            item(LE_PHI, 0, case="người khuyết tật"),
            item(LE_PHI, 0, case="trẻ em dưới 6 tuổi"),
        ],
        [],
    )


def test_names_units_and_cases_keep_a_final_capital_letter():
    cell = (
        "50,000 VNĐ (Lệ phí cấp giấy phép hạng X: 50.000 đồng/giấy phép hạng X."
        " Miễn lệ phí cho đối tượng tại Phụ lục X)"
    )
    assert read(cell) == _Cell(
        [
            item(LE_PHI, 50000, unit="giấy phép hạng X", name="Lệ phí cấp giấy phép hạng X"),
            item(LE_PHI, 0, case="đối tượng tại Phụ lục X"),
        ],
        [],
    )


@pytest.mark.parametrize(
    ("cell", "name"),
    [
        ("10,000 VNĐ (Lệ phí là: 10.000 đồng/bản)", "Lệ phí"),
        ("10,000 VNĐ (Lệ phí: thu 10.000 đồng/bản)", "Lệ phí"),
        ("10,000 VNĐ (Lệ phí cấp đổi- 10.000 đồng/bản)", "Lệ phí cấp đổi"),
    ],
)
def test_the_fee_name_before_the_amount_is_trimmed(cell, name):
    assert read(cell) == _Cell([item(LE_PHI, 10000, unit="bản", name=name)], [])


def test_the_kind_is_read_from_the_whole_sentence_after_mức_thu():
    assert read("50,000 VNĐ (Mức thu: 50.000 đồng/lần, gồm cả lệ phí cấp giấy)") == _Cell(
        [item(LE_PHI, 50000, unit="lần")], []
    )


def test_the_first_sentence_naming_a_kind_decides_it():
    cell = "10,000 VNĐ (Lệ phí đăng ký: 10.000 đồng/lần. Trường hợp nộp trực tuyến thu 10.000 đồng/lần)"
    assert read(cell) == _Cell(
        [item(LE_PHI, 10000, unit="lần", case="Trường hợp nộp trực tuyến", name="Lệ phí đăng ký")], []
    )


def test_a_case_sentence_without_an_amount_gives_the_case_and_kind():
    cell = "5,000 VNĐ (Trường hợp nộp lệ phí qua cổng dịch vụ công. 5.000 đồng/lần)"
    assert read(cell) == _Cell([item(LE_PHI, 5000, unit="lần", case="Trường hợp nộp lệ phí qua cổng dịch vụ công")], [])
    cell = "5,000 VNĐ (Lệ phí: 5.000 đồng/lần. Trường hợp nộp hồ sơ trực tuyến)"
    assert read(cell) == _Cell(
        [item(LE_PHI, 5000, unit="lần", case="Trường hợp nộp hồ sơ trực tuyến", name="Lệ phí")], []
    )


def test_an_amount_without_a_unit():
    assert read("10,000 VNĐ (10.000 đồng)") == _Cell([item(UNSPECIFIED, 10000)], [])


def test_a_reference_without_an_amount_does_not_hide_the_next_sentence():
    cell = "20,000 VNĐ (Áp dụng theo Thông tư 281/2016/TT-BTC. Miễn lệ phí cho người khuyết tật)"
    assert read(cell) == _Cell(
        [item(LE_PHI, 0, case="người khuyết tật")],
        ["ghi mức thu theo văn bản khác, không ghi số tiền (Áp dụng theo Thông tư 281/2016/TT-BTC)."],
    )


def test_long_sentences_are_shown_up_to_80_characters():
    cell = (
        "20,000 VNĐ (Mức thu áp dụng theo Thông tư số 106/2021/TT-BTC ngày 26 tháng 11 năm 2021"
        " của Bộ trưởng Bộ Tài chính)"
    )
    assert read(cell).problems == [
        "ghi mức thu theo văn bản khác, không ghi số tiền"
        " (Mức thu áp dụng theo Thông tư số 106/2021/TT-BTC ngày 26 tháng 11 năm 2021 của B)."
    ]
    cell = (
        "50,000 VNĐ (Giảm 50% mức thu lệ phí đối với hồ sơ nộp trực tuyến từ ngày 01/7/2025 đến hết"
        " ngày 31/12/2026 theo Thông tư 64/2025/TT-BTC)"
    )
    assert read(cell) == _Cell(
        [],
        [
            "mức thu tính theo tỷ lệ phần trăm"
            " (Giảm 50% mức thu lệ phí đối với hồ sơ nộp trực tuyến từ ngày 01/7/2025 đến hết n)."
        ],
    )


def test_the_plausible_amount_starts_at_1000_dong():
    assert read("1,000 VNĐ") == _Cell([item(UNSPECIFIED, 1000)], [])
    assert read("1 VNĐ") == _Cell([], ["mức thu 1 đồng quá nhỏ, có lẽ thiếu chữ số; cần kiểm tra."])
    # 1,000 đồng is plausible, so a note of 1,000 times it is another amount, not lost thousands.
    assert read("1,000 VNĐ (1.000.000 đồng/lần)") == _Cell(
        [], ["mức thu 1.000 đồng khác với ghi chú (1.000.000 đồng)."]
    )
    assert read("999 VNĐ (999.000 đồng/lần)") == _Cell([item(UNSPECIFIED, 999000, unit="lần")], [])


@pytest.mark.parametrize(
    ("text", "case"),
    [
        ("người có công với cách mạng (thân nhân liệt sĩ)", "người có công với cách mạng (thân nhân liệt sĩ)"),
        ("(người có công với cách mạng (thân nhân liệt sĩ))", "người có công với cách mạng (thân nhân liệt sĩ)"),
        ("(hộ nghèo", "hộ nghèo"),
        ("hộ nghèo).", "hộ nghèo"),
        ("(trẻ em dưới 6 tuổi)", "trẻ em dưới 6 tuổi"),
        ("(hộ nghèo) và (hộ cận nghèo)", "(hộ nghèo) và (hộ cận nghèo)"),
        ("- người khuyết tật theo quy định tại Luật Người khuyết tật", "người khuyết tật"),
    ],
)
def test_a_case_keeps_its_own_brackets_and_loses_the_sentences(text, case):
    from cms.catalogue.fees import _clean_case

    assert _clean_case(text) == case
