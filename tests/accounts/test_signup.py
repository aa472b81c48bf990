"""Registration with a phone number or an e-mail address, proved with a one-time code."""

import re

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.core import mail

from accounts import sms
from accounts.models import CitizenProfile
from tests.accounts.conftest import PASSWORD, citizen_make

pytestmark = pytest.mark.django_db


def _signup(client, **data):
    return client.post(
        "/tai-khoan/dang-ky/", {"phone": "", "email": "", "password1": PASSWORD, "password2": PASSWORD, **data}
    )


def _code(text: str) -> str:
    return re.search(r"\b(\d{6})\b", text).group(1)


def test_signup_by_phone_sends_sms_code_and_verifies_phone(client):
    response = client.post(
        "/tai-khoan/dang-ky/", {"phone": "+84 912 345 678", "email": "", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/dien-thoai/xac-minh/"
    profile = CitizenProfile.objects.get()
    assert profile.phone == "0912345678"
    assert profile.phone_verified is False
    assert len(sms.outbox) == 1
    assert sms.outbox[0].to == "0912345678"
    assert "mã xác minh số điện thoại" in sms.outbox[0].body
    assert mail.outbox == []

    page = client.get("/tai-khoan/dien-thoai/xac-minh/")
    assert "Nhập mã xác minh số điện thoại" in page.content.decode()
    response = client.post("/tai-khoan/dien-thoai/xac-minh/", {"code": _code(sms.outbox[0].body)})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.phone_verified is True
    assert client.get("/tai-khoan/").status_code == 200  # signed in
    user = get_user_model().objects.get()
    assert not user.is_staff and not user.is_superuser


def test_signup_by_email_sends_mail_code_and_verifies_address(client):
    response = client.post(
        "/tai-khoan/dang-ky/",
        {"phone": "", "email": "Binh.Tran@Example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/email/xac-minh/"
    assert sms.outbox == []
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["binh.tran@example.com"]
    assert message.subject == "Mã xác minh e-mail"
    assert "Mã xác minh địa chỉ e-mail của bạn là" in message.body
    assert CitizenProfile.objects.filter(phone=None).count() == 1  # the profile exists from signup

    response = client.post("/tai-khoan/email/xac-minh/", {"code": _code(message.body)})
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="binh.tran@example.com").verified is True
    assert client.get("/tai-khoan/").status_code == 200


def test_wrong_code_is_refused_in_vietnamese_and_account_stays_unverified(client):
    client.post("/tai-khoan/dang-ky/", {"phone": "0987654321", "password1": PASSWORD, "password2": PASSWORD})
    real = _code(sms.outbox[0].body)
    wrong = "000000" if real != "000000" else "111111"
    response = client.post("/tai-khoan/dien-thoai/xac-minh/", {"code": wrong})
    assert response.status_code == 200
    assert "Mã xác minh không đúng." in response.content.decode()
    assert CitizenProfile.objects.get().phone_verified is False
    assert client.get("/tai-khoan/").status_code == 302  # not signed in


def test_expired_code_is_refused(client, settings):
    settings.ACCOUNT_PHONE_VERIFICATION_TIMEOUT = 0
    client.post("/tai-khoan/dang-ky/", {"phone": "0987654321", "password1": PASSWORD, "password2": PASSWORD})
    response = client.post("/tai-khoan/dien-thoai/xac-minh/", {"code": _code(sms.outbox[0].body)}, follow=True)
    assert CitizenProfile.objects.get().phone_verified is False
    assert "/tai-khoan/dang-nhap/" in [url for url, _ in response.redirect_chain][-1]


def test_signup_without_phone_or_email_is_refused():
    from django.test import Client

    response = Client().post(
        "/tai-khoan/dang-ky/", {"phone": "", "email": "", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 200
    assert "Nhập số điện thoại di động hoặc e-mail (ít nhất một)" in response.content.decode()
    assert get_user_model().objects.count() == 0


def test_signup_refuses_weak_password_and_bad_phone_in_vietnamese(client):
    response = client.post("/tai-khoan/dang-ky/", {"phone": "12345", "password1": "12345678", "password2": "12345678"})
    html = response.content.decode()
    assert "Số điện thoại di động không hợp lệ" in html
    assert "Mật khẩu này quá phổ biến." in html or "Mật khẩu này hoàn toàn là số." in html
    assert get_user_model().objects.count() == 0


def test_signup_with_taken_phone_creates_no_second_account(client):
    citizen_make(phone="0912345678")
    response = client.post(
        "/tai-khoan/dang-ky/", {"phone": "0912 345 678", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302  # the same answer as a new number: nothing to enumerate
    assert get_user_model().objects.count() == 1
    assert "đã có tài khoản" in sms.outbox[-1].body


def test_second_signup_of_a_number_within_the_code_limit_is_a_page_not_a_server_error(client):
    # ACCOUNT_RATE_LIMITS "verify_phone" (1/30s per number) used to raise through the sign-up: a 500
    # for a citizen who pressed "Đăng ký" again after "Hủy", or because no SMS had come yet.
    assert _signup(client, phone="0912345678").status_code == 302
    client.post("/tai-khoan/dang-xuat/")

    response = _signup(client, phone="0912345678")

    assert response.status_code == 429
    html = response.content.decode()
    assert "Chưa gửi được mã xác minh" in html
    assert "Vui lòng đợi khoảng một phút rồi thử lại." in html
    assert 'href="/tai-khoan/dang-nhap/"' in html
    assert len(sms.outbox) == 1
    assert get_user_model().objects.count() == 1
