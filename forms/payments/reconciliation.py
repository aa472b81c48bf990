"""Reconciling bank statements with the dossiers' fees (issue #13): read, match, decide.

An officer of the one-stop counter (permission ``forms.reconcile_payment``) imports the statement
of the commune's account as the bank exports it, CSV or XLSX. ``statement_rows_read`` finds the
header row among the first rows (banks put their name, the account and the period above it),
recognises the columns by the names Vietnamese banks use ("Ngày giao dịch", "Số tiền ghi có",
"Nội dung", "Số tham chiếu", ...) and keeps the credit lines only. A file it cannot read is
refused as a whole with a Vietnamese message; nothing is stored.

``statement_import`` then matches each credit line: the dossier whose transfer memo
(``forms.payments.memo``) the line's text carries, and the amount against what remains to pay.
Only an exact match (``LineOutcome.MATCHED``) is applied at once, through
``forms.payments.services.payment_record``; a partial or excess payment, a duplicate (bank
reference already imported or recorded, or the dossier already paid) and a line without a known
dossier code wait for an officer, who applies it to a dossier of their choice
(``statement_line_apply``) or rejects it with a note (``statement_line_reject``). Nothing is
applied silently; every decision is in the dossier's history and the audit log.

Fees and charges are collected into the commune's account (Decree 11/2020/NĐ-CP on State Treasury
payments; Circular 85/2019/TT-BTC on local fees and charges); the rule that processing waits for
the fee is the procedure's own (``ProcedurePage.payment_before_processing``, Decree 42/2022/NĐ-CP).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Site

from forms.communes import default_site
from forms.lifecycle.services import actor_label
from forms.models import (
    BankStatement,
    Dossier,
    DossierEvent,
    EventKind,
    LineDecision,
    LineOutcome,
    Payment,
    PaymentSource,
    PaymentStatus,
    StatementLine,
)
from forms.payments.fees import format_dong
from forms.payments.memo import dossier_for_memo
from forms.payments.services import payment_record
from forms.payments.vietqr import fold_vietnamese

MAX_STATEMENT_BYTES = 5 * 1024 * 1024
MAX_STATEMENT_LINES = 5000
# Banks put a title, the account, the period and sometimes the opening balance above the header.
HEADER_SEARCH_ROWS = 30
# The largest amount a line may carry (the model's integer column; no commune fee comes near it).
MAX_AMOUNT = 2_000_000_000
# A transfer to the commune's account is what the VietQR plugin asks for (its identifier).
TRANSFER_METHOD = "vietqr"
ROW_ERRORS_SHOWN = 5

# Column names as banks write them, diacritics folded and lower-cased (see ``_fold``), in order of
# preference when a file has several (the transaction date before the value date).
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": (
        "ngay giao dich",
        "ngay gd",
        "ngay gio giao dich",
        "ngay thuc hien",
        "ngay hach toan",
        "ngay hieu luc",
        "ngay",
        "transaction date",
        "txn date",
        "posting date",
        "value date",
        "effective date",
        "date",
    ),
    "credit": (
        "so tien ghi co",
        "ghi co",
        "so tien co",
        "phat sinh co",
        "ps co",
        "tien vao",
        "so tien vao",
        "co",
        "credit amount",
        "credit",
    ),
    "memo": (
        "noi dung",
        "noi dung giao dich",
        "noi dung chuyen khoan",
        "dien giai",
        "mo ta",
        "chi tiet giao dich",
        "description",
        "transaction details",
        "details",
        "remarks",
        "remark",
    ),
    "reference": (
        "so tham chieu",
        "ma giao dich",
        "so but toan",
        "ma gd",
        "so giao dich",
        "so chung tu",
        "so ct",
        "reference",
        "reference number",
        "ref no",
        "transaction id",
        "ref",
    ),
}
REQUIRED_COLUMNS = ("date", "credit", "memo")

NOT_A_STATEMENT = (
    "Không nhận ra tệp sao kê: trong {rows} dòng đầu không có dòng tiêu đề gồm các cột ngày giao dịch "
    "(“Ngày giao dịch”), số tiền ghi có (“Số tiền ghi có”) và nội dung (“Nội dung”). Hãy tải lên sao kê "
    "tài khoản do ngân hàng xuất ra, dạng CSV hoặc XLSX."
)


@dataclass(frozen=True)
class StatementRow:
    """One credit line read from a statement; ``row_number`` is the row in the file, from 1."""

    row_number: int
    booked_on: date
    amount: int
    memo: str
    reference: str


# -- reading ------------------------------------------------------------------------------------


def _fold(value) -> str:
    """A header cell as compared: no diacritics, lower case, no "(VND)", single spaces."""
    text = re.sub(r"\(.*?\)", " ", str(value if value is not None else ""))
    text = fold_vietnamese(unicodedata.normalize("NFC", text)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _text(value) -> str:
    """A cell as text: a number the spreadsheet stored as a float (a reference) without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def parse_statement_date(value) -> date | None:
    """The date of a cell: a spreadsheet date, ``dd/mm/yyyy`` (``-`` or ``.``, time after it
    allowed) or ``yyyy-mm-dd``; None when the cell holds no date (blank, totals, footers)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    day_first = re.match(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T].*)?$", text)
    year_first = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$", text)
    try:
        if day_first:
            return date(int(day_first[3]), int(day_first[2]), int(day_first[1]))
        if year_first:
            return date(int(year_first[1]), int(year_first[2]), int(year_first[3]))
    except ValueError:
        return None
    return None


_AMOUNT_RE = re.compile(r"(?P<whole>\d+(?:(?P<group>[.,])\d{3})*)(?:(?P<point>[.,])(?P<fraction>\d{1,2}))?")


def parse_statement_amount(value) -> int:
    """An amount in đồng: ``20.000``, ``20,000``, ``20000.00``, ``20.000,00``, ``20 000 VND`` or a
    spreadsheet number; 0 for an empty cell. Raises ``ValueError`` for anything else, a negative
    amount or a fraction of a đồng."""
    if value is None:
        return 0
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float | Decimal):
        if value != int(value):
            raise ValueError(value)
        amount = int(value)
    else:
        text = re.sub(r"[\s\u00a0]", "", _text(value))
        text = re.sub(r"(?i)(vnd|vnđ|đồng|đ)$", "", text).removeprefix("+")
        if text in ("", "-"):
            return 0
        match = _AMOUNT_RE.fullmatch(text)
        if match is None or (match["point"] and match["point"] == match["group"]):
            raise ValueError(value)
        if match["fraction"] and int(match["fraction"]):
            raise ValueError(value)
        amount = int(re.sub(r"[.,]", "", match["whole"]))
    if amount < 0 or amount > MAX_AMOUNT:
        raise ValueError(value)
    return amount


def _columns(cells: Sequence) -> dict[str, int] | None:
    """The index of each known column in a header row, or None when a required one is missing."""
    folded = [_fold(cell) for cell in cells]
    found: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for name in names:
            if name in folded:
                found[key] = folded.index(name)
                break
    if any(key not in found for key in REQUIRED_COLUMNS):
        return None
    return found


def _rows_from_table(rows: Iterable[Sequence]) -> list[StatementRow] | None:
    """The credit lines of one table, or None when it has no header row in its first rows."""
    rows = iter(rows)
    columns = None
    header_row = 0
    for header_row, cells in enumerate(rows, start=1):
        columns = _columns(cells)
        if columns is not None or header_row >= HEADER_SEARCH_ROWS:
            break
    if columns is None:
        return None

    def cell(cells: Sequence, key: str):
        index = columns.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    lines: list[StatementRow] = []
    errors: list[str] = []
    for row_number, cells in enumerate(rows, start=header_row + 1):
        booked_on = parse_statement_date(cell(cells, "date"))
        if booked_on is None:
            continue  # a blank row, the totals, the closing balance, a signature line
        try:
            amount = parse_statement_amount(cell(cells, "credit"))
        except ValueError:
            errors.append(f"dòng {row_number} (“{_text(cell(cells, 'credit'))[:30]}”)")
            continue
        if amount == 0:
            continue  # a debit line: money leaving the account is not reconciled
        lines.append(
            StatementRow(
                row_number=row_number,
                booked_on=booked_on,
                amount=amount,
                memo=_text(cell(cells, "memo"))[:1000],
                reference=_text(cell(cells, "reference"))[:100],
            )
        )
        if len(lines) > MAX_STATEMENT_LINES:
            raise ValidationError(
                f"Sao kê có quá {MAX_STATEMENT_LINES} giao dịch ghi có: hãy xuất sao kê theo từng khoảng "
                "thời gian ngắn hơn.",
                code="too_many_lines",
            )
    if errors:
        shown = ", ".join(errors[:ROW_ERRORS_SHOWN]) + (", …" if len(errors) > ROW_ERRORS_SHOWN else "")
        raise ValidationError(
            f"Không đọc được số tiền ghi có ở {shown}: số tiền phải là số đồng, ví dụ 20.000. "
            "Chưa nhập dòng nào của sao kê.",
            code="bad_amount",
        )
    return lines


def _decode(content: bytes) -> str:
    """The text of a CSV: UTF-16 (with its BOM), UTF-8 with or without BOM, else Windows-1258
    (Vietnamese Windows) or Windows-1252."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = content.decode("utf-16")
    elif b"\x00" in content:
        raise ValidationError(NOT_A_STATEMENT.format(rows=HEADER_SEARCH_ROWS), code="not_statement")
    else:
        for encoding in ("utf-8-sig", "cp1258", "cp1252"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationError("Không đọc được bảng mã của tệp CSV (cần UTF-8).", code="encoding")
    # Windows-1258 writes tone marks as combining characters.
    return unicodedata.normalize("NFC", text)


def _csv_rows(content: bytes) -> list[StatementRow] | None:
    text = _decode(content)
    # The delimiter is the one with which a header row appears (Excel in Vietnamese writes ";").
    for delimiter in (",", ";", "\t", "|"):
        rows = _rows_from_table(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        if rows is not None:
            return rows
    return None


def _xlsx_rows(content: bytes) -> list[StatementRow] | None:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise ValidationError(
            "Tệp không phải bảng tính XLSX hợp lệ (tệp hỏng hoặc không phải sao kê).", code="bad_xlsx"
        ) from error
    try:
        for sheet in workbook.worksheets:
            rows = _rows_from_table(sheet.iter_rows(values_only=True, max_row=MAX_STATEMENT_LINES * 2))
            if rows is not None:
                return rows
    finally:
        workbook.close()
    return None


def statement_rows_read(*, content: bytes, filename: str) -> list[StatementRow]:
    """The credit lines of a statement file (CSV or XLSX, told by its content); raises
    ``ValidationError`` with a Vietnamese message for a file that is not a readable statement."""
    if not content:
        raise ValidationError("Tệp sao kê rỗng.", code="empty")
    if len(content) > MAX_STATEMENT_BYTES:
        raise ValidationError("Tệp sao kê lớn quá 5 MB: hãy xuất theo khoảng thời gian ngắn hơn.", code="too_large")
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            "Tệp Excel 97–2003 (.xls) chưa đọc được: hãy mở tệp và lưu lại dạng .xlsx hoặc CSV.", code="xls"
        )
    is_zip = content.startswith(b"PK\x03\x04")
    if filename.lower().endswith(".xlsx") or is_zip:
        rows = _xlsx_rows(content)
    else:
        rows = _csv_rows(content)
    if rows is None:
        raise ValidationError(NOT_A_STATEMENT.format(rows=HEADER_SEARCH_ROWS), code="not_statement")
    if not rows:
        raise ValidationError(
            "Sao kê không có giao dịch ghi có nào (tiền chuyển vào tài khoản) để đối soát.", code="no_credit"
        )
    return rows


# -- matching -----------------------------------------------------------------------------------


def line_outcome(*, amount: int, dossier: Dossier | None, duplicate_reference: bool) -> str:
    """What a credit line of ``amount`` is for ``dossier`` (None: no known code in its memo).

    A bank reference seen before makes it a duplicate whatever else; so does a dossier already
    paid in full. Otherwise the amount is compared with what remains to pay.
    """
    if duplicate_reference:
        return LineOutcome.DUPLICATE
    if dossier is None:
        return LineOutcome.UNKNOWN
    if dossier.payment_status == PaymentStatus.PAID:
        return LineOutcome.DUPLICATE
    remaining = dossier.amount_due - dossier.amount_paid
    if amount == remaining:
        return LineOutcome.MATCHED
    if amount < remaining:
        return LineOutcome.PARTIAL
    return LineOutcome.OVER


def _references_known(references: set[str]) -> set[str]:
    """Those of ``references`` already imported on a statement or recorded on a payment (two queries)."""
    references = {reference for reference in references if reference}
    if not references:
        return set()
    return set(StatementLine.objects.filter(reference__in=references).values_list("reference", flat=True)) | set(
        Payment.objects.filter(reference__in=references).values_list("reference", flat=True)
    )


def _line_apply(*, line: StatementLine, dossier: Dossier, actor, note: str = "") -> Payment:
    payment = payment_record(
        dossier=dossier,
        amount=line.amount,
        paid_on=line.booked_on,
        reference=line.reference,
        method=TRANSFER_METHOD,
        online=True,
        source=PaymentSource.STATEMENT,
        actor=actor,
        statement_line=line,
        note=note,
    )
    line.dossier = dossier
    line.decision = LineDecision.APPLIED
    line.decided_by = actor if getattr(actor, "pk", None) else None
    line.decided_at = timezone.now()
    line.save(update_fields=["dossier", "decision", "decided_by", "decided_at", "note"])
    return payment


def _statement_name(original_name: str) -> str:
    return "sao-ke.xlsx" if original_name.lower().endswith(".xlsx") else "sao-ke.csv"


def statement_import(*, content: bytes, original_name: str, actor, site: Site | None = None) -> BankStatement:
    """Import a statement: store the file, write its credit lines, apply the exact matches.

    ``site`` is the commune whose account the statement is of (the officer's; the default site when
    None): a memo is looked up among that commune's dossiers only (issue #17), since another
    commune's fee is paid into another account.

    All or nothing: a file that cannot be read is refused before anything is stored, and any
    failure afterwards rolls the import back and removes the stored file. Lines other than exact
    matches stay ``PENDING`` for an officer. Repeating the import of the same file adds no
    payment: its lines come back as duplicates of their bank references (lines without a
    reference, as a dossier already paid).
    """
    rows = statement_rows_read(content=content, filename=original_name)
    user = actor if getattr(actor, "pk", None) else None
    site = site or default_site()
    statement = BankStatement(original_name=original_name[:255], uploaded_by=user, site=site)
    commune_dossiers = Dossier.objects.filter(site=site) if site else Dossier.objects.all()
    try:
        with transaction.atomic():
            statement.file.save(_statement_name(original_name), ContentFile(content), save=False)
            statement.save()
            seen = _references_known({row.reference for row in rows})
            counts = {outcome: 0 for outcome in LineOutcome.values}
            for row in rows:
                duplicate = bool(row.reference) and row.reference in seen
                if row.reference:
                    seen.add(row.reference)
                dossier = dossier_for_memo(row.memo, queryset=commune_dossiers)
                outcome = line_outcome(amount=row.amount, dossier=dossier, duplicate_reference=duplicate)
                line = StatementLine.objects.create(
                    statement=statement,
                    row_number=row.row_number,
                    booked_on=row.booked_on,
                    amount=row.amount,
                    memo=row.memo,
                    reference=row.reference,
                    dossier=dossier,
                    outcome=outcome,
                )
                counts[outcome] += 1
                if outcome == LineOutcome.MATCHED:
                    _line_apply(
                        line=line,
                        dossier=dossier,
                        actor=actor,
                        note=f"Đã nhận {format_dong(row.amount)} chuyển khoản (sao kê {statement.original_name}, "
                        f"dòng {row.row_number}).",
                    )
            log(
                instance=statement,
                action="forms.statement.import",
                user=user,
                data={"statement": statement.pk, "name": statement.original_name, "lines": len(rows), **counts},
            )
    except Exception:
        if statement.file.name:
            statement.file.storage.delete(statement.file.name)
        raise
    return statement


# -- decisions ----------------------------------------------------------------------------------


def _pending_line(line: StatementLine) -> StatementLine:
    locked = StatementLine.objects.select_for_update().select_related("statement").get(pk=line.pk)
    if locked.decision != LineDecision.PENDING:
        raise ValidationError(
            "Dòng sao kê này đã được quyết định (“%(decision)s”).",
            code="already_decided",
            params={"decision": locked.get_decision_display()},
        )
    return locked


def _refresh(line: StatementLine, locked: StatementLine) -> None:
    for field in ("dossier_id", "decision", "decided_by_id", "decided_at", "note"):
        setattr(line, field, getattr(locked, field))


def statement_line_apply(*, line: StatementLine, actor, dossier: Dossier | None = None, note: str = "") -> Payment:
    """An officer applies a pending line to ``dossier`` (the one found in its memo when None).

    The payment enters the books through ``payment_record`` (history and audit log of the
    dossier); the decision is also logged on the statement. A line already decided is refused.
    """
    note = (note or "").strip()
    with transaction.atomic():
        locked = _pending_line(line)
        target = dossier or locked.dossier
        if target is None:
            raise ValidationError("Hãy chọn hồ sơ để ghi nhận khoản tiền này.", code="dossier_required")
        if locked.statement.site_id and target.site_id and target.site_id != locked.statement.site_id:
            # Another commune's fee is not paid into this commune's account (issue #17).
            raise ValidationError(
                "Hồ sơ %(code)s thuộc xã khác, không ghi nhận bằng sao kê tài khoản của xã này.",
                code="other_commune",
                params={"code": target.code},
            )
        locked.note = note
        payment = _line_apply(
            line=locked,
            dossier=target,
            actor=actor,
            note=(
                f"Cán bộ ghi nhận {format_dong(locked.amount)} chuyển khoản ngày {locked.booked_on:%d/%m/%Y} "
                f"(sao kê, kết quả đối chiếu: {locked.get_outcome_display().lower()})." + (f" {note}" if note else "")
            ),
        )
        log(
            instance=locked.statement,
            action="forms.statement.line_apply",
            user=locked.decided_by,
            data={"line": locked.pk, "dossier": target.code, "amount": locked.amount, "note": note},
        )
    _refresh(line, locked)
    return payment


def statement_line_reject(*, line: StatementLine, actor, note: str) -> StatementLine:
    """An officer decides a pending line is not a payment of any dossier's fee; the note says why.

    When the line names a dossier, its history and audit log say so too (the amount stays out of
    its totals); the decision is logged on the statement either way.
    """
    note = (note or "").strip()
    if not note:
        raise ValidationError("Hãy ghi rõ lý do không ghi nhận khoản tiền này.", code="note_required")
    user = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        locked = _pending_line(line)
        locked.decision = LineDecision.REJECTED
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.note = note
        locked.save(update_fields=["decision", "decided_by", "decided_at", "note"])
        data = {
            "decision": LineDecision.REJECTED.value,
            "line": locked.pk,
            "amount": locked.amount,
            "booked_on": locked.booked_on.isoformat(),
            "reference": locked.reference,
            "outcome": locked.outcome,
            "note": note,
        }
        if locked.dossier_id:
            dossier = Dossier.objects.select_for_update().get(pk=locked.dossier_id)
            DossierEvent.objects.create(
                dossier=dossier,
                kind=EventKind.PAYMENT,
                from_status=dossier.status,
                to_status=dossier.status,
                note=(
                    f"Không ghi nhận khoản chuyển {format_dong(locked.amount)} ngày {locked.booked_on:%d/%m/%Y}: {note}"
                ),
                data=data,
                actor=user,
                actor_label=actor_label(actor),
                created_at=locked.decided_at,
            )
            log(instance=dossier, action="forms.dossier.payment_reject", user=user, data=data)
        log(instance=locked.statement, action="forms.statement.line_reject", user=user, data=data)
    _refresh(line, locked)
    return line


# How an officer says a fee was paid: cash at the counter, or a transfer seen in the account.
OFFICER_METHODS: dict[str, tuple[str, bool]] = {
    "counter": ("Tiền mặt tại Bộ phận Một cửa", False),
    TRANSFER_METHOD: ("Chuyển khoản vào tài khoản của xã", True),
}


def payment_officer_record(
    *,
    dossier: Dossier,
    actor,
    amount: int,
    paid_on: date,
    method: str = "counter",
    reference: str = "",
    note: str = "",
) -> Payment:
    """An officer records a payment of ``dossier``'s fee ("Ghi nhận đã nộp phí, lệ phí").

    Cash at the counter is ``method="counter"`` (not paid online); a transfer the officer saw in
    the commune's account is the transfer method (paid online). Refused: a dossier with nothing
    left to pay, an amount above what remains (an excess is a decision, not a typing slip), a
    date in the future. The payment enters the books through ``payment_record``.
    """
    if method not in OFFICER_METHODS:
        raise ValidationError("Hình thức thanh toán không hợp lệ.", code="method")
    if amount <= 0:
        raise ValidationError("Số tiền phải lớn hơn 0.", code="amount_invalid")
    if paid_on > timezone.localdate():
        raise ValidationError("Ngày nộp không được sau hôm nay.", code="date_future")
    label, online = OFFICER_METHODS[method]
    note = (note or "").strip()
    with transaction.atomic():
        # Checked on the locked row: two officers recording the same cash at once pay it once.
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.payment_status not in (PaymentStatus.AWAITING, PaymentStatus.PARTIAL):
            raise ValidationError(
                "Hồ sơ không còn khoản phí, lệ phí nào phải nộp (“%(status)s”).",
                code="not_awaiting",
                params={"status": locked.get_payment_status_display()},
            )
        remaining = locked.amount_due - locked.amount_paid
        if amount > remaining:
            raise ValidationError(
                "Số tiền lớn hơn số còn phải nộp (%(remaining)s).",
                code="amount_over",
                params={"remaining": format_dong(remaining)},
            )
        return payment_record(
            dossier=dossier,
            amount=amount,
            paid_on=paid_on,
            reference=(reference or "").strip()[:100],
            method=method,
            online=online,
            source=PaymentSource.OFFICER,
            actor=actor,
            note=f"Cán bộ ghi nhận đã nộp {format_dong(amount)} ngày {paid_on:%d/%m/%Y} ({label.lower()})."
            + (f" {note}" if note else ""),
        )


# Wagtail audit log actions of reconciliation: action → (label in the log filter, message).
RECONCILIATION_LOG_ACTIONS: dict[str, tuple[str, str]] = {
    "forms.statement.import": ("Sao kê: nhập", "Nhập sao kê ngân hàng để đối soát"),
    "forms.statement.line_apply": ("Sao kê: ghi nhận dòng", "Ghi nhận một dòng sao kê vào hồ sơ"),
    "forms.statement.line_reject": ("Sao kê: không ghi nhận dòng", "Không ghi nhận một dòng sao kê"),
    "forms.dossier.payment_reject": (
        "Hồ sơ: không ghi nhận khoản chuyển",
        "Không ghi nhận khoản chuyển khoản trong sao kê",
    ),
}
