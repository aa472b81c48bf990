"""Personal data (Decree 13/2023/NĐ-CP): the citizen downloads everything held, and closes the account."""

import io
import json
import os
import time
import zipfile

import pytest

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from accounts.models import CitizenProfile
from accounts.privacy.services import account_close
from forms.intake.flows import flow_for_page
from forms.intake.services import draft_create, draft_file_put
from forms.models import Dossier, DossierRating, DossierStatus, Draft
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def citizen(db):
    user = User.objects.create_user("0912345678", email="an@example.vn", password="mat-khau-rat-dai-2026")
    CitizenProfile.objects.create(
        user=user, phone="0912345678", full_name="Nguyễn Văn An", id_number="001090012345", address="Thôn 2"
    )
    return user


@pytest.fixture
def held(citizen, home):
    """The citizen's two dossiers (one rated), a draft with a file, and a stranger's dossier."""
    page = f.form_page_make()
    mine = f.dossier_make(page=page)
    rated = f.dossier_make(page=page)
    Dossier.objects.filter(pk__in=[mine.pk, rated.pk]).update(owner=citizen)
    Dossier.objects.filter(pk=rated.pk).update(status=DossierStatus.RETURNED)
    DossierRating.objects.create(dossier=rated, score=5, comment="Nhanh gọn")
    stranger = f.dossier_make(page=page, applicant=f.applicant_make(full_name="Lê Thị Cúc", phone="0987654321"))
    draft = draft_create(flow=flow_for_page(page))
    draft.owner = citizen
    draft.data = {"nguoi-nop": {"full_name": "Nguyễn Văn An (nháp)"}}
    draft.save()
    draft_file = draft_file_put(draft=draft, slot="1", upload=f.upload(name="cccd-nhap.png", content=f.png_bytes()))
    return {"mine": mine, "rated": rated, "stranger": stranger, "draft": draft, "draft_file": draft_file}


def export(client) -> tuple[zipfile.ZipFile, dict]:
    response = client.get("/tai-khoan/du-lieu/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="du-lieu-ca-nhan-')
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return archive, json.loads(archive.read("du-lieu-ca-nhan.json"))


def test_export_needs_sign_in(client):
    response = client.get("/tai-khoan/du-lieu/")
    assert response.status_code == 302 and "next=/tai-khoan/du-lieu/" in response["Location"]


def test_export_holds_profile_dossiers_history_drafts_and_files(client, citizen, held):
    client.force_login(citizen)
    archive, data = export(client)

    assert data["account"]["username"] == "0912345678" and data["account"]["email"] == "an@example.vn"
    assert data["profile"]["full_name"] == "Nguyễn Văn An" and data["profile"]["id_number"] == "001090012345"
    assert sorted(d["code"] for d in data["dossiers"]) == sorted([held["mine"].code, held["rated"].code])
    first = next(d for d in data["dossiers"] if d["code"] == held["mine"].code)
    assert first["applicant"]["full_name"] == "Nguyễn Văn An" and first["answers"] == {"child_name": "Nguyễn Thị Bình"}
    assert [event["status"] for event in first["history"]] == ["Chờ tiếp nhận", "Đã tiếp nhận"]
    assert len(first["files"]) == held["mine"].attachments.count() == 2
    for item in first["files"]:
        assert archive.read(item["file"]).startswith(b"%PDF")
    rated = next(d for d in data["dossiers"] if d["code"] == held["rated"].code)
    assert rated["rating"]["score"] == 5 and rated["rating"]["comment"] == "Nhanh gọn"
    assert data["drafts"][0]["data"] == {"nguoi-nop": {"full_name": "Nguyễn Văn An (nháp)"}}
    assert archive.read(data["drafts"][0]["files"][0]["file"]) == held["draft_file"].file.open("rb").read()
    assert "doc-truoc.txt" in archive.namelist()

    text = archive.read("du-lieu-ca-nhan.json").decode()
    assert held["stranger"].code not in text and "Lê Thị Cúc" not in text
    assert citizen.password not in text and held["mine"].access_token not in text
    assert '"access_token"' not in text and '"password"' not in text


def test_export_includes_other_rows_pointing_at_the_account(client, citizen, held):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=citizen, email="an@example.vn", verified=True, primary=True)
    client.force_login(citizen)
    _, data = export(client)
    assert data["other"]["account.emailaddress"]["items"][0]["email"] == "an@example.vn"


def test_close_detaches_dossiers_and_deletes_the_rest(client, citizen, held, django_capture_on_commit_callbacks):
    client.force_login(citizen)
    page = client.get("/tai-khoan/dong-tai-khoan/").content.decode()
    assert "Các hồ sơ đã nộp vẫn được Ủy ban nhân dân xã lưu giữ" in page

    wrong = client.post("/tai-khoan/dong-tai-khoan/", {"password": "sai", "confirm": "on"})
    assert wrong.status_code == 400 and "Mật khẩu không đúng." in wrong.content.decode()
    unconfirmed = client.post("/tai-khoan/dong-tai-khoan/", {"password": "mat-khau-rat-dai-2026"})
    assert "Hãy đánh dấu để xác nhận đóng tài khoản." in unconfirmed.content.decode()
    assert User.objects.filter(pk=citizen.pk).exists()

    draft_path = held["draft_file"].file.path
    with django_capture_on_commit_callbacks(execute=True):  # files go once the deletion is committed
        response = client.post("/tai-khoan/dong-tai-khoan/", {"password": "mat-khau-rat-dai-2026", "confirm": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã đóng tài khoản" in html and "2 hồ sơ đã nộp vẫn được Ủy ban nhân dân xã lưu giữ" in html

    assert not User.objects.filter(pk=citizen.pk).exists()
    assert not CitizenProfile.objects.exists() and not Draft.objects.exists()
    assert not os.path.exists(draft_path)
    kept = Dossier.objects.filter(pk__in=[held["mine"].pk, held["rated"].pk])
    assert kept.count() == 2 and set(kept.values_list("owner", flat=True)) == {None}
    assert kept.get(pk=held["mine"].pk).applicant_name == "Nguyễn Văn An"  # the commune's record stays whole
    assert all(os.path.exists(a.file.path) for a in held["mine"].attachments.all())
    assert Dossier.objects.filter(pk=held["stranger"].pk).exists()
    assert client.get("/tai-khoan/").status_code == 302  # signed out


def test_close_twice_and_staff_are_refused(citizen, held):
    account_close(user=citizen)
    with pytest.raises(ValidationError) as error:
        account_close(user=citizen)
    assert error.value.messages == ["Tài khoản này đã đóng."]
    officer = f.receiving_officer()
    with pytest.raises(ValidationError) as error:
        account_close(user=officer)
    assert error.value.messages == ["Tài khoản cán bộ không đóng tại đây; hãy liên hệ quản trị viên."]
    assert User.objects.filter(pk=officer.pk).exists()


def test_wrong_passwords_are_limited(client, citizen, settings):
    settings.FORMS_TRACKING_TARGET_LIMIT = 3
    client.force_login(citizen)
    for _ in range(3):
        assert client.post("/tai-khoan/dong-tai-khoan/", {"password": "sai", "confirm": "on"}).status_code == 400
    blocked = client.post("/tai-khoan/dong-tai-khoan/", {"password": "mat-khau-rat-dai-2026", "confirm": "on"})
    assert blocked.status_code == 429 and "quá nhiều lần" in blocked.content.decode()
    assert User.objects.filter(pk=citizen.pk).exists()


def test_an_account_from_the_national_identity_signs_in_again_instead_of_a_password(client, citizen):
    from allauth.socialaccount.models import SocialAccount

    citizen.set_unusable_password()
    citizen.save()
    SocialAccount.objects.create(user=citizen, provider="vneid", uid="001090012345")
    client.force_login(citizen)  # no record of how or when: as a session signed in long ago
    page = client.get("/tai-khoan/dong-tai-khoan/").content.decode()
    assert 'name="password"' not in page and "Đăng xuất để đăng nhập lại" in page
    client.post("/tai-khoan/dong-tai-khoan/", {"confirm": "on"})
    assert User.objects.filter(pk=citizen.pk).exists()

    session = client.session  # what allauth records when the citizen signs in through the provider
    session["account_authentication_methods"] = [
        {"method": "socialaccount", "at": time.time() - 10, "provider": "vneid", "uid": "001090012345"}
    ]
    session["account_authentication_methods_user"] = str(citizen.pk)
    session.save()
    assert 'name="confirm"' in client.get("/tai-khoan/dong-tai-khoan/").content.decode()
    assert client.post("/tai-khoan/dong-tai-khoan/", {"confirm": "on"}).status_code == 200
    assert not User.objects.filter(pk=citizen.pk).exists()


def test_export_and_closing_work_on_the_object_storage(
    client, citizen, object_storage, held, django_capture_on_commit_callbacks
):
    """Issue #17: the files come from the bucket into the archive, and closing deletes the draft's object."""
    draft_key = f"private/{held['draft_file'].file.name}"
    dossier_keys = {f"private/{a.file.name}" for a in held["mine"].attachments.all()}
    assert draft_key in object_storage.keys() and dossier_keys <= set(object_storage.keys())
    client.force_login(citizen)
    archive, data = export(client)
    first = next(d for d in data["dossiers"] if d["code"] == held["mine"].code)
    assert len(first["files"]) == 2
    bodies = {object_storage.body(key) for key in dossier_keys}
    assert {archive.read(item["file"]) for item in first["files"]} == bodies
    assert archive.read(data["drafts"][0]["files"][0]["file"]) == object_storage.body(draft_key)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/tai-khoan/dong-tai-khoan/", {"password": "mat-khau-rat-dai-2026", "confirm": "on"})
    assert draft_key not in object_storage.keys()
    assert dossier_keys <= set(object_storage.keys())  # the commune's record keeps its files
