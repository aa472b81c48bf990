"""Exports of the back office's dossier list: CSV with a byte-order mark, XLSX, filters, ID numbers."""

import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from django.utils import timezone

from forms.backoffice.exports import dossier_export_csv, dossier_export_xlsx
from forms.models import DeliveryMethod, Dossier
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
INDEX = "/admin/forms/dossier/"
HEADINGS = [
    "Mã hồ sơ",
    "Mã thủ tục",
    "Tên thủ tục",
    "Lĩnh vực",
    "Người nộp",
    "Số điện thoại",
    "Thư điện tử",
    "Cách nộp",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày hẹn trả ban đầu",
    "Trạng thái",
    "Đúng hạn, trễ hạn",
    "Cách nhận kết quả",
    "Địa chỉ nhận kết quả",
    "Số hiệu bưu gửi",
    "Ngày có kết quả",
    "Ngày trả kết quả",
]
ID_HEADING = "Số định danh cá nhân"


@pytest.fixture
def page(home):
    return f.form_page_make()


@pytest.fixture
def dossiers(page):
    late = f.dossier_make(page=page, received_at=timezone.now() - timedelta(days=30))
    posted = f.dossier_make(
        page=page,
        applicant=f.applicant_make(full_name="Lê Thị Cúc", phone="0987654321", id_number="079190000001"),
        delivery_method=DeliveryMethod.POST,
        delivery_address=f.ADDRESS,
    )
    return late, posted


def read_csv(response) -> list[list[str]]:
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_csv_has_a_bom_vietnamese_headings_and_every_row(client, dossiers):
    client.force_login(f.staff_make("canbo", f.OFFICERS))
    response = client.get(INDEX, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="danh-sach-ho-so-' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == HEADINGS
    late, posted = dossiers
    by_code = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_code) == {late.code, posted.code}
    assert by_code[late.code]["Đúng hạn, trễ hạn"] == "Quá hạn"
    assert by_code[posted.code]["Đúng hạn, trễ hạn"] == "Trong hạn"
    assert by_code[posted.code]["Cách nộp"] == "Nộp trực tuyến"
    assert by_code[posted.code]["Người nộp"] == "Lê Thị Cúc"
    assert by_code[posted.code]["Số điện thoại"] == "0987654321"
    assert by_code[posted.code]["Ngày hẹn trả"] == posted.due_date.strftime("%d/%m/%Y")
    assert by_code[posted.code]["Địa chỉ nhận kết quả"] == "Số 1 Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội"
    assert by_code[late.code]["Trạng thái"] == "Đã tiếp nhận" and by_code[late.code]["Lĩnh vực"] == "Hộ tịch"
    assert "079190000001" not in response.content.decode("utf-8-sig")


def test_exports_follow_the_list_filters_and_search(client, dossiers):
    late, posted = dossiers
    client.force_login(f.staff_make("canbo", f.OFFICERS))
    rows = read_csv(client.get(INDEX, {"export": "csv", "delivery_method": "post"}))
    assert [row[0] for row in rows[1:]] == [posted.code]
    rows = read_csv(client.get(INDEX, {"export": "csv", "thoi_han": "qua-han"}))
    assert [row[0] for row in rows[1:]] == [late.code]
    rows = read_xlsx(client.get(INDEX, {"export": "xlsx", "q": "Thị Cúc"}))
    assert [row[0] for row in rows[1:]] == [posted.code]
    # The list links to the exports of what it shows.
    html = client.get(INDEX, {"delivery_method": "post", "p": "1"}).content.decode()
    assert "?delivery_method=post&amp;export=csv" in html and "?delivery_method=post&amp;export=xlsx" in html


def test_xlsx_has_headings_real_dates_and_text_numbers(client, dossiers):
    late, posted = dossiers
    client.force_login(f.staff_make("canbo", f.OFFICERS))
    response = client.get(INDEX, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = read_xlsx(response)
    assert rows[0] == HEADINGS
    row = dict(zip(rows[0], next(r for r in rows if r[0] == posted.code), strict=True))
    assert row["Số điện thoại"] == "0987654321"
    assert row["Ngày hẹn trả"].date() == posted.due_date
    assert abs(row["Ngày tiếp nhận"] - timezone.localtime(posted.received_at).replace(tzinfo=None)) < timedelta(
        seconds=1
    )
    assert row["Cách nhận kết quả"] == "Nhận qua dịch vụ bưu chính công ích"


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_id_numbers_only_with_the_permission(client, dossiers, export_format):
    read = read_csv if export_format == "csv" else read_xlsx
    client.force_login(f.staff_make("lanhdao", f.LEADERS))
    rows = read(client.get(INDEX, {"export": export_format}))
    assert rows[0][5] == ID_HEADING and len(rows[0]) == len(HEADINGS) + 1
    assert {row[5] for row in rows[1:]} == {"001090012345", "079190000001"}
    client.force_login(f.staff_make("canbo", f.OFFICERS))
    rows = read(client.get(INDEX, {"export": export_format}))
    assert ID_HEADING not in rows[0]
    assert not any("001090012345" in str(cell) for row in rows for cell in row)


def test_citizen_typed_formulas_are_written_as_text(page):
    dossier = f.dossier_make(page=page, applicant=f.applicant_make(full_name='=HYPERLINK("http://x","y")'))
    dossiers = Dossier.objects.filter(pk=dossier.pk)
    body = dossier_export_csv(dossiers=dossiers, include_id_number=False).decode("utf-8-sig")
    assert "'=HYPERLINK" in body
    workbook = load_workbook(io.BytesIO(dossier_export_xlsx(dossiers=dossiers, include_id_number=False)))
    assert workbook.active.cell(row=2, column=5).value == '\'=HYPERLINK("http://x","y")'
    assert workbook.active.cell(row=2, column=5).data_type == "s"


def test_empty_export_has_the_headings_only(client, home):
    client.force_login(f.staff_make("canbo", f.OFFICERS))
    assert read_csv(client.get(INDEX, {"export": "csv"})) == [HEADINGS]
    assert read_xlsx(client.get(INDEX, {"export": "xlsx"})) == [HEADINGS]


def test_every_exported_dossier_is_in_the_audit_log(client, dossiers):
    from wagtail.models import ModelLogEntry

    late, posted = dossiers
    leader = f.staff_make("lanhdao", f.LEADERS)
    client.force_login(leader)
    client.get(INDEX, {"export": "xlsx", "delivery_method": "post"})
    entries = list(ModelLogEntry.objects.filter(action="forms.dossier.export"))
    assert [(e.object_id, e.user) for e in entries] == [(str(posted.pk), leader)]
    assert entries[0].data == {"format": "xlsx", "with_id_number": True}
    assert entries[0].message == "Xuất hồ sơ trong danh sách (XLSX/CSV)"
    client.get(INDEX, {"export": "csv"})
    batches = ModelLogEntry.objects.filter(action="forms.dossier.export").values_list("uuid", flat=True)
    assert len(batches) == 3 and len(set(batches)) == 2


def test_a_result_decided_late_is_trễ_hạn_also_after_an_apology(page):
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from forms.lifecycle.services import dossier_apologise, dossier_transition

    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    officer = f.staff_make("canbo", f.OFFICERS)

    def decided(at, *, apology=None):
        dossier = f.dossier_make(page=page, received_at=datetime(2026, 11, 2, 9, tzinfo=vn))  # due 5/11/2026
        if apology:
            dossier_apologise(dossier=dossier, actor=officer, new_due_date=apology, reason="Chờ xác minh")
        dossier_transition(dossier=dossier, to_status="processing", actor=officer)
        dossier_transition(dossier=dossier, to_status="result_ready", actor=officer, now=at)
        dossier_transition(dossier=dossier, to_status="returned", actor=officer)
        return dossier

    on_time = decided(datetime(2026, 11, 5, 16, tzinfo=vn))
    late = decided(datetime(2026, 11, 6, 8, tzinfo=vn))
    apologised = decided(datetime(2026, 11, 9, 10, tzinfo=vn), apology=date(2026, 11, 10))
    waiting = f.dossier_make(page=page, received=False)
    body = dossier_export_csv(dossiers=Dossier.objects.order_by("pk"), include_id_number=False)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    by_code = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_code[on_time.code]["Đúng hạn, trễ hạn"] == "Đúng hạn"
    assert by_code[late.code]["Đúng hạn, trễ hạn"] == "Trễ hạn"
    assert by_code[apologised.code]["Đúng hạn, trễ hạn"] == "Trễ hạn"
    assert by_code[apologised.code]["Ngày hẹn trả"] == "10/11/2026"
    assert by_code[apologised.code]["Ngày hẹn trả ban đầu"] == "05/11/2026"
    assert by_code[waiting.code]["Đúng hạn, trễ hạn"] == "Chưa tiếp nhận"
    assert by_code[waiting.code]["Ngày tiếp nhận"] == "" and by_code[waiting.code]["Ngày hẹn trả"] == ""


def test_xlsx_has_column_widths_a_frozen_heading_and_filters(client, dossiers):
    client.force_login(f.staff_make("canbo", f.OFFICERS))
    workbook = load_workbook(io.BytesIO(client.get(INDEX, {"export": "xlsx"}).content))
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:R3"  # 18 columns; the heading and two dossiers
    assert sheet.column_dimensions["A"].width == 20  # Mã hồ sơ
    assert sheet.column_dimensions["C"].width == 45  # Tên thủ tục
    assert all(sheet.column_dimensions[letter].width >= 12 for letter in "ABCDEFGHIJKLMNOPQR")
