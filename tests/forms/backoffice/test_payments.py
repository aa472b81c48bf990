"""The officer side of payments in the back office (issue #13): "Đối soát thanh toán" (statement
upload, pending lines, decisions), "Ghi nhận đã nộp phí, lệ phí" on a dossier, the payment status
in the list and the dossier view, processing that waits for payment; and who may do any of it
(only counter staff with ``forms.reconcile_payment``)."""

import io
import re

import pytest

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile

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
from tests.accounts.factories import citizen_make
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
S = DossierStatus
INDEX = "/admin/forms/dossier/"
RECONCILE = "/admin/forms/doi-soat/"
HEADER = "Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Nội dung\n"


def refused(response) -> bool:
    """Wagtail answers a PermissionDenied in the admin with 403 or a redirect to the admin home."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def inspect_url(dossier):
    return f"{INDEX}inspect/{dossier.pk}/"


def action_url(dossier, slug):
    return f"{INDEX}{dossier.pk}/xu-ly/{slug}/"


def statement_upload(content: bytes, name: str = "saoke.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def officer(db):
    return f.staff_make("canbo", f.OFFICERS)


@pytest.fixture
def leader(db):
    return f.staff_make("lanhdao", f.LEADERS)


@pytest.fixture
def editor(db):
    return f.staff_make("bientap", "Biên tập viên", "Người kiểm duyệt")


@pytest.fixture
def dossier_worker(db):
    """Acts on dossiers (view and change) but was not given ``forms.reconcile_payment``."""
    group = Group.objects.create(name="Chỉ xử lý hồ sơ")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["forms", "wagtailadmin"],
            codename__in=["access_admin", "view_dossier", "change_dossier"],
        )
    )
    return f.staff_make("xuly", "Chỉ xử lý hồ sơ")


@pytest.fixture
def page(home):
    return f.form_page_make()


@pytest.fixture
def awaiting(page):
    dossier = f.dossier_make(page=page)
    Dossier.objects.filter(pk=dossier.pk).update(amount_due=20000, payment_status=PaymentStatus.AWAITING)
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def statement(officer, awaiting, private_root):
    """A statement with a partial payment of ``awaiting`` and an unknown transfer, both pending."""
    from forms.payments.reconciliation import statement_import

    content = (
        HEADER + f"05/12/2026,FT2,,15.000,{awaiting.code} nop le phi\n06/12/2026,FT5,,20.000,chuyen tien\n"
    ).encode()
    return statement_import(content=content, original_name="saoke.csv", actor=officer)


# -- permissions --------------------------------------------------------------------------------


def reconciliation_urls(statement) -> list[str]:
    line = statement.lines.first()
    return [RECONCILE, f"{RECONCILE}sao-ke/{statement.pk}/", f"{RECONCILE}dong/{line.pk}/"]


def test_counter_staff_open_every_reconciliation_page(client, officer, leader, statement):
    for user in (officer, leader):
        client.force_login(user)
        for url in reconciliation_urls(statement):
            assert client.get(url).status_code == 200, (user, url)


def test_editor_is_refused_and_changes_nothing(client, editor, statement):
    client.force_login(editor)
    for url in reconciliation_urls(statement):
        assert refused(client.get(url)), url
    line = statement.lines.first()
    assert refused(client.post(f"{RECONCILE}dong/{line.pk}/", {"decision": "reject", "note": "x"}))
    upload = statement_upload((HEADER + "05/12/2026,FT9,,20.000,x\n").encode())
    assert refused(client.post(RECONCILE, {"statement": upload}))
    line.refresh_from_db()
    assert line.decision == LineDecision.PENDING
    assert BankStatement.objects.count() == 1


def test_officer_without_the_permission_is_refused(client, dossier_worker, statement, awaiting):
    client.force_login(dossier_worker)
    for url in reconciliation_urls(statement):
        assert refused(client.get(url)), url
    # Nor may they record a payment on a dossier they otherwise act on.
    assert client.get(inspect_url(awaiting)).status_code == 200
    assert "ghi-nhan-thanh-toan" not in text(client.get(inspect_url(awaiting)))
    assert refused(client.get(action_url(awaiting, "ghi-nhan-thanh-toan")))
    response = client.post(
        action_url(awaiting, "ghi-nhan-thanh-toan"), {"amount": "20.000", "paid_on": "2026-12-05", "method": "counter"}
    )
    assert refused(response)
    assert Payment.objects.count() == 0


def test_citizen_is_kept_out(client, statement):
    client.force_login(citizen_make())
    for url in reconciliation_urls(statement):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert response.status_code == 403 or "/admin/login/" in response["Location"], url


def test_anonymous_is_sent_to_the_login_page(client, statement):
    for url in reconciliation_urls(statement):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_menu_item_only_for_counter_staff(client, officer, editor, dossier_worker):
    client.force_login(officer)
    assert RECONCILE in text(client.get("/admin/"))
    for user in (editor, dossier_worker):
        client.force_login(user)
        assert RECONCILE not in text(client.get("/admin/"))


# -- importing a statement ----------------------------------------------------------------------


def test_officer_uploads_a_statement(client, officer, awaiting, private_root):
    client.force_login(officer)
    content = (HEADER + f"05/12/2026,FT1,,20.000,MBVCB.123.{awaiting.code}.CT tu NGUYEN VAN AN\n").encode()
    response = client.post(RECONCILE, {"statement": statement_upload(content)}, follow=True)
    statement = BankStatement.objects.get()
    assert response.redirect_chain[-1][0] == f"{RECONCILE}sao-ke/{statement.pk}/"
    assert "Đã nhập sao kê saoke.csv: 1 giao dịch ghi có, 1 khớp và đã ghi nhận, 0 chờ quyết định." in text(response)
    awaiting.refresh_from_db()
    assert awaiting.payment_status == PaymentStatus.PAID
    assert statement.uploaded_by == officer


def test_an_xlsx_statement_uploads_too(client, officer, awaiting, private_root):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Ngày GD", "Mã giao dịch", "Ghi có", "Diễn giải"])
    workbook.active.append(["05/12/2026", "X1", 20000, awaiting.code])
    out = io.BytesIO()
    workbook.save(out)
    client.force_login(officer)
    upload = SimpleUploadedFile("SaoKe.xlsx", out.getvalue(), content_type="application/vnd.ms-excel")
    assert client.post(RECONCILE, {"statement": upload}).status_code == 302
    assert StatementLine.objects.get().outcome == LineOutcome.MATCHED


def test_a_file_that_is_not_a_statement_is_refused_next_to_the_field(client, officer, private_root):
    client.force_login(officer)
    upload = statement_upload("Họ tên,Ngày sinh\nNguyễn Văn An,01/01/1990\n".encode(), name="danh-sach.csv")
    response = client.post(RECONCILE, {"statement": upload})
    assert response.status_code == 400
    assert "Không nhận ra tệp sao kê" in text(response)
    assert BankStatement.objects.count() == 0
    assert [p for p in private_root.rglob("*") if p.is_file() and "statements" in p.parts] == []


def test_no_file_chosen(client, officer):
    client.force_login(officer)
    response = client.post(RECONCILE, {})
    assert response.status_code == 400
    assert "Hãy chọn tệp sao kê." in text(response)


def test_pending_lines_and_statements_are_listed(client, officer, statement, awaiting):
    client.force_login(officer)
    page = text(client.get(RECONCILE))
    assert "Giao dịch chờ quyết định (2)" in page
    outcomes = re.findall(r'data-outcome="([a-z]+)" data-decision="pending"', page)
    assert outcomes == ["partial", "unknown"]
    assert awaiting.code in page
    assert "saoke.csv" in page


# -- decisions ----------------------------------------------------------------------------------


def test_officer_applies_a_partial_line(client, officer, statement, awaiting):
    client.force_login(officer)
    line = statement.lines.get(outcome=LineOutcome.PARTIAL)
    response = client.post(
        f"{RECONCILE}dong/{line.pk}/", {"decision": "apply", "dossier_code": awaiting.code, "note": "Nộp nốt sau."}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.decision, line.decided_by) == (LineDecision.APPLIED, officer)
    awaiting.refresh_from_db()
    assert (awaiting.amount_paid, awaiting.payment_status) == (15000, PaymentStatus.PARTIAL)
    # Decided lines leave the pending list and cannot be decided again.
    assert client.get(f"{RECONCILE}dong/{line.pk}/").status_code == 302
    assert client.post(f"{RECONCILE}dong/{line.pk}/", {"decision": "reject", "note": "x"}).status_code == 302
    line.refresh_from_db()
    assert line.decision == LineDecision.APPLIED


def test_officer_applies_an_unknown_line_to_a_dossier_by_code(client, officer, statement, awaiting):
    client.force_login(officer)
    line = statement.lines.get(outcome=LineOutcome.UNKNOWN)
    url = f"{RECONCILE}dong/{line.pk}/"
    response = client.post(url, {"decision": "apply", "dossier_code": ""})
    assert response.status_code == 400
    assert "Hãy chọn hồ sơ để ghi nhận khoản tiền này." in text(response)
    response = client.post(url, {"decision": "apply", "dossier_code": "HS-000000-0000"})
    assert response.status_code == 400
    assert "Không có hồ sơ mã “HS-000000-0000”." in text(response)
    assert client.post(url, {"decision": "apply", "dossier_code": awaiting.code.lower()}).status_code == 302
    awaiting.refresh_from_db()
    assert awaiting.payment_status == PaymentStatus.PAID


def test_officer_rejects_a_line_with_a_note(client, officer, statement, awaiting):
    client.force_login(officer)
    line = statement.lines.get(outcome=LineOutcome.PARTIAL)
    url = f"{RECONCILE}dong/{line.pk}/"
    response = client.post(url, {"decision": "reject", "note": ""})
    assert response.status_code == 400
    assert "Hãy ghi rõ lý do không ghi nhận khoản tiền này." in text(response)
    assert client.post(url, {"decision": "reject", "note": "Đã hoàn trả người chuyển."}).status_code == 302
    line.refresh_from_db()
    assert (line.decision, line.note) == (LineDecision.REJECTED, "Đã hoàn trả người chuyển.")
    awaiting.refresh_from_db()
    assert awaiting.amount_paid == 0
    # The dossier's history shows the rejection to the officer.
    page = text(client.get(inspect_url(awaiting)))
    assert "Không ghi nhận khoản chuyển 15.000 đồng ngày 05/12/2026: Đã hoàn trả người chuyển." in page


# -- the dossier: payment status, "mark paid", waiting for payment ---------------------------------


def test_list_and_view_show_the_payment_status(client, officer, awaiting):
    client.force_login(officer)
    listing = text(client.get(INDEX))
    assert '<span data-payment-status="awaiting">Chờ thanh toán</span>' in listing
    view = text(client.get(inspect_url(awaiting)))
    assert '<strong data-payment-status="awaiting">Chờ thanh toán</strong>' in view
    assert "20.000 đồng" in view
    filtered = text(client.get(f"{INDEX}?payment_status=paid"))
    assert awaiting.code not in filtered


def test_officer_marks_a_dossier_paid_in_cash(client, officer, awaiting):
    client.force_login(officer)
    assert "ghi-nhan-thanh-toan" in text(client.get(inspect_url(awaiting)))
    form = client.get(action_url(awaiting, "ghi-nhan-thanh-toan"))
    assert form.status_code == 200
    assert 'value="20.000"' in text(form)
    response = client.post(
        action_url(awaiting, "ghi-nhan-thanh-toan"),
        {"amount": "20.000", "paid_on": "2026-12-05", "method": "counter", "reference": "BL-0001", "note": ""},
        follow=True,
    )
    assert f"Hồ sơ {awaiting.code}: đã ghi nhận 20.000 đồng; đã thanh toán." in text(response)
    assert '<strong data-payment-status="paid">Đã thanh toán</strong>' in text(response)
    payment = Payment.objects.get()
    assert (payment.amount, payment.method, payment.online, payment.source, payment.reference, payment.recorded_by) == (
        20000,
        "counter",
        False,
        PaymentSource.OFFICER,
        "BL-0001",
        officer,
    )
    event = DossierEvent.objects.get(dossier=awaiting, kind=EventKind.PAYMENT)
    assert event.note == "Cán bộ ghi nhận đã nộp 20.000 đồng ngày 05/12/2026 (tiền mặt tại bộ phận một cửa)."
    assert ModelLogEntry.objects.filter(action="forms.dossier.payment", object_id=str(awaiting.pk)).count() == 1
    # Paid: the action is no longer offered.
    assert "ghi-nhan-thanh-toan" not in text(client.get(inspect_url(awaiting)))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "25.000", "paid_on": "2026-12-05"}, "Số tiền lớn hơn số còn phải nộp (20.000 đồng)."),
        ({"amount": "hai mươi", "paid_on": "2026-12-05"}, "Số tiền là số đồng lớn hơn 0, ví dụ 20.000."),
        ({"amount": "0", "paid_on": "2026-12-05"}, "Số tiền là số đồng lớn hơn 0, ví dụ 20.000."),
        ({"amount": "20.000", "paid_on": "2099-01-01"}, "Ngày nộp không được sau hôm nay."),
    ],
)
def test_mark_paid_refusals_are_shown_next_to_the_field(client, officer, awaiting, data, message):
    client.force_login(officer)
    response = client.post(action_url(awaiting, "ghi-nhan-thanh-toan"), {"method": "counter", **data})
    assert response.status_code == 400
    assert message in text(response)
    assert Payment.objects.count() == 0


def test_mark_paid_is_not_offered_without_a_fee(client, officer, page):
    dossier = f.dossier_make(page=page)
    client.force_login(officer)
    assert "ghi-nhan-thanh-toan" not in text(client.get(inspect_url(dossier)))
    assert client.get(action_url(dossier, "ghi-nhan-thanh-toan")).status_code == 302


def test_processing_waits_for_payment_in_the_back_office(client, officer, awaiting):
    procedure = awaiting.procedure
    procedure.payment_before_processing = True
    procedure.save_revision().publish()
    client.force_login(officer)
    page_text = text(client.get(inspect_url(awaiting)))
    assert "Thủ tục này chỉ giải quyết sau khi người dân nộp đủ phí, lệ phí." in page_text
    assert action_url(awaiting, "nhan-giai-quyet") not in client.get(inspect_url(awaiting)).content.decode()
    response = client.post(action_url(awaiting, "nhan-giai-quyet"), {"note": ""})
    assert response.status_code == 400
    assert (
        "Thủ tục này chỉ giải quyết sau khi người dân nộp đủ phí, lệ phí: hồ sơ còn 20.000 đồng chưa nộp. "
        "Hãy ghi nhận thanh toán trước khi nhận giải quyết." in text(response)
    )
    awaiting.refresh_from_db()
    assert awaiting.status == S.RECEIVED
    client.post(
        action_url(awaiting, "ghi-nhan-thanh-toan"), {"amount": "20.000", "paid_on": "2026-12-05", "method": "vietqr"}
    )
    assert action_url(awaiting, "nhan-giai-quyet") in client.get(inspect_url(awaiting)).content.decode()
    assert client.post(action_url(awaiting, "nhan-giai-quyet"), {"note": ""}).status_code == 302
    awaiting.refresh_from_db()
    assert awaiting.status == S.PROCESSING


def test_officers_are_named_in_vietnamese_order_on_the_payment_pages(client, officer, statement, awaiting):
    # staff_make: first_name "Minh", last_name "Trần Văn"; Django's get_full_name gives "Minh Trần Văn".
    client.force_login(officer)
    line = statement.lines.get(outcome=LineOutcome.PARTIAL)
    client.post(f"{RECONCILE}dong/{line.pk}/", {"decision": "apply", "dossier_code": "", "note": ""})
    pages = [text(client.get(url)) for url in (RECONCILE, f"{RECONCILE}sao-ke/{statement.pk}/", inspect_url(awaiting))]
    for html in pages:
        assert "Trần Văn Minh" in html
        assert "Minh Trần Văn" not in html
