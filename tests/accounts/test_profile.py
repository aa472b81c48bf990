"""The profile page /tai-khoan/thong-tin/ and its services (accounts.profile)."""

import datetime

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import CitizenProfile
from accounts.profile.services import profile_update
from accounts.sso.config import openid_connect_providers

URL = "/tai-khoan/thong-tin/"


@pytest.fixture
def citizen(db):
    user = get_user_model().objects.create_user("0912000111", password="mat-khau-rieng-123")
    CitizenProfile.objects.create(user=user, phone="0912000111", full_name="Hà Văn Cũ", address="Thôn 1")
    return user


@pytest.fixture
def sso_off(settings):
    settings.SOCIALACCOUNT_PROVIDERS = openid_connect_providers({})


@pytest.fixture
def sso_on(settings):
    settings.SOCIALACCOUNT_PROVIDERS = openid_connect_providers(
        {"OIDC_ISSUER": "https://sso.example.vn", "OIDC_CLIENT_ID": "xa", "OIDC_CLIENT_SECRET": "s"}
    )


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=/tai-khoan/thong-tin/")


def test_citizen_edits_their_own_profile(client, citizen, home, sso_off):
    client.force_login(citizen)

    page = client.get(URL).content.decode()
    assert 'value="Hà Văn Cũ"' in page
    assert "0912000111" in page
    assert "Thông tin từ định danh quốc gia" not in page

    response = client.post(
        URL, {"full_name": "Hà Văn Mới", "birth_date": "25/03/1985", "address": "Thôn 9", "email": ""}
    )

    assert response.status_code == 302
    assert response["Location"] == URL
    profile = CitizenProfile.objects.get(user=citizen)
    assert (profile.full_name, profile.birth_date, profile.address) == (
        "Hà Văn Mới",
        datetime.date(1985, 3, 25),
        "Thôn 9",
    )
    assert "Đã lưu thông tin của bạn." in client.get(URL).content.decode()


def test_a_wrong_birth_date_is_explained_in_vietnamese(client, citizen, home, sso_off):
    client.force_login(citizen)

    response = client.post(URL, {"full_name": "Hà Văn Cũ", "birth_date": "1985/25/03", "address": "", "email": ""})

    assert response.status_code == 200
    assert "Ngày sinh viết theo dạng ngày/tháng/năm, ví dụ 25/03/1985." in response.content.decode()
    assert CitizenProfile.objects.get(user=citizen).birth_date is None


def test_a_new_email_is_confirmed_first(client, citizen, home, sso_off):
    client.force_login(citizen)

    response = client.post(
        URL, {"full_name": "Hà Văn Cũ", "birth_date": "", "address": "Thôn 1", "email": "Ha@Example.vn"}
    )

    # The mail holds a code, not a link: the citizen is taken to the page that takes it.
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/email/xac-minh/"
    assert "Nhập mã xác minh e-mail" in client.get("/tai-khoan/email/xac-minh/").content.decode()
    assert "trang đăng ký" not in mail.outbox[0].body
    pending = EmailAddress.objects.get(user=citizen)
    assert pending.email == "ha@example.vn"
    assert not pending.verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ha@example.vn"]
    assert (
        "Đang chờ xác nhận địa chỉ thư điện tử mới <strong>ha@example.vn</strong>" in client.get(URL).content.decode()
    )
    assert 'hãy <a href="/tai-khoan/email/xac-minh/">nhập mã xác minh</a>' in client.get(URL).content.decode()


def test_verified_fields_are_read_only_on_the_page_and_in_a_post(client, citizen, home, sso_off):
    profile = CitizenProfile.objects.get(user=citizen)
    profile.full_name = "Hà Thị Thật"
    profile.id_number = "060185004321"
    profile.verified_fields = ["full_name", "id_number"]
    profile.identity_provider = "vneid"
    profile.save()
    client.force_login(citizen)

    page = client.get(URL).content.decode()
    assert "Hà Thị Thật" in page and "060185004321" in page
    assert 'name="full_name"' not in page
    assert 'name="address"' in page

    client.post(URL, {"full_name": "Kẻ Giả", "id_number": "001099000001", "address": "Thôn 7", "email": ""})

    profile.refresh_from_db()
    assert (profile.full_name, profile.id_number, profile.address) == ("Hà Thị Thật", "060185004321", "Thôn 7")


def test_service_refuses_changing_a_verified_field_or_a_field_not_editable(citizen):
    profile = CitizenProfile.objects.get(user=citizen)
    profile.verified_fields = ["full_name"]
    profile.save()

    with pytest.raises(ValidationError) as verified:
        profile_update(user=citizen, changes={"full_name": "Khác", "address": "Thôn 2"})
    with pytest.raises(ValidationError) as not_editable:
        profile_update(user=citizen, changes={"id_number": "060185004321"})

    assert verified.value.message_dict == {
        "full_name": ["Thông tin này do định danh quốc gia cung cấp, không sửa được."]
    }
    assert not_editable.value.message_dict == {"id_number": ["Trường này không sửa được ở đây."]}
    profile.refresh_from_db()
    assert (profile.full_name, profile.address, profile.id_number) == ("Hà Văn Cũ", "Thôn 1", "")
    # The same value again is not a change, and may be saved twice.
    profile_update(user=citizen, changes={"full_name": "Hà Văn Cũ", "address": "Thôn 2"})
    profile_update(user=citizen, changes={"full_name": "Hà Văn Cũ", "address": "Thôn 2"})
    profile.refresh_from_db()
    assert profile.address == "Thôn 2"


def test_profile_made_for_an_account_without_one(client, home, sso_off):
    user = get_user_model().objects.create_user("0912000222", password="mat-khau-rieng-123")
    client.force_login(user)

    assert client.get(URL).status_code == 200
    assert CitizenProfile.objects.filter(user=user).exists()


def test_link_button_only_when_a_provider_is_configured(client, citizen, home, settings):
    client.force_login(citizen)
    settings.SOCIALACCOUNT_PROVIDERS = openid_connect_providers({})
    assert "/tai-khoan/oidc/vneid/login/" not in client.get(URL).content.decode()

    settings.SOCIALACCOUNT_PROVIDERS = openid_connect_providers(
        {"OIDC_ISSUER": "https://sso.example.vn", "OIDC_CLIENT_ID": "xa", "OIDC_CLIENT_SECRET": "s"}
    )
    page = client.get(URL).content.decode()

    assert 'action="/tai-khoan/oidc/vneid/login/?process=connect"' in page
    assert "Liên kết với VNeID / Cổng Dịch vụ công quốc gia" in page


def test_sign_in_button_label(rf, db, sso_on):
    from django.template.loader import render_to_string

    html = render_to_string("accounts/includes/sso.html", {}, request=rf.get("/tai-khoan/login/"))

    assert 'action="/tai-khoan/oidc/vneid/login/?process=login"' in html
    assert ">Đăng nhập bằng VNeID / Cổng Dịch vụ công quốc gia</button>" in html


def test_no_sign_in_button_without_an_issuer(rf, db, sso_off):
    from django.template.loader import render_to_string

    assert render_to_string("accounts/includes/sso.html", {}, request=rf.get("/tai-khoan/login/")).strip() == ""


def test_profile_page_is_reachable_styled_and_links_back(client, citizen, home, sso_off):
    client.force_login(citizen)

    my_dossiers = client.get("/tai-khoan/").content.decode()
    assert 'href="/tai-khoan/thong-tin/">Thông tin cá nhân</a>' in my_dossiers

    page = client.get(URL).content.decode()
    assert "/static/accounts/accounts.css" in page
    assert "/static/forms/forms.css" in page
    assert 'href="/tai-khoan/">← Hồ sơ của tôi</a>' in page
    assert 'href="/tai-khoan/mat-khau/doi/">Đổi mật khẩu</a>' in page
    assert 'href="/tai-khoan/dien-thoai/doi/">Đổi số điện thoại</a>' in page


def test_no_empty_link_section_without_a_provider(client, citizen, home, sso_off):
    client.force_login(citizen)

    assert "Liên kết định danh quốc gia" not in client.get(URL).content.decode()


def test_phone_change_page_leads_back_to_the_profile(client, citizen, home, sso_off):
    client.force_login(citizen)

    page = client.get("/tai-khoan/dien-thoai/doi/").content.decode()

    assert "<h1>Đổi số điện thoại</h1>" in page
    assert 'href="/tai-khoan/thong-tin/"' in page
    assert "Quay lại Thông tin cá nhân" in page
