import io
from datetime import timedelta

import pytest

from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from forms.intake.flows import flow_for_page
from forms.intake.services import draft_create, draft_file_put
from forms.lifecycle.services import dossier_transition
from forms.models import DossierStatus, Draft, DraftFile
from tests.forms import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dossier(home):
    return f.dossier_make()


def test_lookup_with_code_and_phone_opens_the_dossier(client, dossier):
    response = client.post("/tra-cuu-ho-so/", {"code": dossier.code.lower(), "phone": "+84 912 345 678"})
    assert response.status_code == 302
    assert response["Location"] == f"/tra-cuu-ho-so/{dossier.access_token}/"
    page = client.get(response["Location"]).content.decode()
    assert "Đã tiếp nhận" in page and dossier.due_date.strftime("%d/%m/%Y") in page
    assert "Nhận tại Bộ phận Một cửa" in page
    assert dossier.applicant_name in page  # the right code and phone open the personal data too


def test_a_code_typed_without_dashes_or_with_spaces_finds_the_dossier(client, dossier):
    code = dossier.code
    for typed in (code.replace("-", ""), code.replace("-", " "), f" {code.replace('-', '.').lower()} "):
        response = client.post("/tra-cuu-ho-so/", {"code": typed, "phone": "0912345678"})
        assert response.status_code == 302, typed
        assert response["Location"] == f"/tra-cuu-ho-so/{dossier.access_token}/"


@pytest.mark.parametrize(("code", "phone"), [("right", "0987654321"), ("26530-000000-0001", "right"), ("x", "x")])
def test_wrong_combinations_reveal_nothing(client, dossier, code, phone):
    code = dossier.code if code == "right" else code
    phone = dossier.applicant_phone if phone == "right" else phone
    response = client.post("/tra-cuu-ho-so/", {"code": code, "phone": phone})
    html = response.content.decode()
    assert response.status_code in (200, 404)
    assert dossier.applicant_name not in html and dossier.access_token not in html
    if phone != "x":
        assert "Không tìm thấy hồ sơ với mã hồ sơ và số điện thoại này" in html


def test_lookups_are_rate_limited_per_client(client, dossier, settings):
    settings.FORMS_TRACKING_RATE_LIMIT = 3
    for _ in range(3):
        assert client.post("/tra-cuu-ho-so/", {"code": "SAI", "phone": "0912345678"}).status_code == 404
    blocked = client.post("/tra-cuu-ho-so/", {"code": dossier.code, "phone": dossier.applicant_phone})
    assert blocked.status_code == 429
    assert "quá nhiều lần" in blocked.content.decode()
    other_client = client.post(
        "/tra-cuu-ho-so/", {"code": dossier.code, "phone": dossier.applicant_phone}, REMOTE_ADDR="10.0.0.9"
    )
    assert other_client.status_code == 302


def test_unknown_token_is_404(client, dossier):
    assert client.get("/tra-cuu-ho-so/khong-dung/").status_code == 404
    assert client.get("/tra-cuu-ho-so/khong-dung/giay-tiep-nhan.pdf").status_code == 404


def test_timeline_supplement_and_answer_on_tracking_page(client, dossier, django_user_model):
    officer = django_user_model.objects.create_user("canbo")
    dossier_transition(
        dossier=dossier,
        to_status=DossierStatus.SUPPLEMENT_REQUESTED,
        actor=officer,
        note="Bổ sung bản chụp CCCD của người mẹ",
    )
    url = f"/tra-cuu-ho-so/{dossier.access_token}/"
    html = client.get(url).content.decode()
    # By the link alone: that a supplement is asked, not the officer's note, and no upload.
    assert "Cần bổ sung hồ sơ" in html and "Bổ sung bản chụp CCCD của người mẹ" not in html
    assert 'name="file_0"' not in html
    f.tracking_open(client, dossier)
    html = client.get(url).content.decode()
    assert "Cần bổ sung hồ sơ" in html and "Bổ sung bản chụp CCCD của người mẹ" in html

    refused = client.post(url, {"note": "", "file_0": f.upload(name="cccd.pdf", content=f.exe_bytes())})
    assert "không đúng định dạng" in refused.content.decode()
    empty = client.post(url, {"note": "Xin gửi"})
    assert "ít nhất một tệp" in empty.content.decode()
    zero_bytes = client.post(url, {"note": "", "file_0": f.upload(name="cccd.pdf", content=b"")}).content.decode()
    assert "Tệp đã chọn trống (0 byte). Hãy chọn lại tệp có nội dung." in zero_bytes
    assert "tập tin" not in zero_bytes.lower()

    answered = client.post(
        url, {"note": "Xin gửi bổ sung", "file_0": f.upload(name="cccd-me.png", content=f.png_bytes())}
    )
    assert answered.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PROCESSING
    html = client.get(url).content.decode()
    assert "Đã nhận giấy tờ bổ sung" in html and "cccd-me.png" in html and "Xin gửi bổ sung" in html


def test_attachment_served_to_token_holder_and_staff_only(client, dossier, django_user_model):
    attachment = dossier.attachments.first()
    f.tracking_open(client, dossier)
    response = client.get(f"/tra-cuu-ho-so/{dossier.access_token}/tep/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("inline;")  # a PDF opens in the browser

    other = f.dossier_make(page=dossier.form_page)
    f.tracking_open(client, other)
    assert client.get(f"/tra-cuu-ho-so/{other.access_token}/tep/{attachment.pk}/").status_code == 404

    staff_url = f"/ho-so/tep/{attachment.pk}/"
    assert client.get(staff_url).status_code == 404
    user = django_user_model.objects.create_user("bientap", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(staff_url).status_code == 404  # staff without the dossier permission
    user.user_permissions.add(Permission.objects.get(codename="view_dossier"))
    client.force_login(django_user_model.objects.get(pk=user.pk))
    assert client.get(staff_url).status_code == 200


def test_purge_drafts_removes_old_drafts_and_their_files(home, settings, django_capture_on_commit_callbacks):
    page = f.form_page_make()
    old = draft_create(flow=flow_for_page(page))
    with django_capture_on_commit_callbacks(execute=True):  # files move into place, and leave, on commit
        kept_file = draft_file_put(draft=old, slot="1", upload=f.upload())
    path = kept_file.file.path
    Draft.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=31))
    fresh = draft_create(flow=flow_for_page(page))
    draft_file_put(draft=fresh, slot="1", upload=f.upload())

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_drafts", stdout=out)
    assert "Đã xóa 1 bản nháp" in out.getvalue()
    assert list(Draft.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert DraftFile.objects.count() == 1
    import os

    assert not os.path.exists(path)
    call_command("purge_drafts", stdout=io.StringIO())  # repeat: nothing more to do
    assert Draft.objects.count() == 1


def test_draft_file_replaced_in_its_slot(home, django_capture_on_commit_callbacks):
    import os

    page = f.form_page_make()
    draft = draft_create(flow=flow_for_page(page))
    with django_capture_on_commit_callbacks(execute=True):  # the old file leaves when the new row commits
        first = draft_file_put(draft=draft, slot="1", upload=f.upload(name="a.pdf"))
        second = draft_file_put(draft=draft, slot="1", upload=f.upload(name="b.png", content=f.png_bytes()))
    assert list(draft.files.values_list("original_name", flat=True)) == ["b.png"]
    assert not os.path.exists(first.file.path) and os.path.exists(second.file.path)


def test_overdue_dossier_is_marked(client, dossier):
    from datetime import date

    dossier.due_date = date(2020, 1, 2)
    dossier.save()
    assert dossier.is_overdue
    assert "Quá hạn" in client.get(f"/tra-cuu-ho-so/{dossier.access_token}/").content.decode()
    dossier.status = DossierStatus.SUPPLEMENT_REQUESTED
    assert not dossier.is_overdue  # the clock is paused while the citizen supplements
    dossier.status = DossierStatus.RECEIVED
    dossier.due_date = timezone.localdate()
    assert not dossier.is_overdue


def test_purge_removes_stray_draft_files_older_than_a_day(home):
    import os

    from forms.files.storage import private_storage

    name = private_storage.save("drafts/bo-roi.pdf", f.upload())
    path = private_storage.path(name)
    old = (timezone.now() - timedelta(days=2)).timestamp()
    os.utime(path, (old, old))
    young = private_storage.save("drafts/moi-tai.pdf", f.upload())

    out = io.StringIO()
    call_command("purge_drafts", stdout=out)
    assert "1 tệp nháp thừa" in out.getvalue()
    assert not os.path.exists(path)
    assert private_storage.exists(young)


def test_oversized_supplement_body_is_refused(client, dossier, settings, django_user_model):
    dossier_transition(
        dossier=dossier,
        to_status=DossierStatus.SUPPLEMENT_REQUESTED,
        actor=django_user_model.objects.create_user("cb"),
        note="Thiếu giấy tờ",
    )
    settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE = 1000
    url = f"/tra-cuu-ho-so/{dossier.access_token}/"
    response = client.post(url, {"file_0": f.upload(content=f.pdf_bytes(2 * 1024 * 1024))})
    assert response.status_code == 413
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED


def test_tracking_page_writes_the_return_address_units_inside_the_sentence(client, home):
    page = f.form_page_make()
    dossier = f.dossier_make(page=page, delivery_method="post", delivery_address=f.ADDRESS)
    f.tracking_open(client, dossier)

    html = client.get(f"/tra-cuu-ho-so/{dossier.access_token}/").content.decode()

    # Stored as the list of administrative units writes them ("Phường Hoàn Kiếm"); see cms.text.
    assert "Số 1 Tràng Tiền, phường Hoàn Kiếm, thành phố Hà Nội" in html


def test_a_citizen_completes_a_dossier_asked_to_be_completed_before_reception(client, home):
    """Mẫu 02: the citizen answers on the tracking page; the dossier goes back to "Chờ tiếp nhận"."""
    from forms.models import DossierStatus as S

    dossier = f.dossier_make(received=False)
    officer = f.receiving_officer()
    dossier_transition(dossier=dossier, to_status=S.COMPLETION_REQUESTED, actor=officer, note="Thiếu giấy chứng sinh")
    url = f"/tra-cuu-ho-so/{dossier.access_token}/"
    f.tracking_open(client, dossier)
    html = client.get(url).content.decode()
    assert "Cần bổ sung, hoàn thiện hồ sơ trước khi tiếp nhận" in html and "Thiếu giấy chứng sinh" in html
    response = client.post(url, {"file_0": f.upload(name="giay-chung-sinh.pdf"), "note": ""}, follow=True)
    dossier.refresh_from_db()
    assert dossier.status == S.AWAITING_RECEPTION
    assert "Bộ phận Một cửa sẽ kiểm tra lại để tiếp nhận" in response.content.decode()


def test_postal_address_reads_on_one_line_without_empty_parts():
    from forms.templatetags.submission_tags import postal_address

    assert postal_address({"detail": "Thôn 2, xã Hàm Liêm, tỉnh Lâm Đồng", "commune": "", "province": ""}) == (
        "Thôn 2, xã Hàm Liêm, tỉnh Lâm Đồng"
    )
    assert postal_address({"detail": "Số 1", "commune": "Phường Hoàn Kiếm", "province": "Thành phố Hà Nội"}) == (
        "Số 1, phường Hoàn Kiếm, thành phố Hà Nội"
    )
