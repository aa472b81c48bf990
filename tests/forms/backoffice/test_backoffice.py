"""The dossier back office in the Wagtail admin: menu, permissions, list, dossier view, actions."""

import re
from datetime import timedelta

import pytest

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import ModelLogEntry

from forms.lifecycle.services import dossier_transition
from forms.lifecycle.workdays import add_working_days
from forms.models import AttachmentKind, DeliveryMethod, Dossier, DossierStatus
from tests import factories
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
S = DossierStatus
INDEX = "/admin/forms/dossier/"
ACTION_OF = {
    S.RECEIVED: "tiep-nhan",
    S.COMPLETION_REQUESTED: "yeu-cau-hoan-thien",
    S.NOT_RECEIVED: "tu-choi-tiep-nhan",
    S.PROCESSING: "nhan-giai-quyet",
    S.SUPPLEMENT_REQUESTED: "yeu-cau-bo-sung",
    S.RESULT_READY: "ghi-nhan-ket-qua",
    S.RETURNED: "tra-ket-qua",
    S.REFUSED: "tu-choi",
}
# The officer's moves of the one-stop rules (Decree 61/2018/NĐ-CP as amended by 107/2021), written out.
OFFICER_MOVES = {
    (S.AWAITING_RECEPTION, S.RECEIVED),
    (S.AWAITING_RECEPTION, S.COMPLETION_REQUESTED),
    (S.AWAITING_RECEPTION, S.NOT_RECEIVED),
    (S.COMPLETION_REQUESTED, S.RECEIVED),
    (S.COMPLETION_REQUESTED, S.NOT_RECEIVED),
    (S.RECEIVED, S.PROCESSING),
    (S.RECEIVED, S.SUPPLEMENT_REQUESTED),
    (S.RECEIVED, S.REFUSED),
    (S.PROCESSING, S.SUPPLEMENT_REQUESTED),
    (S.PROCESSING, S.RESULT_READY),
    (S.PROCESSING, S.REFUSED),
    (S.SUPPLEMENT_REQUESTED, S.PROCESSING),
    (S.SUPPLEMENT_REQUESTED, S.REFUSED),
    (S.RESULT_READY, S.RETURNED),
}
# A path from "awaiting reception" to every status.
PATH_TO = {
    S.AWAITING_RECEPTION: [],
    S.COMPLETION_REQUESTED: [S.COMPLETION_REQUESTED],
    S.NOT_RECEIVED: [S.NOT_RECEIVED],
    S.RECEIVED: [S.RECEIVED],
    S.PROCESSING: [S.RECEIVED, S.PROCESSING],
    S.SUPPLEMENT_REQUESTED: [S.RECEIVED, S.SUPPLEMENT_REQUESTED],
    S.RESULT_READY: [S.RECEIVED, S.PROCESSING, S.RESULT_READY],
    S.RETURNED: [S.RECEIVED, S.PROCESSING, S.RESULT_READY, S.RETURNED],
    S.REFUSED: [S.RECEIVED, S.REFUSED],
}
# One row of Mẫu 01's documents table, as the receive form posts it.
DOCUMENTS = {
    "giay-to-TOTAL_FORMS": "1",
    "giay-to-INITIAL_FORMS": "0",
    "giay-to-0-name": "Tờ khai đăng ký khai sinh",
    "giay-to-0-form": "original",
    "giay-to-0-quantity": "1",
}
VALID_INPUT = {"note": "Ghi chú của cán bộ", "postal_tracking_number": "EB123456789VN", **DOCUMENTS}


def refused(response) -> bool:
    """Wagtail answers a PermissionDenied in the admin with a redirect to the admin home and a message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def inspect_url(dossier):
    return f"{INDEX}inspect/{dossier.pk}/"


def action_url(dossier, to_status):
    return f"{INDEX}{dossier.pk}/xu-ly/{ACTION_OF[to_status]}/"


def bring_to(dossier, status, *, actor):
    """Move a dossier still awaiting reception along ``PATH_TO[status]``."""
    if dossier.status != S.AWAITING_RECEPTION:
        Dossier.objects.filter(pk=dossier.pk).update(status=S.AWAITING_RECEPTION)
        dossier.refresh_from_db()
    for step in PATH_TO[status]:
        dossier_transition(
            dossier=dossier, to_status=step, actor=actor, note="bước chuẩn bị", postal_tracking_number="EB1VN"
        )


@pytest.fixture
def officer(db):
    return f.staff_make("canbo", f.OFFICERS)


@pytest.fixture
def editor(db):
    return f.staff_make("bientap", "Biên tập viên", "Người kiểm duyệt")


@pytest.fixture
def page(home):
    return f.form_page_make()


@pytest.fixture
def dossier(page):
    return f.dossier_make(page=page)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


# -- menu and permissions ------------------------------------------------------------------------


def test_officer_sees_the_dossier_menu_and_an_editor_does_not(client, officer, editor):
    client.force_login(officer)
    assert INDEX in client.get("/admin/").content.decode()
    client.force_login(editor)
    home = client.get("/admin/")
    assert home.status_code == 200
    assert INDEX not in home.content.decode()


def test_editor_without_the_group_is_refused_everywhere(client, editor, dossier):
    client.force_login(editor)
    urls = [
        INDEX,
        f"{INDEX}?export=csv",
        f"{INDEX}?export=xlsx",
        inspect_url(dossier),
        f"{INDEX}history/{dossier.pk}/",
        action_url(dossier, S.PROCESSING),
    ]
    for url in urls:
        assert refused(client.get(url)), url
    assert refused(client.post(action_url(dossier, S.PROCESSING), {"note": "x"}))
    attachment = dossier.attachments.first()
    assert client.get(f"/ho-so/tep/{attachment.pk}/").status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED
    assert not ModelLogEntry.objects.filter(action="forms.dossier.view").exists()


def test_anonymous_is_sent_to_the_login_page(client, dossier):
    for url in (INDEX, inspect_url(dossier), action_url(dossier, S.PROCESSING), f"{INDEX}?export=csv"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    assert client.get(f"/ho-so/tep/{dossier.attachments.first().pk}/").status_code == 404


def test_nobody_adds_edits_or_deletes_dossiers_in_the_admin(officer_client, dossier):
    for url in (f"{INDEX}create/", f"{INDEX}edit/{dossier.pk}/", f"{INDEX}delete/{dossier.pk}/"):
        assert refused(officer_client.get(url)), url
    assert refused(officer_client.post(f"{INDEX}delete/{dossier.pk}/"))
    assert Dossier.objects.filter(pk=dossier.pk).exists()


def test_a_citizen_token_opens_only_its_own_dossier_and_files(client, page):
    mine = f.dossier_make(page=page)
    other = f.dossier_make(page=page, applicant=f.applicant_make(full_name="Lê Thị Cúc", phone="0987654321"))
    other_file = other.attachments.first()
    f.tracking_open(client, mine)
    assert client.get(f"/tra-cuu-ho-so/{mine.access_token}/tep/{other_file.pk}/").status_code == 404
    assert client.get(f"/tra-cuu-ho-so/{other.access_token}/tep/{other_file.pk}/").status_code == 302
    f.tracking_open(client, other)
    assert client.get(f"/tra-cuu-ho-so/{other.access_token}/tep/{other_file.pk}/").status_code == 200
    page_html = client.get(f"/tra-cuu-ho-so/{mine.access_token}/").content.decode()
    assert "Lê Thị Cúc" not in page_html and other.code not in page_html


def test_officer_opens_files_through_the_staff_view(officer_client, dossier):
    attachment = dossier.attachments.first()
    response = officer_client.get(f"/ho-so/tep/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# -- list ----------------------------------------------------------------------------------------


def test_list_shows_the_columns_sorted_by_due_date_and_marks_overdue(officer_client, page, officer):
    late = f.dossier_make(page=page, received_at=timezone.now() - timedelta(days=30))
    fresh = f.dossier_make(page=page, applicant=f.applicant_make(full_name="Phạm Văn Dũng"))
    html = officer_client.get(INDEX).content.decode()
    for heading in ("Mã hồ sơ", "Thủ tục", "Người nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Trạng thái", "Nhận kết quả"):
        assert heading in html
    assert html.index(late.code) < html.index(fresh.code)
    assert html.count('data-overdue="true"') == 1
    assert "Quá hạn" in html and late.due_date.strftime("%d/%m/%Y") in html
    # Late before the supplement request: the pause does not make it on time again.
    dossier_transition(dossier=late, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Thiếu giấy tờ")
    html = officer_client.get(INDEX).content.decode()
    assert html.count('data-overdue="true"') == 1
    assert codes_in(officer_client.get(INDEX, {"thoi_han": "qua-han"})) == {late.code}
    # Asked in time, waiting for the citizen pauses the clock: not marked.
    dossier_transition(dossier=fresh, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Thiếu giấy tờ")
    assert officer_client.get(INDEX).content.decode().count('data-overdue="true"') == 1


def offered_actions(html: str) -> list[str]:
    return re.findall(r'data-dossier-action="([^"]+)"', html)


def codes_in(response) -> set[str]:
    html = response.content.decode()
    return {code for code in Dossier.objects.values_list("code", flat=True) if code in html}


def test_filters_by_status_deadline_procedure_sector_and_post(officer_client, officer, page):
    other_sector = factories.sector_make("Chứng thực")
    other_page = f.form_page_make(procedure=factories.procedure_make(sector=other_sector, title="Chứng thực bản sao"))
    today = timezone.localdate()
    late = f.dossier_make(page=page, received_at=timezone.now() - timedelta(days=30))
    soon = f.dossier_make(page=page)  # due in 3 working days from today at the latest
    Dossier.objects.filter(pk=soon.pk).update(due_date=add_working_days(today, 1))
    posted = f.dossier_make(page=other_page, delivery_method=DeliveryMethod.POST, delivery_address=f.ADDRESS)
    processing = f.dossier_make(page=other_page)
    Dossier.objects.filter(pk=processing.pk).update(due_date=today + timedelta(days=60))
    dossier_transition(dossier=processing, to_status=S.PROCESSING, actor=officer)

    assert codes_in(officer_client.get(INDEX, {"status": "processing"})) == {processing.code}
    assert codes_in(officer_client.get(INDEX, {"thoi_han": "qua-han"})) == {late.code}
    assert soon.code in codes_in(officer_client.get(INDEX, {"thoi_han": "sap-den-han"}))
    assert late.code not in codes_in(officer_client.get(INDEX, {"thoi_han": "sap-den-han"}))
    assert codes_in(officer_client.get(INDEX, {"thu_tuc": other_page.procedure.code})) == {posted.code, processing.code}
    assert codes_in(officer_client.get(INDEX, {"linh_vuc": str(other_sector.pk)})) == {posted.code, processing.code}
    assert codes_in(officer_client.get(INDEX, {"delivery_method": "post"})) == {posted.code}
    html = officer_client.get(INDEX).content.decode()
    assert "Đến hạn trong 2 ngày làm việc" in html and "Chứng thực" in html


def test_search_by_code_name_and_phone_as_typed(officer_client, page):
    an = f.dossier_make(page=page)
    cuc = f.dossier_make(page=page, applicant=f.applicant_make(full_name="Lê Thị Cúc", phone="0987654321"))
    assert codes_in(officer_client.get(INDEX, {"q": cuc.code})) == {cuc.code}
    assert codes_in(officer_client.get(INDEX, {"q": "Thị Cúc"})) == {cuc.code}
    assert codes_in(officer_client.get(INDEX, {"q": "+84 987 654 321"})) == {cuc.code}
    assert codes_in(officer_client.get(INDEX, {"q": "0912.345.678"})) == {an.code}
    assert codes_in(officer_client.get(INDEX, {"q": "không có ai"})) == set()


def test_search_without_diacritics_by_id_number_and_by_a_code_without_dashes(officer_client, page):
    an = f.dossier_make(page=page)
    cuc = f.dossier_make(
        page=page, applicant=f.applicant_make(full_name="Lê Thị Cúc", phone="0987654321", id_number="079093012345")
    )
    assert codes_in(officer_client.get(INDEX, {"q": "le thi cuc"})) == {cuc.code}
    assert codes_in(officer_client.get(INDEX, {"q": "LE THỊ CUC"})) == {cuc.code}
    assert codes_in(officer_client.get(INDEX, {"q": "079093012345"})) == {cuc.code}
    assert codes_in(officer_client.get(INDEX, {"q": cuc.code.replace("-", "")})) == {cuc.code}
    assert codes_in(officer_client.get(INDEX, {"q": cuc.code.replace("-", " ")})) == {cuc.code}
    assert an.code not in codes_in(officer_client.get(INDEX, {"q": "le thi cuc"}))


def test_list_query_count_does_not_grow_with_the_dossiers(officer_client, page, django_assert_max_num_queries):
    f.dossier_make(page=page)
    with CaptureQueriesContext(connection) as few:
        assert officer_client.get(INDEX).status_code == 200
    for _ in range(12):
        f.dossier_make(page=page, delivery_method=DeliveryMethod.POST, delivery_address=f.ADDRESS)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert officer_client.get(INDEX, {"linh_vuc": "1"}).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert officer_client.get(INDEX).status_code == 200


def test_list_draws_filter_choices_and_searches_once_per_request(officer_client, page):
    # modeladmin builds the list twice per request; the filters' choices (DISTINCT over the
    # dossiers) and the search's folding of names in Python must run once: with a province's
    # 100,000 dossiers each costs tens of milliseconds (issue #17, bench/province.py).
    f.dossier_make(page=page)
    for params in ({}, {"q": "nguyen van an"}, {"status": "received"}):
        with CaptureQueriesContext(connection) as queries:
            assert officer_client.get(INDEX, params).status_code == 200
        sqls = [q["sql"] for q in queries.captured_queries]
        assert sum('SELECT DISTINCT "forms_dossier"."procedure_code"' in sql for sql in sqls) == 1, params
        assert sum('FROM "cms_sector"' in sql for sql in sqls) == 1, params
        # Names are compared folded in the database (Dossier.search_text), never read row by row.
        assert not any('SELECT "forms_dossier"."id" AS "pk", "forms_dossier"."applicant_name"' in sql for sql in sqls)
        if "q" in params:
            assert any('"forms_dossier"."search_text"::text LIKE' in sql or '"search_text" LIKE' in sql for sql in sqls)
        # The rows are read without the procedure pages' text nor the citizen's answers.
        rows = [sql for sql in sqls if sql.startswith('SELECT "forms_dossier"."id", "forms_dossier"."code"')]
        assert len(rows) == 1, params
        assert '"cms_procedurepage"' not in rows[0] and '"forms_dossier"."snapshot"' not in rows[0], params


def test_filter_choices_come_from_the_dossiers_listed(page):
    from forms.backoffice.selectors import dossier_procedures, dossier_sectors

    dossier = f.dossier_make(page=page)

    assert dossier_procedures() == [(dossier.procedure_code, dossier.procedure_title)]
    assert dossier_procedures(dossiers=Dossier.objects.filter(pk=dossier.pk)) == [
        (dossier.procedure_code, dossier.procedure_title)
    ]
    assert dossier_procedures(dossiers=Dossier.objects.none()) == []
    assert [sector.name for sector in dossier_sectors()] == ["Hộ tịch"]
    assert list(dossier_sectors(dossiers=Dossier.objects.filter(pk=dossier.pk))) == list(dossier_sectors())
    assert list(dossier_sectors(dossiers=Dossier.objects.none())) == []


# -- dossier view --------------------------------------------------------------------------------


def test_dossier_view_shows_applicant_answers_files_and_history(officer_client, officer, dossier):
    dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer, note="Hồ sơ đủ thành phần")
    response = officer_client.get(inspect_url(dossier))
    html = response.content.decode()
    assert response.status_code == 200
    assert dossier.applicant_id_number in html and dossier.applicant_phone in html
    assert 'class="answers"' in html and "Người nộp hồ sơ" in html and "Nguyễn Văn An" in html
    for attachment in dossier.attachments.all():
        assert f"/ho-so/tep/{attachment.pk}/" in html
    assert "Hồ sơ đủ thành phần" in html and "Trần Văn Minh" in html and "Đã tiếp nhận" in html
    offered = {slug for slug in ACTION_OF.values() if f'data-dossier-action="{slug}"' in html}
    assert offered == {"yeu-cau-bo-sung", "ghi-nhan-ket-qua", "tu-choi"}


def test_dossier_view_of_a_closed_dossier_offers_nothing(officer_client, officer, dossier):
    bring_to(dossier, S.REFUSED, actor=officer)
    html = officer_client.get(inspect_url(dossier)).content.decode()
    assert offered_actions(html) == ["dieu-chinh"] and "Hồ sơ đã kết thúc" in html


# -- actions -------------------------------------------------------------------------------------


@pytest.mark.parametrize("from_status", list(S))
@pytest.mark.parametrize("to_status", list(ACTION_OF))
def test_every_move_through_the_admin(officer_client, officer, page, from_status, to_status):
    dossier = f.dossier_make(page=page, received=False, delivery_method=DeliveryMethod.POST, delivery_address=f.ADDRESS)
    bring_to(dossier, from_status, actor=officer)
    events = dossier.events.count()
    data = dict(VALID_INPUT)
    if to_status == S.RESULT_READY:
        data["result_file"] = f.upload("ket-qua.pdf")
    response = officer_client.post(action_url(dossier, to_status), data)
    dossier.refresh_from_db()
    if (from_status, to_status) in OFFICER_MOVES:
        assert response.status_code == 302
        assert response["Location"].startswith(inspect_url(dossier))
        assert dossier.status == to_status
        assert dossier.events.count() == events + 1
    else:
        assert response.status_code == 400
        assert "Không thể chuyển hồ sơ" in response.content.decode()
        assert dossier.status == from_status
        assert dossier.events.count() == events
        # The page does not offer it either, and opening it directly leads back to the dossier.
        html = officer_client.get(inspect_url(dossier)).content.decode()
        assert f'data-dossier-action="{ACTION_OF[to_status]}"' not in html
        assert officer_client.get(action_url(dossier, to_status))["Location"] == inspect_url(dossier)


def test_an_officer_without_change_permission_can_look_but_not_act(client, dossier):
    from django.contrib.auth.models import Permission

    viewer = f.staff_make("xem")
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_dossier")
    )
    client.force_login(viewer)
    html = client.get(inspect_url(dossier)).content.decode()
    assert dossier.code in html and "data-dossier-action=" not in html
    assert refused(client.post(action_url(dossier, S.PROCESSING), {"note": ""}))


def test_unknown_action_is_refused(officer_client, dossier):
    assert refused(officer_client.get(f"{INDEX}{dossier.pk}/xu-ly/xoa/"))
    assert officer_client.get(f"{INDEX}999999/xu-ly/tu-choi/").status_code == 404


@pytest.mark.parametrize(
    ("to_status", "field", "message"),
    [
        (S.SUPPLEMENT_REQUESTED, "note", "Hãy ghi rõ giấy tờ cần bổ sung."),
        (S.REFUSED, "note", "Hãy ghi rõ lý do từ chối."),
    ],
)
def test_a_missing_note_is_shown_next_to_the_field(officer_client, dossier, to_status, field, message):
    response = officer_client.post(action_url(dossier, to_status), {"note": "  "})
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert html.index(message) > html.index(f'name="{field}"') - 2000  # rendered with the field
    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED


def test_returning_a_posted_result_needs_the_tracking_number_and_keeps_the_note(officer_client, officer, page):
    dossier = f.dossier_make(page=page, delivery_method=DeliveryMethod.POST, delivery_address=f.ADDRESS)
    bring_to(dossier, S.RESULT_READY, actor=officer)
    response = officer_client.post(action_url(dossier, S.RETURNED), {"note": "Gửi bưu điện Hàm Chính"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Hãy nhập số hiệu bưu gửi" in html
    assert "Gửi bưu điện Hàm Chính" in html
    response = officer_client.post(
        action_url(dossier, S.RETURNED), {"note": "Gửi bưu điện", "postal_tracking_number": " EB123456789VN "}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.RETURNED and dossier.postal_tracking_number == "EB123456789VN"
    html = officer_client.get(f"/tra-cuu-ho-so/{dossier.access_token}/").content.decode()
    assert "EB123456789VN" in html


def test_a_counter_result_is_returned_without_tracking_number(officer_client, officer, dossier):
    bring_to(dossier, S.RESULT_READY, actor=officer)
    assert officer_client.post(action_url(dossier, S.RETURNED), {"note": ""}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.RETURNED and dossier.returned_at is not None


def test_a_wrong_result_file_is_refused_next_to_the_file_field(officer_client, officer, dossier):
    bring_to(dossier, S.PROCESSING, actor=officer)
    bad = f.upload("ket-qua.pdf", content=f.exe_bytes())
    response = officer_client.post(action_url(dossier, S.RESULT_READY), {"note": "Đã ký", "result_file": bad})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Tệp không đúng định dạng cho phép" in html and "Đã ký" in html
    dossier.refresh_from_db()
    assert dossier.status == S.PROCESSING and not dossier.attachments.filter(kind=AttachmentKind.RESULT).exists()


def test_recorded_result_is_downloadable_by_the_citizen(client, officer, dossier):
    bring_to(dossier, S.PROCESSING, actor=officer)
    client.force_login(officer)
    response = client.post(
        action_url(dossier, S.RESULT_READY),
        {"note": "Đã ký giấy khai sinh", "result_file": f.upload("giay-khai-sinh.pdf")},
    )
    assert response.status_code == 302
    result = dossier.attachments.get(kind=AttachmentKind.RESULT)
    assert result.label == "Kết quả giải quyết" and result.event.to_status == S.RESULT_READY
    client.logout()
    f.tracking_open(client, dossier)
    html = client.get(f"/tra-cuu-ho-so/{dossier.access_token}/").content.decode()
    assert f"/tra-cuu-ho-so/{dossier.access_token}/tep/{result.pk}/" in html and "Kết quả" in html
    download = client.get(f"/tra-cuu-ho-so/{dossier.access_token}/tep/{result.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


# -- notifications -------------------------------------------------------------------------------


@pytest.mark.parametrize("to_status", list(ACTION_OF))
def test_every_action_e_mails_the_citizen(officer_client, officer, page, to_status, django_capture_on_commit_callbacks):
    dossier = f.dossier_make(page=page)
    previous = {
        S.RECEIVED: S.AWAITING_RECEPTION,
        S.COMPLETION_REQUESTED: S.AWAITING_RECEPTION,
        S.NOT_RECEIVED: S.AWAITING_RECEPTION,
        S.RESULT_READY: S.PROCESSING,
        S.RETURNED: S.RESULT_READY,
    }.get(to_status, S.RECEIVED)
    bring_to(dossier, previous, actor=officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(action_url(dossier, to_status), {"note": "Nội dung gửi người dân", **DOCUMENTS})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["an@example.vn"] and dossier.code in message.subject
    assert "Nội dung gửi người dân" in message.body and to_status.label in message.body
    assert f"/tra-cuu-ho-so/{dossier.access_token}/" in message.body


def test_no_e_mail_without_an_address(officer_client, page, django_capture_on_commit_callbacks):
    dossier = f.dossier_make(page=page, applicant=f.applicant_make(email=""))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert officer_client.post(action_url(dossier, S.PROCESSING), {"note": ""}).status_code == 302
    assert mail.outbox == []


# -- audit log -----------------------------------------------------------------------------------


def test_views_and_actions_are_in_the_audit_log(officer_client, officer, dossier):
    officer_client.get(inspect_url(dossier))
    officer_client.get(inspect_url(dossier))
    officer_client.post(action_url(dossier, S.SUPPLEMENT_REQUESTED), {"note": "Thiếu bản chụp CCCD"})
    dossier_transition(
        dossier=dossier,
        to_status=S.PROCESSING,
        actor=None,
        note="Đã bổ sung",
        attachments=[f.AttachmentInput(slot="", label="Bổ sung", name="cccd.pdf", file=f.upload())],
    )
    officer_client.post(action_url(dossier, S.RESULT_READY), {"note": ""})
    officer_client.post(action_url(dossier, S.RETURNED), {"note": ""})
    entries = list(ModelLogEntry.objects.for_instance(dossier).order_by("timestamp", "pk"))
    assert [e.action for e in entries] == [
        "forms.dossier.submit",
        "forms.dossier.receive",
        "forms.dossier.view",
        "forms.dossier.view",
        "forms.dossier.request_supplement",
        "forms.dossier.supplement",
        "forms.dossier.record_result",
        "forms.dossier.return",
    ]
    receiver = f.receiving_officer()
    assert [e.user for e in entries] == [None, receiver, officer, officer, officer, None, officer, officer]
    assert entries[4].data["note"] == "Thiếu bản chụp CCCD"
    assert entries[4].message == "Yêu cầu bổ sung hồ sơ"
    # The dossier's audit page lists them, in Vietnamese.
    history = officer_client.get(f"{INDEX}history/{dossier.pk}/").content.decode()
    assert "Xem hồ sơ" in history and "Ghi nhận kết quả giải quyết" in history


def test_accept_and_resume_and_refuse_have_their_own_log_actions(officer, page):
    first = f.dossier_make(page=page)
    bring_to(first, S.PROCESSING, actor=officer)
    second = f.dossier_make(page=page)
    dossier_transition(dossier=second, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Thiếu")
    dossier_transition(dossier=second, to_status=S.PROCESSING, actor=officer, note="Bổ sung tại quầy")
    dossier_transition(dossier=second, to_status=S.REFUSED, actor=officer, note="Không đủ điều kiện")
    assert ModelLogEntry.objects.for_instance(first).filter(action="forms.dossier.accept").count() == 1
    actions = list(ModelLogEntry.objects.for_instance(second).order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["forms.dossier.resume", "forms.dossier.refuse"]


def test_result_and_posting_e_mails_say_where_the_result_is(
    officer_client, officer, page, django_capture_on_commit_callbacks
):
    dossier = f.dossier_make(page=page, delivery_method=DeliveryMethod.POST, delivery_address=f.ADDRESS)
    bring_to(dossier, S.PROCESSING, actor=officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(action_url(dossier, S.RESULT_READY), {"note": "", "result_file": f.upload()})
        officer_client.post(action_url(dossier, S.RETURNED), {"note": "", "postal_tracking_number": "EB987654321VN"})
    result, posted = mail.outbox
    assert "Bản điện tử của kết quả" in result.body
    assert "số hiệu bưu gửi: EB987654321VN" in posted.body


def test_notification_channels_come_from_the_setting(
    officer_client, dossier, settings, django_capture_on_commit_callbacks
):
    settings.FORMS_NOTIFIERS = []  # e.g. a commune that only sends SMS through its own gateway class
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert officer_client.post(action_url(dossier, S.PROCESSING), {"note": ""}).status_code == 302
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("content_type", "disposition"),
    [
        ("application/pdf", "inline"),
        ("image/png", "inline"),
        ("image/jpeg", "inline"),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "attachment"),
        ("application/msword", "attachment"),
        ("text/html", "attachment"),
        ("image/svg+xml", "attachment"),
        ("", "attachment"),
    ],
)
def test_pdf_and_images_open_in_the_browser_and_nothing_else(officer_client, dossier, content_type, disposition):
    from django.core.files.base import ContentFile

    from forms.models import DossierAttachment

    attachment = DossierAttachment(
        dossier=dossier, label="Tệp", original_name="tep.bin", content_type=content_type, size=4
    )
    attachment.file.save("tep.bin", ContentFile(b"<h1>"), save=True)
    f.tracking_open(officer_client, dossier)
    for url in (f"/ho-so/tep/{attachment.pk}/", f"/tra-cuu-ho-so/{dossier.access_token}/tep/{attachment.pk}/"):
        response = officer_client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith(f'{disposition}; filename="tep.bin"'), url
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_dossier_keeps_its_name_and_title_folded_for_the_search(page):
    dossier = f.dossier_make(page=page, applicant=f.applicant_make(full_name="Đặng Thị Ngọc Ánh"))
    title = Dossier.objects.get(pk=dossier.pk).procedure_title
    from search.analysis import fold

    assert Dossier.objects.get(pk=dossier.pk).search_text == f"dang thi ngoc anh\n{fold(title)}"
    # A save of the name alone (update_fields) keeps it in step.
    dossier.applicant_name = "Trần Văn Bình"
    dossier.save(update_fields=["applicant_name"])
    assert Dossier.objects.get(pk=dossier.pk).search_text.startswith("tran van binh\n")


def test_the_name_and_the_title_never_match_across_each_other(officer_client, page):
    # "... Ánh" followed by the title's first word must not be one phrase.
    dossier = f.dossier_make(page=page, applicant=f.applicant_make(full_name="Lê Ánh"))
    first_word = Dossier.objects.get(pk=dossier.pk).search_text.split("\n")[1].split()[0]
    assert codes_in(officer_client.get(INDEX, {"q": f"le anh {first_word}"})) == set()
    assert codes_in(officer_client.get(INDEX, {"q": "le anh"})) == {dossier.code}


def test_an_anonymised_dossier_is_not_found_by_the_old_name(officer_client, officer, page):
    # Decree 13/2023/NĐ-CP: once the retention period erases the applicant, the folded copy goes too.
    from forms.lifecycle.retention import dossier_anonymise

    dossier = f.dossier_make(page=page, applicant=f.applicant_make(full_name="Hoàng Văn Thụ"))
    bring_to(dossier, S.RETURNED, actor=officer)
    assert codes_in(officer_client.get(INDEX, {"q": "hoang van thu"})) == {dossier.code}
    dossier_anonymise(dossier=Dossier.objects.get(pk=dossier.pk))
    assert "hoang" not in Dossier.objects.get(pk=dossier.pk).search_text
    assert codes_in(officer_client.get(INDEX, {"q": "hoang van thu"})) == set()


def test_the_migration_fills_the_folded_name_of_existing_dossiers(page):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("forms.migrations.0021_dossier_search_text")
    dossier = f.dossier_make(page=page, applicant=f.applicant_make(full_name="Nguyễn Thị Đào"))
    Dossier.objects.filter(pk=dossier.pk).update(search_text="")
    migration.fill(apps, None)
    assert Dossier.objects.get(pk=dossier.pk).search_text.startswith("nguyen thi dao\n")
