"""The back office's dossier list as a spreadsheet: XLSX, or CSV with a UTF-8 byte-order mark.

Excel opens a CSV as the machine's legacy code page unless it starts with a byte-order mark, which
turns every Vietnamese letter into mojibake; hence ``utf-8-sig``. Applicants' ID numbers (CCCD)
are written only for officers whose group holds ``forms.export_personal_id``.
"""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone

from forms.lifecycle.selectors import dossier_is_late
from forms.models import BEFORE_RECEPTION_STATUSES, DeliveryMethod, Dossier, DossierStatus

CSV = "csv"
XLSX = "xlsx"
FILENAME = "danh-sach-ho-so"
# A cell starting with one of these is a formula to Excel; a citizen-typed name must never run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column of the export: its Vietnamese heading, how to read the value, its width in Excel."""

    heading: str
    value: Callable[[Dossier], object]
    width: int = 14


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _address(dossier: Dossier) -> str:
    address = dossier.delivery_address or {}
    return ", ".join(part for part in (address.get("detail"), address.get("commune"), address.get("province")) if part)


def dossier_timeliness(dossier: Dossier, *, today: date) -> str:
    """Where the dossier stands against its deadline, in the words of the one-stop reports.

    A decision (result or refusal) is "Đúng hạn" or "Trễ hạn" against the first appointment
    (``Dossier.deadline``: an apology, Mẫu 04, does not make a late result on time); an open
    dossier is "Quá hạn" (``dossier_is_late``) or "Trong hạn"; before reception there is no
    deadline yet.
    """
    if dossier.status in BEFORE_RECEPTION_STATUSES or dossier.deadline is None:
        return "Chưa tiếp nhận" if dossier.status != DossierStatus.NOT_RECEIVED else ""
    if dossier.completed_at is not None:
        return "Trễ hạn" if timezone.localdate(dossier.completed_at) > dossier.deadline else "Đúng hạn"
    return "Quá hạn" if dossier_is_late(dossier, today=today) else "Trong hạn"


def dossier_export_columns(
    *, include_id_number: bool, today: date, communes: dict[int | None, str] | None = None
) -> list[Column]:
    """The export's columns, in order; the ID number column only when ``include_id_number``, the
    commune's name (from ``communes``, site id → name) for those who see several communes."""
    columns = [Column("Mã hồ sơ", lambda d: d.code, 20)]
    if communes is not None:
        columns.append(Column("Xã", lambda d: communes.get(d.site_id, ""), 20))
    columns += [
        Column("Mã thủ tục", lambda d: d.procedure_code, 12),
        Column("Tên thủ tục", lambda d: d.procedure_title, 45),
        Column("Lĩnh vực", lambda d: d.procedure.sector.name if d.procedure and d.procedure.sector else "", 18),
        Column("Người nộp", lambda d: d.applicant_name, 24),
    ]
    if include_id_number:
        columns.append(Column("Số định danh cá nhân", lambda d: d.applicant_id_number, 16))
    columns += [
        Column("Số điện thoại", lambda d: d.applicant_phone, 13),
        Column("Thư điện tử", lambda d: d.applicant_email, 24),
        Column("Cách nộp", lambda d: d.get_channel_display(), 22),
        Column("Ngày tiếp nhận", lambda d: _local(d.received_at), 17),
        Column("Ngày hẹn trả", lambda d: d.due_date, 13),
        Column("Ngày hẹn trả ban đầu", lambda d: d.original_due_date, 13),
        Column("Trạng thái", lambda d: d.get_status_display(), 22),
        Column("Đúng hạn, trễ hạn", lambda d: dossier_timeliness(d, today=today), 15),
        Column("Cách nhận kết quả", lambda d: d.get_delivery_method_display(), 24),
        Column("Địa chỉ nhận kết quả", lambda d: _address(d) if d.delivery_method == DeliveryMethod.POST else "", 36),
        Column("Số hiệu bưu gửi", lambda d: d.postal_tracking_number, 16),
        Column("Ngày có kết quả", lambda d: _local(d.completed_at), 17),
        Column("Ngày trả kết quả", lambda d: _local(d.returned_at), 17),
    ]
    return columns


def _safe_text(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(_safe_text(value))


def dossier_export_csv(
    *, dossiers: Iterable[Dossier], include_id_number: bool, communes: dict[int | None, str] | None = None
) -> bytes:
    """The dossiers as CSV bytes in UTF-8 with a byte-order mark, dates as dd/mm/yyyy."""
    columns = dossier_export_columns(include_id_number=include_id_number, today=timezone.localdate(), communes=communes)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.heading for column in columns])
    for dossier in dossiers:
        writer.writerow([_csv_text(column.value(dossier)) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")


def dossier_export_xlsx(
    *, dossiers: Iterable[Dossier], include_id_number: bool, communes: dict[int | None, str] | None = None
) -> bytes:
    """The dossiers as an XLSX workbook: one sheet, bold headings kept in view (frozen row) with
    filters, columns wide enough to read, real dates."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    columns = dossier_export_columns(include_id_number=include_id_number, today=timezone.localdate(), communes=communes)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Hồ sơ")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    headings = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.heading)
        cell.font = Font(bold=True)
        headings.append(cell)
    sheet.append(headings)
    count = 0
    for dossier in dossiers:
        row = []
        for column in columns:
            value = column.value(dossier)
            cell = WriteOnlyCell(sheet, value=_safe_text(value) if value is not None else None)
            if isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(value, date):
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(value, str):
                cell.data_type = "s"  # ID and phone numbers keep their leading zero
            row.append(cell)
        sheet.append(row)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def dossier_export_response(
    *,
    dossiers: Iterable[Dossier],
    export_format: str,
    include_id_number: bool,
    communes: dict[int | None, str] | None = None,
):
    """An HTTP download of ``dossiers`` in ``export_format`` (``csv`` or ``xlsx``); a "Xã" column
    when ``communes`` (site id → name) is given."""
    stamp = timezone.localdate().strftime("%Y%m%d")
    if export_format == CSV:
        body = dossier_export_csv(dossiers=dossiers, include_id_number=include_id_number, communes=communes)
        content_type = "text/csv; charset=utf-8"
    else:
        body = dossier_export_xlsx(dossiers=dossiers, include_id_number=include_id_number, communes=communes)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        export_format = XLSX
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}-{stamp}.{export_format}"'
    response["Cache-Control"] = "no-store"
    return response
