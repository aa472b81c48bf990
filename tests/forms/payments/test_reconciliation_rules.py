"""Reading bank statements (issue #13) without a database: header names, cells, amounts, dates,
encodings, delimiters and the limits, with every expected value written out."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from django.core.exceptions import ValidationError

from forms.payments.reconciliation import (
    _columns,
    _decode,
    _fold,
    _rows_from_table,
    _statement_name,
    _text,
    parse_statement_amount,
    parse_statement_date,
    statement_rows_read,
)

HEADER = ["Ngày giao dịch", "Số tiền ghi có", "Nội dung", "Số tham chiếu"]
NOT_A_STATEMENT = (
    "Không nhận ra tệp sao kê: trong 30 dòng đầu không có dòng tiêu đề gồm các cột ngày giao dịch "
    "(“Ngày giao dịch”), số tiền ghi có (“Số tiền ghi có”) và nội dung (“Nội dung”). Hãy tải lên sao kê "
    "tài khoản do ngân hàng xuất ra, dạng CSV hoặc XLSX."
)


def csv_bytes(rows, *, encoding="utf-8", delimiter=",") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


def read(rows, **kwargs):
    return [
        (r.row_number, r.booked_on, r.amount, r.memo, r.reference)
        for r in statement_rows_read(content=csv_bytes(rows, **kwargs), filename="saoke.csv")
    ]


def refusal(content, filename="saoke.csv"):
    with pytest.raises(ValidationError) as error:
        statement_rows_read(content=content, filename=filename)
    return error.value.code, error.value.messages


# -- cells -------------------------------------------------------------------------------------


def test_header_cells_are_folded_without_diacritics_units_or_extra_blanks():
    assert _fold("Số tiền ghi có (VND)") == "so tien ghi co"
    assert _fold("  NGÀY\tGD ") == "ngay gd"
    assert _fold("Ref. No") == "ref no"
    assert _fold("Số dư (VND) cuối (kỳ)") == "so du cuoi"
    assert _fold(None) == ""
    assert _fold(2026) == "2026"


def test_cells_as_text():
    assert _text(None) == ""
    assert _text(998877.0) == "998877"
    assert _text(12.5) == "12.5"
    assert _text(0) == "0"
    assert _text("  FT26339  ") == "FT26339"
    assert _text("L\u00ea\u0323 phi\u0301") == "Lệ phí"  # combining marks composed (NFC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 12, 5), date(2026, 12, 5)),
        ("5.12.2026", date(2026, 12, 5)),
        ("05/1/2026", date(2026, 1, 5)),
        ("05/12/2026T10:00", date(2026, 12, 5)),
        ("2026-12-5", date(2026, 12, 5)),
        ("2026-12-05 10:00:00", date(2026, 12, 5)),
        ("2026-12-05T10:00:00", date(2026, 12, 5)),
        ("2026-12-05t10:00:00", None),
        ("05/12/2026t10:00", None),
        ("2026-02-30", None),
        ("05/12/26", None),
        ("105/12/2026", None),
        ("05/12/2026x", None),
        ("Ngày 05/12/2026", None),
        ("2026/12/05", None),
        (None, None),
    ],
)
def test_dates_in_the_forms_banks_write(value, expected):
    assert parse_statement_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("20000"), 20000),
        (Decimal("20000.00"), 20000),
        ("20.000đ", 20000),
        ("20.000 đồng", 20000),
        ("20000VNĐ", 20000),
        ("20000vnd", 20000),
        ("20,00", 20),
        ("20.000,0", 20000),
        ("20\u00a0000", 20000),
        ("2.000.000.000", 2_000_000_000),
        (2_000_000_000, 2_000_000_000),
        (0, 0),
        ("đ", 0),
    ],
)
def test_more_amounts_as_banks_write_them(value, expected):
    assert parse_statement_amount(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        True,
        False,
        Decimal("20000.5"),
        -5,
        -5.0,
        2_000_000_001,
        "2.000.000.001",
        "20,000.5",
        "20.000.5",
        "20,000,00",
        "20.000.00",
    ],
)
def test_amounts_refused(value):
    with pytest.raises(ValueError) as error:
        parse_statement_amount(value)
    assert error.value.args == (value,)  # the cell as read, for the caller's message


# -- columns -----------------------------------------------------------------------------------


def test_columns_are_found_by_name_in_order_of_preference():
    cells = ["Ngày hiệu lực", "Ngày giao dịch", "Diễn giải", "Nội dung", "Ghi có", "Số tiền ghi có", "Ref", "Mã GD"]
    assert _columns(cells) == {"date": 1, "credit": 5, "memo": 3, "reference": 7}


def test_a_reference_column_is_optional_the_others_are_required():
    assert _columns(["Date", "Credit", "Remarks"]) == {"date": 0, "credit": 1, "memo": 2}
    assert _columns(["Ngày giao dịch", "Số tiền ghi có", "Số tham chiếu"]) is None
    assert _columns(["Ngày giao dịch", "Nội dung", "Số tham chiếu"]) is None
    assert _columns(["Số tiền ghi có", "Nội dung", "Số tham chiếu"]) is None
    assert _columns([]) is None


# -- tables ------------------------------------------------------------------------------------


def test_the_header_is_looked_for_in_the_first_thirty_rows_only():
    line = ["05/12/2026", "20.000", "HS-261205-0001", "FT1"]
    at_thirty = [[f"dòng {n}"] for n in range(29)] + [HEADER, line]
    assert [(r.row_number, r.amount) for r in _rows_from_table(at_thirty)] == [(31, 20000)]
    at_thirty_one = [[f"dòng {n}"] for n in range(30)] + [HEADER, line]
    assert _rows_from_table(at_thirty_one) is None
    assert _rows_from_table([]) is None


def test_short_rows_and_long_cells():
    rows = [
        ["Số tham chiếu", "Ngày giao dịch", "Số tiền ghi có", "Nội dung"],
        ["FT1", "05/12/2026", "20.000"],  # no memo cell
        ["R" * 150, "06/12/2026", "35.000", "M" * 1200],
        ["FT3", "", "40.000", "no date: a total"],
        ["FT4", "07/12/2026", "", "a debit line"],
        ["FT5", "07/12/2026", "0", "zero"],
        ["FT6", "08/12/2026", "5.000", "after them"],
    ]
    assert [(r.row_number, r.booked_on, r.amount, r.memo, r.reference) for r in _rows_from_table(rows)] == [
        (2, date(2026, 12, 5), 20000, "", "FT1"),
        (3, date(2026, 12, 6), 35000, "M" * 1000, "R" * 100),
        (7, date(2026, 12, 8), 5000, "after them", "FT6"),
    ]


def test_without_a_reference_column_the_reference_is_blank():
    assert read([["Ngày giao dịch", "Số tiền ghi có", "Nội dung"], ["05/12/2026", "20.000", "a"]]) == [
        (2, date(2026, 12, 5), 20000, "a", "")
    ]


def test_five_unreadable_amounts_are_named_and_more_are_cut_short():
    bad = [["05/12/2026", f"sai {n} " + "x" * 40, "a", ""] for n in range(5)]
    code, messages = refusal(csv_bytes([HEADER, *bad]))
    assert code == "bad_amount"
    shown = ", ".join(f"dòng {n + 2} (“sai {n} {'x' * 24}”)" for n in range(5))
    assert messages == [
        f"Không đọc được số tiền ghi có ở {shown}: số tiền phải là số đồng, ví dụ 20.000. "
        "Chưa nhập dòng nào của sao kê."
    ]
    code, messages = refusal(csv_bytes([HEADER, *bad, ["05/12/2026", "sáu", "a", ""]]))
    assert messages[0].startswith(f"Không đọc được số tiền ghi có ở {shown}, …: số tiền")


def test_five_thousand_credit_lines_are_read_and_one_more_is_refused():
    line = ["05/12/2026", "1.000", "a", ""]
    assert len(_rows_from_table([HEADER] + [line] * 5000)) == 5000
    with pytest.raises(ValidationError) as error:
        _rows_from_table([HEADER] + [line] * 5001)
    assert error.value.code == "too_many_lines"
    assert error.value.messages == [
        "Sao kê có quá 5000 giao dịch ghi có: hãy xuất sao kê theo từng khoảng thời gian ngắn hơn."
    ]


# -- files -------------------------------------------------------------------------------------


def test_utf16_with_its_bom():
    text = "Ngày giao dịch\tSố tiền ghi có\tNội dung\n05/12/2026\t20.000\tLệ phí\n"
    content = b"\xff\xfe" + text.encode("utf-16-le")
    assert statement_rows_read(content=content, filename="saoke.csv")[0].memo == "Lệ phí"
    assert _decode(b"\xfe\xff" + "Lệ".encode("utf-16-be")) == "Lệ"


def test_windows_1252_when_windows_1258_cannot_read_it():
    assert _decode(b"Nguy\x8an") == "NguyŠn"  # 0x8A: Š in Windows-1252, unassigned in Windows-1258
    assert _decode("Lê".encode("cp1258")) == "Lê"
    assert _decode("Lệ".encode("utf-8-sig")) == "Lệ"


def test_an_encoding_no_codepage_reads_is_refused():
    with pytest.raises(ValidationError) as error:
        _decode(b"abc\x81def")
    assert error.value.code == "encoding"
    assert error.value.messages == ["Không đọc được bảng mã của tệp CSV (cần UTF-8)."]


def test_a_binary_file_is_not_a_statement():
    # Even when it would read as one: a NUL byte is never in a CSV a bank exports.
    readable = csv_bytes([HEADER, ["05/12/2026", "20.000", "a\x00b", "F1"]])
    assert refusal(readable)[0] == "not_statement"
    code, messages = refusal(b"Ng\x00y giao d\x00ch")
    assert code == "not_statement"
    assert messages == [NOT_A_STATEMENT]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_every_delimiter_banks_use(delimiter):
    rows = [HEADER, ["05/12/2026", "20000", "HS-261205-0001", "FT1"]]
    assert read(rows, delimiter=delimiter) == [(2, date(2026, 12, 5), 20000, "HS-261205-0001", "FT1")]


def test_the_size_limit_is_five_megabytes():
    rows = csv_bytes([HEADER, ["05/12/2026", "20000", "a", "F"]])
    padding = 5 * 1024 * 1024 - len(rows)  # footer lines of 1,000 bytes, then the rest
    at_limit = rows + (b"x" * 999 + b"\n") * (padding // 1000) + b"y" * (padding % 1000)
    assert len(statement_rows_read(content=at_limit, filename="saoke.csv")) == 1
    assert refusal(at_limit + b" ") == (
        "too_large",
        ["Tệp sao kê lớn quá 5 MB: hãy xuất theo khoảng thời gian ngắn hơn."],
    )


def test_empty_and_old_excel_files_are_refused_with_their_messages():
    assert refusal(b"") == ("empty", ["Tệp sao kê rỗng."])
    assert refusal(b"\xd0\xcf\x11\xe0rest", "saoke.csv") == (
        "xls",
        ["Tệp Excel 97–2003 (.xls) chưa đọc được: hãy mở tệp và lưu lại dạng .xlsx hoặc CSV."],
    )


def xlsx_bytes(*sheets) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for number, rows in enumerate(sheets):
        sheet = workbook.create_sheet(f"Trang {number + 1}")
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_an_xlsx_is_told_by_its_content_or_its_name_and_its_statement_may_be_on_a_later_sheet():
    content = xlsx_bytes([["Tổng hợp"], ["Không có gì"]], [HEADER, [datetime(2026, 12, 5, 9), 20000.0, "a", 12345.0]])
    for name in ("saoke.xlsx", "SAOKE.XLSX", "saoke.csv", "saoke"):
        assert [(r.row_number, r.amount, r.reference) for r in statement_rows_read(content=content, filename=name)] == [
            (2, 20000, "12345")
        ]


def test_an_xlsx_without_a_statement_and_a_broken_one():
    assert refusal(xlsx_bytes([["Tổng hợp"]]), "saoke.xlsx") == ("not_statement", [NOT_A_STATEMENT])
    assert refusal(csv_bytes([["Họ tên", "Ngày sinh"], ["An", "01/01/1990"]])) == ("not_statement", [NOT_A_STATEMENT])
    assert refusal(b"not a zip at all", "SAOKE.XLSX")[0] == "bad_xlsx"  # told by its name, any case
    assert refusal(b"not a zip at all", "saoke.xlsx") == (
        "bad_xlsx",
        ["Tệp không phải bảng tính XLSX hợp lệ (tệp hỏng hoặc không phải sao kê)."],
    )


def test_the_stored_file_is_named_by_its_kind():
    assert _statement_name("Sao kê tháng 12.XLSX") == "sao-ke.xlsx"
    assert _statement_name("saoke.xlsx") == "sao-ke.xlsx"
    assert _statement_name("saoke.csv") == "sao-ke.csv"
    assert _statement_name("saoke.xls") == "sao-ke.csv"


def test_a_formula_is_read_as_the_value_the_spreadsheet_stored_not_as_its_text():
    # openpyxl stores no computed value: the cell reads as empty (a debit-like line), not "=10000+10000".
    content = xlsx_bytes([HEADER, ["05/12/2026", "=10000+10000", "a", "F1"], ["06/12/2026", 35000, "b", "F2"]])
    assert [(r.row_number, r.amount) for r in statement_rows_read(content=content, filename="saoke.xlsx")] == [
        (3, 35000)
    ]


def test_a_sheet_is_read_up_to_its_ten_thousandth_row():
    filler = [["—"]] * 9998  # rows 2 to 9999
    at_limit = xlsx_bytes([HEADER, *filler, ["05/12/2026", 20000, "a", "F1"]])
    assert [r.row_number for r in statement_rows_read(content=at_limit, filename="saoke.xlsx")] == [10000]
    past_limit = xlsx_bytes([HEADER, *filler, ["—"], ["05/12/2026", 20000, "a", "F1"]])
    assert refusal(past_limit, "saoke.xlsx")[0] == "no_credit"


def test_a_memo_over_two_lines_keeps_its_line_break_as_written():
    content = 'Ngày giao dịch,Số tiền ghi có,Nội dung\r\n05/12/2026,20.000,"Lệ phí\r\nHS-261205-0001"\r\n'.encode()
    assert [r.memo for r in statement_rows_read(content=content, filename="saoke.csv")] == ["Lệ phí\r\nHS-261205-0001"]
