"""Reconciliation of bank statements (issue #13): reading CSV and XLSX as banks export them, the
matching rules (match, partial, over, duplicate reference, duplicate because already paid, unknown
code), the officer's decisions, and the history and audit entries each one leaves."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook

from django.core.exceptions import ValidationError

from wagtail.models import ModelLogEntry

from forms.models import (
    BankStatement,
    Dossier,
    DossierEvent,
    DossierStatus,
    EventKind,
    LineDecision,
    LineOutcome,
    Payment,
    PaymentSource,
    PaymentStatus,
    StatementLine,
)
from forms.payments.reconciliation import (
    line_outcome,
    parse_statement_amount,
    parse_statement_date,
    statement_import,
    statement_line_apply,
    statement_line_reject,
    statement_rows_read,
)
from tests.conftest import private_files
from tests.forms import factories as f

HEADER = ["STT", "Ngày giao dịch", "Số tham chiếu", "Số tiền ghi nợ", "Số tiền ghi có", "Số dư", "Nội dung"]
PREAMBLE = [
    ["NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM"],
    ["SAO KÊ TÀI KHOẢN"],
    ["Số tài khoản: 1234567890", "", "Tên tài khoản: UBND XA HAM CHINH"],
    ["Từ ngày 01/12/2026 đến ngày 06/12/2026"],
    [],
]


def statement_files(root) -> list[str]:
    return [name for name in private_files(root) if name.startswith("statements/")]


def csv_bytes(rows, *, encoding="utf-8-sig", delimiter=",") -> bytes:
    import csv

    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


def cp1258_bytes(text: str) -> bytes:
    """``text`` as Windows-1258 writes it: base letters with their vowel marks (â, ơ, ư), then the
    tone mark as a combining character."""
    import unicodedata

    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
            letter = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
            out += letter.encode("cp1258") + tones.encode("cp1258")
    return out


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sao kê"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# -- amounts and dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20.000", 20000),
        ("20,000", 20000),
        ("20000.00", 20000),
        ("20000", 20000),
        ("1.250.000", 1250000),
        ("1,250,000.00", 1250000),
        ("1.250.000,00", 1250000),
        ("20 000 VND", 20000),
        ("+20,000", 20000),
        ("", 0),
        ("-", 0),
        (None, 0),
        (20000, 20000),
        (20000.0, 20000),
    ],
)
def test_amounts_as_banks_write_them(text, expected):
    assert parse_statement_amount(text) == expected


@pytest.mark.parametrize("text", ["abc", "20.000,50", "1,5", "-20.000", "20.00.00", 20000.5])
def test_amounts_that_are_not_whole_dong_are_refused(text):
    with pytest.raises(ValueError):
        parse_statement_amount(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("05/12/2026", date(2026, 12, 5)),
        ("5/12/2026 14:03:22", date(2026, 12, 5)),
        ("05-12-2026", date(2026, 12, 5)),
        ("2026-12-05", date(2026, 12, 5)),
        (datetime(2026, 12, 5, 9, 30), date(2026, 12, 5)),
        ("Tổng cộng", None),
        ("31/02/2026", None),
        ("", None),
    ],
)
def test_dates_day_first(value, expected):
    assert parse_statement_date(value) == expected


# -- reading files ------------------------------------------------------------------------------


ROWS = [
    *PREAMBLE,
    HEADER,
    ["1", "05/12/2026", "FT2633900001", "", "20.000", "1.020.000", "MBVCB.3278.HS-261205-0001.CT tu NGUYEN VAN AN"],
    ["2", "05/12/2026", "FT2633900002", "150.000", "", "870.000", "Phí dịch vụ SMS"],
    ["3", "06/12/2026", "FT2633900003", "", "35.000", "905.000", "nop le phi"],
    ["", "Tổng cộng", "", "150.000", "55.000", "", ""],
]


def test_csv_with_preamble_keeps_credit_lines_only():
    rows = statement_rows_read(content=csv_bytes(ROWS), filename="saoke.csv")
    assert [(r.row_number, r.booked_on, r.amount, r.reference) for r in rows] == [
        (7, date(2026, 12, 5), 20000, "FT2633900001"),
        (9, date(2026, 12, 6), 35000, "FT2633900003"),
    ]
    assert rows[0].memo == "MBVCB.3278.HS-261205-0001.CT tu NGUYEN VAN AN"


def test_csv_in_windows_1258_with_semicolons():
    # Vietnamese Excel saves "CSV" in Windows-1258 with ";"; its tone marks are combining characters.
    rows = [
        ["Ngày GD", "Mã giao dịch", "Có", "Diễn giải"],
        ["05/12/2026", "123", "20000.00", "Lệ phí hộ tịch HS-261205-0001"],
    ]
    content = cp1258_bytes(csv_bytes(rows, encoding="utf-8", delimiter=";").decode())
    assert content.decode("cp1258") != "Lệ phí"  # combining tone marks, not precomposed letters
    read = statement_rows_read(content=content, filename="saoke.csv")
    assert [(r.amount, r.reference, r.memo) for r in read] == [(20000, "123", "Lệ phí hộ tịch HS-261205-0001")]


def test_csv_utf8_without_bom_and_english_headers():
    rows = [
        ["Transaction Date", "Reference", "Debit", "Credit", "Description"],
        ["05/12/2026", "R1", "", "20,000", "x"],
    ]
    read = statement_rows_read(content=csv_bytes(rows, encoding="utf-8"), filename="statement.csv")
    assert [(r.booked_on, r.amount, r.reference, r.memo) for r in read] == [(date(2026, 12, 5), 20000, "R1", "x")]


def test_xlsx_with_dates_and_numbers_as_cells():
    rows = [
        *PREAMBLE,
        ["Ngày hiệu lực", "Số bút toán", "Ghi nợ", "Ghi có", "Mô tả"],
        [datetime(2026, 12, 5, 10, 0), 998877, None, 20000, "HS-261205-0001"],
        [datetime(2026, 12, 5, 11, 0), 998878, 5000, None, "phi"],
    ]
    read = statement_rows_read(content=xlsx_bytes(rows), filename="saoke.xlsx")
    assert [(r.row_number, r.booked_on, r.amount, r.reference, r.memo) for r in read] == [
        (7, date(2026, 12, 5), 20000, "998877", "HS-261205-0001")
    ]


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"", "saoke.csv", "empty"),
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "saoke.csv", "not_statement"),
        ("Họ tên,Ngày sinh\nAn,01/01/1990\n".encode(), "danh-sach.csv", "not_statement"),
        (b"PK\x03\x04 not really a zip", "saoke.xlsx", "bad_xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "saoke.xls", "xls"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "anh.csv", "not_statement"),
    ],
)
def test_files_that_are_not_statements(content, name, code):
    with pytest.raises(ValidationError) as error:
        statement_rows_read(content=content, filename=name)
    assert error.value.code == code


def test_a_statement_without_credit_lines():
    rows = [HEADER, ["1", "05/12/2026", "F1", "150.000", "", "0", "Phí"]]
    with pytest.raises(ValidationError) as error:
        statement_rows_read(content=csv_bytes(rows), filename="saoke.csv")
    assert error.value.code == "no_credit"
    assert error.value.messages == ["Sao kê không có giao dịch ghi có nào (tiền chuyển vào tài khoản) để đối soát."]


def test_an_unreadable_amount_refuses_the_whole_file_naming_the_row():
    rows = [
        HEADER,
        ["1", "05/12/2026", "F1", "", "20.000", "", "a"],
        ["2", "05/12/2026", "F2", "", "hai mươi", "", "b"],
    ]
    with pytest.raises(ValidationError) as error:
        statement_rows_read(content=csv_bytes(rows), filename="saoke.csv")
    assert error.value.code == "bad_amount"
    assert "dòng 3 (“hai mươi”)" in error.value.messages[0]


# -- the matching rule --------------------------------------------------------------------------


def _dossier_stub(*, due, paid, status):
    return Dossier(amount_due=due, amount_paid=paid, payment_status=status)


@pytest.mark.parametrize(
    ("amount", "due", "paid", "status", "duplicate", "expected"),
    [
        (20000, 20000, 0, PaymentStatus.AWAITING, False, LineOutcome.MATCHED),
        (10000, 20000, 10000, PaymentStatus.PARTIAL, False, LineOutcome.MATCHED),
        (15000, 20000, 0, PaymentStatus.AWAITING, False, LineOutcome.PARTIAL),
        (25000, 20000, 0, PaymentStatus.AWAITING, False, LineOutcome.OVER),
        (5000, 0, 0, PaymentStatus.NOT_REQUIRED, False, LineOutcome.OVER),
        (20000, 20000, 20000, PaymentStatus.PAID, False, LineOutcome.DUPLICATE),
        (20000, 20000, 0, PaymentStatus.AWAITING, True, LineOutcome.DUPLICATE),
    ],
)
def test_line_outcome(amount, due, paid, status, duplicate, expected):
    dossier = _dossier_stub(due=due, paid=paid, status=status)
    assert line_outcome(amount=amount, dossier=dossier, duplicate_reference=duplicate) == expected


def test_line_outcome_without_a_dossier():
    assert line_outcome(amount=20000, dossier=None, duplicate_reference=False) == LineOutcome.UNKNOWN
    assert line_outcome(amount=20000, dossier=None, duplicate_reference=True) == LineOutcome.DUPLICATE


# -- importing ----------------------------------------------------------------------------------


@pytest.fixture
def officer(db):
    return f.staff_make("ketoan", f.OFFICERS)


@pytest.fixture
def page(home):
    return f.form_page_make()


def awaiting(page, *, due=20000):
    dossier = f.dossier_make(page=page)
    Dossier.objects.filter(pk=dossier.pk).update(amount_due=due, payment_status=PaymentStatus.AWAITING)
    dossier.refresh_from_db()
    return dossier


def line(day, reference, amount, memo):
    return ["", day, reference, "", amount, "", memo]


def import_rows(rows, officer, *, name="saoke.csv"):
    return statement_import(content=csv_bytes([HEADER, *rows]), original_name=name, actor=officer)


@pytest.mark.django_db
def test_import_applies_exact_matches_only(page, officer, private_root):
    exact, short, over, paid = (awaiting(page) for _ in range(4))
    Dossier.objects.filter(pk=paid.pk).update(amount_paid=20000, payment_status=PaymentStatus.PAID)
    statement = import_rows(
        [
            line("05/12/2026", "FT1", "20.000", f"MBVCB.3278.{exact.code}.CT tu NGUYEN VAN AN"),
            line("05/12/2026", "FT2", "15.000", f"{short.code} nop le phi"),
            line("05/12/2026", "FT3", "25.000", f"{over.code}"),
            line("05/12/2026", "FT4", "20.000", f"{paid.code}"),
            line("06/12/2026", "FT5", "20.000", "chuyen tien"),
        ],
        officer,
    )
    lines = list(statement.lines.order_by("row_number"))
    assert [(x.row_number, x.outcome, x.decision, x.dossier_id) for x in lines] == [
        (2, LineOutcome.MATCHED, LineDecision.APPLIED, exact.pk),
        (3, LineOutcome.PARTIAL, LineDecision.PENDING, short.pk),
        (4, LineOutcome.OVER, LineDecision.PENDING, over.pk),
        (5, LineOutcome.DUPLICATE, LineDecision.PENDING, paid.pk),
        (6, LineOutcome.UNKNOWN, LineDecision.PENDING, None),
    ]
    exact.refresh_from_db()
    assert (exact.amount_paid, exact.payment_status) == (20000, PaymentStatus.PAID)
    payment = Payment.objects.get()
    assert (payment.dossier_id, payment.amount, payment.paid_on, payment.reference) == (
        exact.pk,
        20000,
        date(2026, 12, 5),
        "FT1",
    )
    assert (payment.source, payment.method, payment.online, payment.statement_line_id) == (
        PaymentSource.STATEMENT,
        "vietqr",
        True,
        lines[0].pk,
    )
    # Nothing was applied to the others.
    for other in (short, over):
        other.refresh_from_db()
        assert (other.amount_paid, other.payment_status) == (0, PaymentStatus.AWAITING)
    event = DossierEvent.objects.get(dossier=exact, kind=EventKind.PAYMENT)
    assert event.note == "Đã nhận 20.000 đồng chuyển khoản (sao kê saoke.csv, dòng 2)."
    assert ModelLogEntry.objects.filter(action="forms.dossier.payment", object_id=str(exact.pk)).count() == 1
    entry = ModelLogEntry.objects.get(action="forms.statement.import")
    assert entry.user == officer
    assert entry.data["lines"] == 5
    assert entry.data["matched"] == 1
    assert entry.data["unknown"] == 1
    assert statement_files(private_root) == [statement.file.name]


@pytest.mark.django_db
def test_importing_the_same_file_twice_pays_nothing_twice(page, officer, private_root):
    dossier = awaiting(page)
    rows = [line("05/12/2026", "FT1", "20.000", dossier.code)]
    import_rows(rows, officer)
    second = import_rows(rows, officer)
    assert [(x.outcome, x.decision) for x in second.lines.all()] == [(LineOutcome.DUPLICATE, LineDecision.PENDING)]
    dossier.refresh_from_db()
    assert dossier.amount_paid == 20000
    assert Payment.objects.count() == 1


@pytest.mark.django_db
def test_a_reference_twice_in_one_file_is_a_duplicate(page, officer, private_root):
    first, second = awaiting(page), awaiting(page)
    statement = import_rows(
        [line("05/12/2026", "FT1", "20.000", first.code), line("05/12/2026", "FT1", "20.000", second.code)],
        officer,
    )
    assert [x.outcome for x in statement.lines.order_by("row_number")] == [LineOutcome.MATCHED, LineOutcome.DUPLICATE]


@pytest.mark.django_db
def test_a_reference_an_officer_already_recorded_is_a_duplicate(page, officer, private_root):
    from forms.payments.services import payment_record

    dossier = awaiting(page, due=40000)
    payment_record(
        dossier=dossier,
        amount=20000,
        paid_on=date(2026, 12, 5),
        reference="FT9",
        method="counter",
        online=False,
        source=PaymentSource.OFFICER,
        actor=officer,
    )
    statement = import_rows([line("05/12/2026", "FT9", "20.000", dossier.code)], officer)
    assert [x.outcome for x in statement.lines.all()] == [LineOutcome.DUPLICATE]


@pytest.mark.django_db
def test_two_lines_for_one_dossier_the_second_is_a_duplicate(page, officer, private_root):
    dossier = awaiting(page)
    statement = import_rows(
        [line("05/12/2026", "FT1", "20.000", dossier.code), line("05/12/2026", "FT2", "20.000", dossier.code)],
        officer,
    )
    assert [x.outcome for x in statement.lines.order_by("row_number")] == [LineOutcome.MATCHED, LineOutcome.DUPLICATE]


@pytest.mark.django_db
def test_an_xlsx_statement_is_imported(page, officer, private_root):
    dossier = awaiting(page)
    content = xlsx_bytes(
        [*PREAMBLE, ["Ngày GD", "Mã GD", "Ghi có", "Nội dung"], ["05/12/2026", "X1", 20000, dossier.code]]
    )
    statement = statement_import(content=content, original_name="SaoKe.XLSX", actor=officer)
    assert statement.file.name.endswith(".xlsx")
    dossier.refresh_from_db()
    assert dossier.payment_status == PaymentStatus.PAID


@pytest.mark.django_db
def test_a_bad_file_leaves_nothing_behind(officer, private_root):
    with pytest.raises(ValidationError):
        statement_import(content=b"not a statement", original_name="saoke.csv", actor=officer)
    assert BankStatement.objects.count() == 0
    assert statement_files(private_root) == []


@pytest.mark.django_db
def test_a_failure_while_importing_rolls_back_and_removes_the_file(page, officer, private_root, monkeypatch):
    from forms.payments import reconciliation

    dossier = awaiting(page)

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(reconciliation, "payment_record", broken)
    with pytest.raises(RuntimeError):
        import_rows([line("05/12/2026", "FT1", "20.000", dossier.code)], officer)
    assert (BankStatement.objects.count(), StatementLine.objects.count(), Payment.objects.count()) == (0, 0, 0)
    assert statement_files(private_root) == []


# -- decisions ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_officer_applies_a_partial_line(page, officer, private_root):
    dossier = awaiting(page)
    statement = import_rows([line("05/12/2026", "FT2", "15.000", dossier.code)], officer)
    pending = statement.lines.get()
    payment = statement_line_apply(line=pending, actor=officer, note="Người dân nộp nốt tại quầy.")
    assert (payment.amount, payment.statement_line_id, payment.recorded_by) == (15000, pending.pk, officer)
    pending.refresh_from_db()
    assert (pending.decision, pending.decided_by, pending.note) == (
        LineDecision.APPLIED,
        officer,
        "Người dân nộp nốt tại quầy.",
    )
    dossier.refresh_from_db()
    assert (dossier.amount_paid, dossier.payment_status) == (15000, PaymentStatus.PARTIAL)
    event = DossierEvent.objects.get(dossier=dossier, kind=EventKind.PAYMENT)
    assert event.note == (
        "Cán bộ ghi nhận 15.000 đồng chuyển khoản ngày 05/12/2026 (sao kê, kết quả đối chiếu: nộp thiếu). "
        "Người dân nộp nốt tại quầy."
    )
    assert ModelLogEntry.objects.filter(action="forms.statement.line_apply", user=officer).count() == 1
    # A decided line is not decided again.
    with pytest.raises(ValidationError) as error:
        statement_line_apply(line=pending, actor=officer)
    assert error.value.code == "already_decided"
    with pytest.raises(ValidationError):
        statement_line_reject(line=pending, actor=officer, note="nhầm")
    assert Payment.objects.count() == 1


@pytest.mark.django_db
def test_officer_applies_an_unknown_line_to_the_dossier_they_choose(page, officer, private_root):
    dossier = awaiting(page)
    statement = import_rows([line("05/12/2026", "FT5", "20.000", "NGUYEN VAN AN chuyen tien")], officer)
    unknown = statement.lines.get()
    with pytest.raises(ValidationError) as error:
        statement_line_apply(line=unknown, actor=officer)
    assert error.value.code == "dossier_required"
    statement_line_apply(line=unknown, actor=officer, dossier=dossier)
    unknown.refresh_from_db()
    assert (unknown.dossier_id, unknown.decision) == (dossier.pk, LineDecision.APPLIED)
    dossier.refresh_from_db()
    assert dossier.payment_status == PaymentStatus.PAID


@pytest.mark.django_db
def test_officer_rejects_an_over_payment_with_a_note(page, officer, private_root):
    dossier = awaiting(page)
    statement = import_rows([line("05/12/2026", "FT3", "25.000", dossier.code)], officer)
    over = statement.lines.get()
    with pytest.raises(ValidationError) as error:
        statement_line_reject(line=over, actor=officer, note="  ")
    assert error.value.code == "note_required"
    statement_line_reject(line=over, actor=officer, note="Chuyển nhầm, đã hoàn trả người dân.")
    over.refresh_from_db()
    assert (over.decision, over.decided_by, over.note) == (
        LineDecision.REJECTED,
        officer,
        "Chuyển nhầm, đã hoàn trả người dân.",
    )
    dossier.refresh_from_db()
    assert (dossier.amount_paid, dossier.payment_status) == (0, PaymentStatus.AWAITING)
    assert Payment.objects.count() == 0
    event = DossierEvent.objects.get(dossier=dossier, kind=EventKind.PAYMENT)
    assert event.note == "Không ghi nhận khoản chuyển 25.000 đồng ngày 05/12/2026: Chuyển nhầm, đã hoàn trả người dân."
    assert event.data["decision"] == "rejected"
    assert ModelLogEntry.objects.filter(action="forms.dossier.payment_reject", object_id=str(dossier.pk)).count() == 1
    assert ModelLogEntry.objects.filter(action="forms.statement.line_reject").count() == 1


@pytest.mark.django_db
def test_rejecting_an_unknown_line_is_logged_on_the_statement(officer, private_root):
    statement = import_rows([line("05/12/2026", "FT5", "20.000", "ung ho quy")], officer)
    statement_line_reject(line=statement.lines.get(), actor=officer, note="Tiền ủng hộ quỹ, không phải lệ phí.")
    entry = ModelLogEntry.objects.get(action="forms.statement.line_reject")
    assert (entry.object_id, entry.user, entry.data["note"]) == (
        str(statement.pk),
        officer,
        "Tiền ủng hộ quỹ, không phải lệ phí.",
    )
    assert DossierEvent.objects.filter(kind=EventKind.PAYMENT).count() == 0


# -- an officer records a payment -----------------------------------------------------------------


@pytest.mark.django_db
def test_officer_records_cash_then_the_rest_by_transfer(page, officer):
    from forms.payments.reconciliation import payment_officer_record

    dossier = awaiting(page)
    payment_officer_record(dossier=dossier, actor=officer, amount=5000, paid_on=date(2026, 12, 5), reference="BL1")
    assert (dossier.amount_paid, dossier.payment_status) == (5000, PaymentStatus.PARTIAL)
    payment_officer_record(
        dossier=dossier, actor=officer, amount=15000, paid_on=date(2026, 12, 6), method="vietqr", reference="FT7"
    )
    assert [(p.amount, p.method, p.online, p.source) for p in Payment.objects.order_by("pk")] == [
        (5000, "counter", False, PaymentSource.OFFICER),
        (15000, "vietqr", True, PaymentSource.OFFICER),
    ]
    dossier.refresh_from_db()
    assert (dossier.amount_paid, dossier.payment_status) == (20000, PaymentStatus.PAID)
    # Repeating the entry is refused: nothing is left to pay.
    with pytest.raises(ValidationError) as error:
        payment_officer_record(dossier=dossier, actor=officer, amount=20000, paid_on=date(2026, 12, 6))
    assert error.value.code == "not_awaiting"
    assert Payment.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"amount": 0}, "amount_invalid"),
        ({"amount": 20001}, "amount_over"),
        ({"paid_on": date(2099, 1, 1)}, "date_future"),
        ({"method": "tien-ao"}, "method"),
    ],
)
def test_officer_record_refusals(page, officer, kwargs, code):
    from forms.payments.reconciliation import payment_officer_record

    dossier = awaiting(page)
    values = {"amount": 20000, "paid_on": date(2026, 12, 5), "method": "counter"} | kwargs
    with pytest.raises(ValidationError) as error:
        payment_officer_record(dossier=dossier, actor=officer, **values)
    assert error.value.code == code
    assert Payment.objects.count() == 0


@pytest.mark.django_db
def test_officer_cannot_record_a_fee_that_is_not_due(page, officer):
    from forms.payments.reconciliation import payment_officer_record

    dossier = f.dossier_make(page=page)
    with pytest.raises(ValidationError) as error:
        payment_officer_record(dossier=dossier, actor=officer, amount=20000, paid_on=date(2026, 12, 5))
    assert error.value.messages == ["Hồ sơ không còn khoản phí, lệ phí nào phải nộp (“Không phải nộp phí”)."]


@pytest.mark.django_db
def test_a_line_without_a_code_costs_one_query(officer, private_root):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(count: int, prefix: str) -> int:
        rows = [line("05/12/2026", f"{prefix}{i}", "20.000", "chuyen tien") for i in range(count)]
        with CaptureQueriesContext(connection) as captured:
            import_rows(rows, officer)
        return len(captured)

    queries(1, "W")  # the audit log's content types, cached once
    # The bank references are checked in two queries for the whole file; each line is one insert.
    assert queries(10, "B") - queries(5, "A") == 5


# -- every value the officer's decisions write (issue #19) ------------------------------------------

NOW = datetime(2026, 12, 8, 10, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
OFFICER_NAME = "Trần Văn Minh"  # factories' staff: last name "Trần Văn", first name "Minh"


@pytest.fixture
def clock(monkeypatch):
    """Reconciliation's clock at 10:30 on 8 December 2026 in Vietnam (set after the dossiers exist)."""

    def set_clock():
        monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)

    return set_clock


def log_entries(action: str) -> list[tuple]:
    return [
        (entry.content_type.model, entry.object_id, entry.user_id, entry.data)
        for entry in ModelLogEntry.objects.filter(action=action).order_by("pk")
    ]


def payment_events(dossier) -> list[tuple]:
    return [
        (event.from_status, event.to_status, event.note, event.actor_id, event.actor_label, event.created_at)
        for event in DossierEvent.objects.filter(dossier=dossier, kind=EventKind.PAYMENT).order_by("pk")
    ]


@pytest.mark.django_db
def test_import_writes_the_statement_each_line_the_payment_and_the_counts(page, officer, private_root, clock):
    from wagtail.models import Site

    exact, short, second = awaiting(page), awaiting(page), awaiting(page)
    clock()
    name = "Sao kê tháng 12 " + "a" * 300 + ".csv"
    content = csv_bytes(
        [
            HEADER,
            line("05/12/2026", "FT1", "20.000", f"MBVCB.3278.{exact.code}.CT tu NGUYEN VAN AN"),
            line("05/12/2026", "FT2", "15.000", f"{short.code} nop le phi"),
            line("06/12/2026", "", "30.000", "ung ho quy khuyen hoc"),
            line("06/12/2026", "FT4", "5.000", "chuyen tien"),
            line("07/12/2026", "FT1", "20.000", second.code),
        ]
    )
    statement = statement_import(content=content, original_name=name, actor=officer)

    statement = BankStatement.objects.get(pk=statement.pk)
    default_site = Site.objects.get(is_default_site=True)
    assert (len(statement.original_name), statement.original_name) == (255, name[:255])
    assert (statement.uploaded_by, statement.site_id) == (officer, default_site.pk)
    assert statement.file.name.startswith("statements/2026/12/") and statement.file.name.endswith(".csv")
    with statement.file.open("rb") as stored:
        assert stored.read() == content
    lines = list(statement.lines.order_by("row_number"))
    assert [
        (x.row_number, x.booked_on, x.amount, x.memo, x.reference, x.dossier_id, x.outcome, x.decision) for x in lines
    ] == [
        (
            2,
            date(2026, 12, 5),
            20000,
            f"MBVCB.3278.{exact.code}.CT tu NGUYEN VAN AN",
            "FT1",
            exact.pk,
            LineOutcome.MATCHED,
            LineDecision.APPLIED,
        ),
        (3, date(2026, 12, 5), 15000, f"{short.code} nop le phi", "FT2", short.pk, "partial", "pending"),
        (4, date(2026, 12, 6), 30000, "ung ho quy khuyen hoc", "", None, "unknown", "pending"),
        (5, date(2026, 12, 6), 5000, "chuyen tien", "FT4", None, "unknown", "pending"),
        (6, date(2026, 12, 7), 20000, second.code, "FT1", second.pk, "duplicate", "pending"),
    ]
    # Only the exact match is decided (by the importing officer, now); the others wait, undecided.
    assert [(x.decided_by_id, x.decided_at, x.note) for x in lines] == [
        (officer.pk, NOW, ""),
        (None, None, ""),
        (None, None, ""),
        (None, None, ""),
        (None, None, ""),
    ]
    payment = Payment.objects.get()
    assert (
        payment.dossier_id,
        payment.amount,
        payment.paid_on,
        payment.reference,
        payment.method,
        payment.online,
        payment.source,
        payment.statement_line_id,
        payment.recorded_by,
        payment.receipt_number,
    ) == (exact.pk, 20000, date(2026, 12, 5), "FT1", "vietqr", True, "statement", lines[0].pk, officer, "2026-0000001")
    assert payment_events(exact) == [
        (
            DossierStatus.RECEIVED,
            DossierStatus.RECEIVED,
            f"Đã nhận 20.000 đồng chuyển khoản (sao kê {name[:255]}, dòng 2).",
            officer.pk,
            OFFICER_NAME,
            NOW,
        )
    ]
    for other in (short, second):
        other.refresh_from_db()
        assert (other.amount_paid, other.payment_status, other.paid_at) == (0, PaymentStatus.AWAITING, None)
        assert payment_events(other) == []
    assert log_entries("forms.statement.import") == [
        (
            "bankstatement",
            str(statement.pk),
            officer.pk,
            {
                "statement": statement.pk,
                "name": name[:255],
                "lines": 5,
                "matched": 1,
                "partial": 1,
                "over": 0,
                "duplicate": 1,
                "unknown": 2,
            },
        )
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["nobody", "visitor"])
def test_an_import_without_a_signed_in_user_records_no_user(page, private_root, clock, who):
    from django.contrib.auth.models import AnonymousUser

    actor = None if who == "nobody" else AnonymousUser()
    dossier = awaiting(page)
    clock()
    statement = statement_import(
        content=csv_bytes([HEADER, line("05/12/2026", "FT1", "20.000", dossier.code)]),
        original_name="saoke.xlsx.csv",
        actor=actor,
    )
    statement.refresh_from_db()
    assert statement.uploaded_by is None
    assert statement.file.name.endswith(".csv")
    matched = statement.lines.get()
    assert (matched.outcome, matched.decision, matched.decided_by, matched.decided_at) == (
        LineOutcome.MATCHED,
        LineDecision.APPLIED,
        None,
        NOW,
    )
    assert Payment.objects.get().recorded_by is None
    assert payment_events(dossier) == [
        (
            DossierStatus.RECEIVED,
            DossierStatus.RECEIVED,
            "Đã nhận 20.000 đồng chuyển khoản (sao kê saoke.xlsx.csv, dòng 2).",
            None,
            "Người nộp hồ sơ",
            NOW,
        )
    ]
    assert [entry[2] for entry in log_entries("forms.statement.import")] == [None]


@pytest.mark.django_db
def test_a_communes_statement_knows_only_its_own_references_and_dossiers(two_communes, private_root):
    officer = f.staff_make("ketoan", f.OFFICERS)
    page = f.form_page_make(procedure=two_communes.procedure)

    def owing(site, due=20000):
        dossier = f.dossier_make(page=page, site=site)
        Dossier.objects.filter(pk=dossier.pk).update(amount_due=due, payment_status=PaymentStatus.AWAITING)
        dossier.refresh_from_db()
        return dossier

    in_a, other_a, in_b, other_b = (
        owing(two_communes.a),
        owing(two_communes.a),
        owing(two_communes.b),
        owing(two_communes.b),
    )
    # Commune A's statement (no site given: the default site) already holds bank reference FT7.
    statement_import(
        content=csv_bytes([HEADER, line("05/12/2026", "FT7", "20.000", in_a.code)]),
        original_name="saoke-a.csv",
        actor=officer,
    )
    statement_b = statement_import(
        content=csv_bytes(
            [
                HEADER,
                line("06/12/2026", "FT7", "20.000", in_b.code),
                line("06/12/2026", "FT8", "20.000", f"nop phi {other_a.code}"),
            ]
        ),
        original_name="saoke-b.csv",
        actor=officer,
        site=two_communes.b,
    )
    assert statement_b.site_id == two_communes.b.pk
    lines = list(statement_b.lines.order_by("row_number"))
    # FT7 is commune A's reference, not a duplicate on commune B's account; A's code is unknown in B.
    assert [(x.reference, x.outcome, x.dossier_id) for x in lines] == [
        ("FT7", LineOutcome.MATCHED, in_b.pk),
        ("FT8", LineOutcome.UNKNOWN, None),
    ]

    with pytest.raises(ValidationError) as refused:
        statement_line_apply(line=lines[1], actor=officer, dossier=other_a)
    assert (refused.value.code, refused.value.messages) == (
        "dossier_other_commune",
        [f"Hồ sơ {other_a.code} không thuộc xã của sao kê này: không ghi nhận được."],
    )
    lines[1].refresh_from_db()
    assert (lines[1].decision, lines[1].dossier_id, lines[1].decided_by) == (LineDecision.PENDING, None, None)
    other_a.refresh_from_db()
    assert (other_a.amount_paid, other_a.payment_status) == (0, PaymentStatus.AWAITING)

    # Commune B's own dossier can take it.
    statement_line_apply(line=lines[1], actor=officer, dossier=other_b)
    other_b.refresh_from_db()
    assert (other_b.amount_paid, other_b.payment_status) == (20000, PaymentStatus.PAID)
    assert Payment.objects.filter(dossier=other_a).count() == 0


@pytest.mark.django_db
def test_an_officers_apply_writes_every_field_and_logs_it_on_the_statement(page, officer, private_root, clock):
    dossier, chosen = awaiting(page), awaiting(page)
    statement = import_rows(
        [
            line("05/12/2026", "FT2", "15.000", dossier.code),
            line("06/12/2026", "FT5", "20.000", "NGUYEN VAN AN chuyen tien"),
        ],
        officer,
    )
    partial, unknown = statement.lines.order_by("row_number")
    clock()

    payment = statement_line_apply(line=partial, actor=officer, note="  Người dân nộp nốt tại quầy.  ")
    # The caller's line shows the decision without reading it again.
    assert (partial.decision, partial.decided_by_id, partial.decided_at, partial.note, partial.dossier_id) == (
        LineDecision.APPLIED,
        officer.pk,
        NOW,
        "Người dân nộp nốt tại quầy.",
        dossier.pk,
    )
    partial.refresh_from_db()
    assert (partial.decision, partial.decided_by_id, partial.decided_at, partial.note, partial.dossier_id) == (
        LineDecision.APPLIED,
        officer.pk,
        NOW,
        "Người dân nộp nốt tại quầy.",
        dossier.pk,
    )
    assert (
        payment.dossier_id,
        payment.amount,
        payment.paid_on,
        payment.reference,
        payment.method,
        payment.online,
        payment.source,
        payment.statement_line_id,
        payment.recorded_by_id,
        payment.receipt_number,
    ) == (dossier.pk, 15000, date(2026, 12, 5), "FT2", "vietqr", True, "statement", partial.pk, officer.pk, None)
    assert payment_events(dossier) == [
        (
            DossierStatus.RECEIVED,
            DossierStatus.RECEIVED,
            "Cán bộ ghi nhận 15.000 đồng chuyển khoản ngày 05/12/2026 (sao kê, kết quả đối chiếu: nộp thiếu). "
            "Người dân nộp nốt tại quầy.",
            officer.pk,
            OFFICER_NAME,
            NOW,
        )
    ]

    # A line without a code needs a dossier chosen; without one, nothing changes.
    with pytest.raises(ValidationError) as refused:
        statement_line_apply(line=unknown, actor=officer, note="Không rõ hồ sơ.")
    assert (refused.value.code, refused.value.messages) == (
        "dossier_required",
        ["Hãy chọn hồ sơ để ghi nhận khoản tiền này."],
    )
    assert (unknown.decision, unknown.dossier_id, unknown.note) == (LineDecision.PENDING, None, "")
    assert StatementLine.objects.filter(decision=LineDecision.PENDING).count() == 1
    # Without a note, to the dossier the officer chose for a line without a code.
    statement_line_apply(line=unknown, actor=officer, dossier=chosen)
    assert (unknown.decision, unknown.dossier_id, unknown.note, unknown.decided_at) == (
        LineDecision.APPLIED,
        chosen.pk,
        "",
        NOW,
    )
    unknown.refresh_from_db()
    assert (unknown.decision, unknown.dossier_id, unknown.note, unknown.decided_by_id) == (
        LineDecision.APPLIED,
        chosen.pk,
        "",
        officer.pk,
    )
    assert [event[2] for event in payment_events(chosen)] == [
        "Cán bộ ghi nhận 20.000 đồng chuyển khoản ngày 06/12/2026 (sao kê, kết quả đối chiếu: không tìm thấy mã hồ sơ)."
    ]
    chosen.refresh_from_db()
    assert (chosen.amount_paid, chosen.payment_status) == (20000, PaymentStatus.PAID)
    assert log_entries("forms.statement.line_apply") == [
        (
            "bankstatement",
            str(statement.pk),
            officer.pk,
            {"line": partial.pk, "dossier": dossier.code, "amount": 15000, "note": "Người dân nộp nốt tại quầy."},
        ),
        (
            "bankstatement",
            str(statement.pk),
            officer.pk,
            {"line": unknown.pk, "dossier": chosen.code, "amount": 20000, "note": ""},
        ),
    ]


@pytest.mark.django_db
def test_a_decided_line_is_refused_naming_its_decision_and_nothing_changes(page, officer, private_root):
    dossier = awaiting(page)
    statement = import_rows(
        [line("05/12/2026", "FT2", "15.000", dossier.code), line("05/12/2026", "FT3", "9.000", "ung ho")], officer
    )
    applied, rejected = statement.lines.order_by("row_number")
    statement_line_apply(line=applied, actor=officer)
    statement_line_reject(line=rejected, actor=officer, note="Tiền ủng hộ.")
    before = [
        (x.decision, x.dossier_id, x.decided_by_id, x.decided_at, x.note)
        for x in statement.lines.order_by("row_number")
    ]
    for decided, display in ((applied, "Đã ghi nhận thanh toán"), (rejected, "Không ghi nhận")):
        for decide, kwargs in (
            (statement_line_apply, {"dossier": dossier}),
            (statement_line_reject, {"note": "Lần nữa."}),
        ):
            with pytest.raises(ValidationError) as refused:
                decide(line=decided, actor=officer, **kwargs)
            assert (refused.value.code, refused.value.messages) == (
                "already_decided",
                [f"Dòng sao kê này đã được quyết định (“{display}”)."],
            )
    after = [
        (x.decision, x.dossier_id, x.decided_by_id, x.decided_at, x.note)
        for x in statement.lines.order_by("row_number")
    ]
    assert after == before
    assert Payment.objects.count() == 1
    dossier.refresh_from_db()
    assert (dossier.amount_paid, dossier.payment_status) == (15000, PaymentStatus.PARTIAL)
    assert len(log_entries("forms.statement.line_apply")) == 1
    assert len(log_entries("forms.statement.line_reject")) == 1


@pytest.mark.django_db
def test_an_officers_rejection_writes_every_field_history_and_both_logs(page, officer, private_root, clock):
    dossier = awaiting(page)
    statement = import_rows([line("05/12/2026", "FT3", "25.000", dossier.code)], officer)
    over = statement.lines.get()
    clock()
    for blank in ("", "   ", None):
        with pytest.raises(ValidationError) as refused:
            statement_line_reject(line=over, actor=officer, note=blank)
        assert (refused.value.code, refused.value.messages) == (
            "note_required",
            ["Hãy ghi rõ lý do không ghi nhận khoản tiền này."],
        )

    returned = statement_line_reject(line=over, actor=officer, note="  Chuyển nhầm, đã hoàn trả người dân. ")
    assert returned is over
    assert (over.decision, over.decided_by_id, over.decided_at, over.note, over.dossier_id) == (
        LineDecision.REJECTED,
        officer.pk,
        NOW,
        "Chuyển nhầm, đã hoàn trả người dân.",
        dossier.pk,
    )
    over.refresh_from_db()
    assert (over.decision, over.decided_by_id, over.decided_at, over.note, over.dossier_id) == (
        LineDecision.REJECTED,
        officer.pk,
        NOW,
        "Chuyển nhầm, đã hoàn trả người dân.",
        dossier.pk,
    )
    data = {
        "decision": "rejected",
        "line": over.pk,
        "amount": 25000,
        "booked_on": "2026-12-05",
        "reference": "FT3",
        "outcome": "over",
        "note": "Chuyển nhầm, đã hoàn trả người dân.",
    }
    event = DossierEvent.objects.get(dossier=dossier, kind=EventKind.PAYMENT)
    assert (event.from_status, event.to_status, event.note, event.data) == (
        DossierStatus.RECEIVED,
        DossierStatus.RECEIVED,
        "Không ghi nhận khoản chuyển 25.000 đồng ngày 05/12/2026: Chuyển nhầm, đã hoàn trả người dân.",
        data,
    )
    assert (event.actor_id, event.actor_label, event.created_at) == (officer.pk, OFFICER_NAME, NOW)
    assert log_entries("forms.dossier.payment_reject") == [("dossier", str(dossier.pk), officer.pk, data)]
    assert log_entries("forms.statement.line_reject") == [("bankstatement", str(statement.pk), officer.pk, data)]
    # The amount stays out of the dossier's totals.
    dossier.refresh_from_db()
    assert (dossier.amount_paid, dossier.payment_status, dossier.paid_at) == (0, PaymentStatus.AWAITING, None)
    assert Payment.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["nobody", "visitor"])
def test_a_rejection_without_a_signed_in_user_records_no_user(page, officer, private_root, clock, who):
    from django.contrib.auth.models import AnonymousUser

    dossier = awaiting(page)
    statement = import_rows(
        [line("05/12/2026", "FT3", "25.000", dossier.code), line("05/12/2026", "", "7.000", "ung ho")], officer
    )
    over, unknown = statement.lines.order_by("row_number")
    clock()
    actor = None if who == "nobody" else AnonymousUser()
    statement_line_reject(line=over, actor=actor, note="Nộp thừa.")
    statement_line_reject(line=unknown, actor=actor, note="Ủng hộ.")
    over.refresh_from_db()
    assert (over.decision, over.decided_by, over.decided_at) == (LineDecision.REJECTED, None, NOW)
    event = DossierEvent.objects.get(dossier=dossier, kind=EventKind.PAYMENT)
    assert (event.actor, event.actor_label, event.created_at) == (None, "Người nộp hồ sơ", NOW)
    assert [entry[2] for entry in log_entries("forms.dossier.payment_reject")] == [None]
    assert [(entry[1], entry[2], entry[3]["reference"]) for entry in log_entries("forms.statement.line_reject")] == [
        (str(statement.pk), None, "FT3"),
        (str(statement.pk), None, ""),
    ]
    # A line without a dossier leaves no history entry.
    assert DossierEvent.objects.filter(kind=EventKind.PAYMENT).count() == 1


@pytest.mark.django_db
def test_an_officer_records_cash_today_and_the_exact_rest_by_transfer(page, officer, clock):
    from forms.payments.reconciliation import payment_officer_record

    dossier = awaiting(page)
    clock()
    cash = payment_officer_record(
        dossier=dossier,
        actor=officer,
        amount=5000,
        paid_on=date(2026, 12, 8),
        reference="  BL-0001 ",
        note="  Bà An nộp tại quầy. ",
    )
    assert (dossier.amount_paid, dossier.payment_status) == (5000, PaymentStatus.PARTIAL)
    transfer = payment_officer_record(
        dossier=dossier, actor=officer, amount=15000, paid_on=date(2026, 12, 7), method="vietqr"
    )
    assert [
        (
            p.pk,
            p.amount,
            p.paid_on,
            p.reference,
            p.method,
            p.online,
            p.source,
            p.statement_line_id,
            p.recorded_by_id,
            p.receipt_number,
        )
        for p in Payment.objects.order_by("pk")
    ] == [
        (cash.pk, 5000, date(2026, 12, 8), "BL-0001", "counter", False, "officer", None, officer.pk, None),
        (transfer.pk, 15000, date(2026, 12, 7), "", "vietqr", True, "officer", None, officer.pk, "2026-0000001"),
    ]
    assert payment_events(dossier) == [
        (
            DossierStatus.RECEIVED,
            DossierStatus.RECEIVED,
            "Cán bộ ghi nhận đã nộp 5.000 đồng ngày 08/12/2026 (tiền mặt tại bộ phận một cửa). Bà An nộp tại quầy.",
            officer.pk,
            OFFICER_NAME,
            NOW,
        ),
        (
            DossierStatus.RECEIVED,
            DossierStatus.RECEIVED,
            "Cán bộ ghi nhận đã nộp 15.000 đồng ngày 07/12/2026 (chuyển khoản vào tài khoản của xã).",
            officer.pk,
            OFFICER_NAME,
            NOW,
        ),
    ]
    dossier.refresh_from_db()
    assert (dossier.amount_paid, dossier.payment_status, dossier.paid_at) == (20000, PaymentStatus.PAID, NOW)


@pytest.mark.django_db
def test_an_officer_records_one_dong_with_a_long_reference_cut_to_100(page, officer, clock):
    from forms.payments.reconciliation import payment_officer_record

    dossier = awaiting(page)
    clock()
    payment = payment_officer_record(
        dossier=dossier, actor=officer, amount=1, paid_on=date(2026, 12, 1), reference="R" * 150, note=None
    )
    assert (payment.amount, payment.reference) == (1, "R" * 100)
    assert [event[2] for event in payment_events(dossier)] == [
        "Cán bộ ghi nhận đã nộp 1 đồng ngày 01/12/2026 (tiền mặt tại bộ phận một cửa)."
    ]
    dossier.refresh_from_db()
    assert (dossier.amount_paid, dossier.payment_status) == (1, PaymentStatus.PARTIAL)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "code", "message"),
    [
        ({"method": "tien-ao"}, "method", "Hình thức thanh toán không hợp lệ."),
        ({"method": "COUNTER"}, "method", "Hình thức thanh toán không hợp lệ."),
        ({"amount": 0}, "amount_invalid", "Số tiền phải lớn hơn 0."),
        ({"amount": -5000}, "amount_invalid", "Số tiền phải lớn hơn 0."),
        ({"paid_on": date(2026, 12, 9)}, "date_future", "Ngày nộp không được sau hôm nay."),
        ({"amount": 15001}, "amount_over", "Số tiền lớn hơn số còn phải nộp (15.000 đồng)."),
    ],
)
def test_officer_record_refusals_in_words_change_nothing(page, officer, clock, kwargs, code, message):
    from forms.payments.reconciliation import payment_officer_record

    dossier = awaiting(page)
    Dossier.objects.filter(pk=dossier.pk).update(amount_paid=5000, payment_status=PaymentStatus.PARTIAL)
    dossier.refresh_from_db()
    clock()
    values = {"amount": 15000, "paid_on": date(2026, 12, 8), "method": "counter"} | kwargs
    with pytest.raises(ValidationError) as refused:
        payment_officer_record(dossier=dossier, actor=officer, **values)
    assert (refused.value.code, refused.value.messages) == (code, [message])
    dossier.refresh_from_db()
    assert (dossier.amount_paid, dossier.payment_status) == (5000, PaymentStatus.PARTIAL)
    assert (Payment.objects.count(), len(payment_events(dossier)), len(log_entries("forms.dossier.payment"))) == (
        0,
        0,
        0,
    )


@pytest.mark.django_db
def test_officer_record_refused_for_a_dossier_paid_in_full(page, officer, clock):
    from forms.payments.reconciliation import payment_officer_record

    dossier = awaiting(page)
    Dossier.objects.filter(pk=dossier.pk).update(amount_paid=20000, payment_status=PaymentStatus.PAID)
    dossier.refresh_from_db()
    clock()
    with pytest.raises(ValidationError) as refused:
        payment_officer_record(dossier=dossier, actor=officer, amount=1, paid_on=date(2026, 12, 8))
    assert (refused.value.code, refused.value.messages) == (
        "not_awaiting",
        ["Hồ sơ không còn khoản phí, lệ phí nào phải nộp (“Đã thanh toán”)."],
    )
    assert Payment.objects.count() == 0


@pytest.mark.django_db
def test_a_reference_of_an_earlier_line_still_pending_is_a_duplicate(page, officer, private_root):
    # Known from the earlier statement's lines only: no payment carries FT5 (the line waits).
    dossier = awaiting(page)
    import_rows([line("05/12/2026", "FT5", "20.000", "chuyen tien")], officer)
    assert Payment.objects.filter(reference="FT5").count() == 0
    statement = import_rows(
        [line("05/12/2026", "FT5", "20.000", dossier.code), line("05/12/2026", "FT6", "20.000", "chuyen tien")],
        officer,
    )
    assert [(x.reference, x.outcome) for x in statement.lines.order_by("row_number")] == [
        ("FT5", LineOutcome.DUPLICATE),
        ("FT6", LineOutcome.UNKNOWN),
    ]
    dossier.refresh_from_db()
    assert (dossier.amount_paid, dossier.payment_status) == (0, PaymentStatus.AWAITING)
