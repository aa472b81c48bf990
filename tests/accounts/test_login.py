"""Signing in with a phone number or an e-mail address, signing out, and the staff/citizen split."""

import re

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail

from accounts import sms
from tests.accounts.conftest import PASSWORD, citizen_make

pytestmark = pytest.mark.django_db


def _login(client, login, password=PASSWORD):
    return client.post("/tai-khoan/dang-nhap/", {"login": login, "password": password})


@pytest.mark.parametrize("login", ["0912345678", "+84 912 345 678", "0912.345.678", "an.nguyen@example.com"])
def test_citizen_signs_in_with_phone_or_email(client, citizen, login):
    response = _login(client, login)
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/"
    assert client.get("/tai-khoan/").status_code == 200


def test_phone_only_citizen_signs_in_without_email_step(client):
    citizen_make(phone="0987654321", email=None)
    response = _login(client, "0987654321")
    assert response["Location"] == "/tai-khoan/"


def test_wrong_password_is_refused_in_vietnamese(client, citizen):
    response = _login(client, "0912345678", "sai-mat-khau")
    assert response.status_code == 200
    assert "Số điện thoại hoặc mật khẩu không đúng." in response.content.decode()
    response = _login(client, "an.nguyen@example.com", "sai-mat-khau")
    assert "E-mail hoặc mật khẩu không đúng." in response.content.decode()
    assert client.get("/tai-khoan/").status_code == 302


def test_login_that_is_neither_phone_nor_email_is_refused(client, officer):
    response = _login(client, "canbo")  # a username: staff's way in, not the citizens'
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhập số điện thoại di động hoặc địa chỉ e-mail đã đăng ký." in html
    # An officer typing their user name is pointed to the admin's sign-in, as a link.
    assert 'đăng nhập bằng tên đăng nhập tại <a href="/admin/login/">trang quản trị</a>.' in html
    assert "_auth_user_id" not in client.session


def test_logout_signs_out(client, citizen):
    _login(client, "0912345678")
    response = client.post("/tai-khoan/dang-xuat/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/tai-khoan/").status_code == 302


def test_english_allauth_paths_do_not_exist(client):
    for path in ("/tai-khoan/login/", "/tai-khoan/signup/", "/tai-khoan/logout/", "/tai-khoan/password/reset/"):
        assert client.get(path).status_code == 404, path


def test_staff_account_is_refused_at_citizen_login_with_admin_link(client, officer):
    response = _login(client, "canbo@xa.gov.vn")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tài khoản cán bộ, công chức đăng nhập tại" in html
    assert 'href="/admin/login/"' in html
    assert "_auth_user_id" not in client.session


def test_editor_without_is_staff_is_refused_too(client):
    editor = get_user_model().objects.create_user(username="btv", email="btv@xa.gov.vn", password=PASSWORD)
    group = Group.objects.create(name="Biên tập")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    response = _login(client, "btv@xa.gov.vn")
    assert "Tài khoản cán bộ, công chức đăng nhập tại" in response.content.decode()


def test_citizen_never_reaches_wagtail_admin(client, citizen):
    user = citizen
    assert not user.is_staff and not user.is_superuser
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/admin/pages/").status_code == 302


def test_signed_in_citizen_at_admin_is_told_in_vietnamese_where_their_pages_are(client, citizen):
    client.force_login(citizen)

    html = client.get("/admin/", follow=True).content.decode()

    assert "You do not have permission" not in html
    assert "Tài khoản này không có quyền vào trang quản trị." in html
    assert "(/tai-khoan/)" in html


def test_citizen_password_is_refused_at_admin_login(client, citizen):
    response = client.post("/admin/login/", {"username": citizen.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "Đây là tài khoản công dân" in response.content.decode()


def test_staff_still_sign_in_at_admin(client, officer):
    group = Group.objects.create(name="Một cửa")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    officer.groups.add(group)
    response = client.post("/admin/login/", {"username": "canbo", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def _code(text):
    return re.search(r"\b(\d{6})\b", text).group(1)


def test_password_reset_by_email_code(client, citizen):
    response = client.post("/tai-khoan/mat-khau/quen/", {"email": "an.nguyen@example.com"})
    assert response["Location"] == "/tai-khoan/mat-khau/quen/xac-nhan/"
    assert mail.outbox[0].subject == "Mã đặt lại mật khẩu"
    response = client.post("/tai-khoan/mat-khau/quen/xac-nhan/", {"code": _code(mail.outbox[0].body)})
    assert response["Location"] == "/tai-khoan/mat-khau/quen/dat-lai/"
    new = "Cay-tre-xanh-2026"
    response = client.post("/tai-khoan/mat-khau/quen/dat-lai/", {"password1": new, "password2": new})
    assert response.status_code == 302
    client.logout()
    assert _login(client, "0912345678", new)["Location"] == "/tai-khoan/"


def test_password_reset_by_sms_code_for_phone_only_account(client):
    citizen_make(phone="0987654321", email=None)
    response = client.post("/tai-khoan/mat-khau/quen/", {"email": "+84987654321"})
    assert response["Location"] == "/tai-khoan/mat-khau/quen/xac-nhan/"
    assert mail.outbox == []
    assert sms.outbox[0].to == "0987654321"
    assert "mã đặt lại mật khẩu" in sms.outbox[0].body
    wrong = client.post(
        "/tai-khoan/mat-khau/quen/xac-nhan/", {"code": "000000" if "000000" not in sms.outbox[0].body else "1"}
    )
    assert "Mã xác minh không đúng." in wrong.content.decode()
    client.post("/tai-khoan/mat-khau/quen/xac-nhan/", {"code": _code(sms.outbox[0].body)})
    new = "Cay-tre-xanh-2026"
    client.post("/tai-khoan/mat-khau/quen/dat-lai/", {"password1": new, "password2": new})
    client.logout()
    assert _login(client, "0987654321", new)["Location"] == "/tai-khoan/"


def test_password_reset_for_unknown_phone_sends_nothing_and_tells_nothing(client):
    response = client.post("/tai-khoan/mat-khau/quen/", {"email": "0911111111"})
    assert response["Location"] == "/tai-khoan/mat-khau/quen/xac-nhan/"
    assert sms.outbox == []
