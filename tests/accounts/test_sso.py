"""Single sign-on end to end against a real OpenID Connect provider (django-oauth-toolkit) on 127.0.0.1.

The citizen's browser is two clients: Django's test client for the portal and a requests session
for the provider; the portal itself talks to the provider over HTTP (discovery, token, userinfo).
Nothing is mocked: the code flow with PKCE runs as it would against VNeID.
"""

import base64
import hashlib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import CitizenProfile
from accounts.sso.config import openid_connect_providers

pytestmark = pytest.mark.slow

ACR = "urn:vneid:loa:2"
CLAIMS = {
    "name": "Nguyễn Thị Hồng Nhung",
    "identity_number": "060185001234",
    "birthdate": "1985-03-25",
    "address": {
        "street_address": "Thôn 2",
        "locality": "xã Hàm Chính",
        "region": "tỉnh Lâm Đồng",
        "country": "Việt Nam",
    },
    "acr": ACR,
}


@pytest.fixture
def sso(settings, oidc_provider, home):
    """The portal configured for the test provider exactly as from the environment."""
    settings.SOCIALACCOUNT_PROVIDERS = openid_connect_providers(
        {
            "OIDC_ISSUER": oidc_provider.issuer,
            "OIDC_CLIENT_ID": oidc_provider.client_id,
            "OIDC_CLIENT_SECRET": oidc_provider.client_secret,
            "OIDC_ACR_VALUES": ACR,
        }
    )
    oidc_provider.set_claims(CLAIMS)
    oidc_provider.log_file.unlink(missing_ok=True)
    return oidc_provider


def _button_action(process: str = "login") -> str:
    request = RequestFactory().get("/tai-khoan/dang-nhap/")
    html = render_to_string("accounts/includes/sso.html", {"process": process}, request=request)
    match = re.search(r'<form class="sso" method="post" action="([^"]+)"', html)
    assert match, html
    return match.group(1).replace("&amp;", "&")


def _sign_in_at_provider(provider, authorize_url: str) -> str:
    """Follow the provider's pages as a browser would; return the portal callback URL it sends back to."""
    browser = requests.Session()
    url = authorize_url
    for _ in range(6):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code == 200 and "csrfmiddlewaretoken" in response.text:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
            next_url = re.search(r'name="next" value="([^"]*)"', response.text).group(1).replace("&amp;", "&")
            response = browser.post(
                url,
                data={
                    "csrfmiddlewaretoken": token,
                    "username": provider.username,
                    "password": provider.password,
                    "next": next_url,
                },
                allow_redirects=False,
                timeout=10,
            )
        assert response.status_code == 302, (response.status_code, response.text[:500])
        location = requests.compat.urljoin(url, response.headers["Location"])
        if location.startswith("http://testserver/"):
            return location
        url = location
    raise AssertionError("the provider never sent the browser back to the portal")


def _sso(client, provider, process: str = "login"):
    """Press the button, sign in at the provider, come back: the portal's final response."""
    response = client.post(_button_action(process))
    assert response.status_code == 302
    authorize_url = response["Location"]
    assert authorize_url.startswith(f"{provider.issuer}/authorize/")
    callback = urlsplit(_sign_in_at_provider(provider, authorize_url))
    return client.get(f"{callback.path}?{callback.query}")


def test_first_sign_in_creates_a_citizen_from_the_claims_with_pkce_and_acr(client, sso):
    response = _sso(client, sso)

    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/"
    # The browser comes to the authorization endpoint twice: before and after signing in there.
    first, authorize = sso.recorded("authorize")
    assert first == authorize
    assert authorize["acr_values"] == ACR
    assert sorted(authorize["scope"].split()) == ["openid", "profile"]
    assert authorize["code_challenge_method"] == "S256"
    assert authorize["client_id"] == "cong-dvc-xa"
    (token,) = sso.recorded("token")
    # The verifier reached the provider with the code, and hashes to the challenge sent before.
    digest = hashlib.sha256(token["code_verifier"].encode()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == authorize["code_challenge"]

    account = SocialAccount.objects.get(provider="vneid")
    user = account.user
    assert not user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    profile = CitizenProfile.objects.get(user=user)
    assert profile.full_name == "Nguyễn Thị Hồng Nhung"
    assert profile.id_number == "060185001234"
    assert str(profile.birth_date) == "1985-03-25"
    assert profile.address == "Thôn 2, xã Hàm Chính, tỉnh Lâm Đồng, Việt Nam"
    assert profile.verified_fields == ["address", "birth_date", "full_name", "id_number"]
    assert profile.identity_provider == "vneid"


def test_profile_shows_the_claims_read_only_and_a_post_cannot_change_them(client, sso):
    _sso(client, sso)

    page = client.get("/tai-khoan/thong-tin/").content.decode()
    assert "Thông tin từ định danh quốc gia" in page
    for shown in ("Nguyễn Thị Hồng Nhung", "060185001234", "25/03/1985", "Thôn 2, xã Hàm Chính, tỉnh Lâm Đồng"):
        assert shown in page
    for name in ("full_name", "birth_date", "address", "id_number"):
        assert f'name="{name}"' not in page
    assert 'name="email"' in page

    response = client.post(
        "/tai-khoan/thong-tin/",
        {
            "full_name": "Trần Văn Giả",
            "id_number": "001099000001",
            "birth_date": "01/01/2000",
            "address": "Nơi khác",
            "email": "nhung@example.vn",
        },
    )

    assert response.status_code == 302
    profile = CitizenProfile.objects.get()
    assert profile.full_name == "Nguyễn Thị Hồng Nhung"
    assert profile.id_number == "060185001234"
    assert str(profile.birth_date) == "1985-03-25"
    assert profile.address == "Thôn 2, xã Hàm Chính, tỉnh Lâm Đồng, Việt Nam"


def test_next_sign_in_updates_the_profile_and_keeps_one_account(client, sso):
    _sso(client, sso)
    client.logout()
    sso.set_claims({**CLAIMS, "address": {"formatted": "Số 5 đường Trần Phú, xã Hàm Chính"}})

    _sso(client, sso)

    assert get_user_model().objects.count() == 1
    profile = CitizenProfile.objects.get()
    assert profile.address == "Số 5 đường Trần Phú, xã Hàm Chính"
    assert profile.full_name == "Nguyễn Thị Hồng Nhung"


@pytest.mark.parametrize("process", ["login", "connect"])
def test_a_signed_in_citizen_gets_the_identity_linked_to_their_account(client, sso, process):
    citizen = get_user_model().objects.create_user("0912345678", password="mat-khau-rieng-123")
    CitizenProfile.objects.create(user=citizen, phone="0912345678", full_name="Nhung", address="Thôn 1")
    client.force_login(citizen)

    _sso(client, sso, process=process)

    assert SocialAccount.objects.get(provider="vneid").user == citizen
    assert get_user_model().objects.count() == 1
    profile = CitizenProfile.objects.get(user=citizen)
    assert profile.full_name == "Nguyễn Thị Hồng Nhung"
    assert profile.phone == "0912345678"
    assert profile.verified_fields == ["address", "birth_date", "full_name", "id_number"]
    assert client.get("/tai-khoan/thong-tin/").wsgi_request.user == citizen


def test_a_staff_account_is_never_signed_in_nor_linked_by_sso(client, sso):
    officer = get_user_model().objects.create_user("can-bo", password="mat-khau-can-bo-123", is_staff=True)
    client.force_login(officer)

    response = _sso(client, sso)

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Tài khoản cán bộ không đăng nhập bằng định danh quốc gia."
    ]
    assert not SocialAccount.objects.exists()
    assert not CitizenProfile.objects.filter(user=officer).exists()


def test_a_lower_level_of_assurance_than_asked_is_refused(client, sso):
    sso.set_claims({**CLAIMS, "acr": "urn:vneid:loa:1"})

    response = _sso(client, sso)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Mức độ xác thực của tài khoản định danh không đủ để đăng nhập."
    ]
    assert not SocialAccount.objects.exists()
    assert not CitizenProfile.objects.exists()


def test_an_email_another_account_uses_is_left_off_the_new_account(client, settings, sso):
    settings.SOCIALACCOUNT_PROVIDERS = openid_connect_providers(
        {
            "OIDC_ISSUER": sso.issuer,
            "OIDC_CLIENT_ID": sso.client_id,
            "OIDC_CLIENT_SECRET": sso.client_secret,
            "OIDC_SCOPES": "openid profile email",
        }
    )
    other = get_user_model().objects.create_user("0987654321", email="nhung@example.vn", password="mat-khau-khac-123")
    EmailAddress.objects.create(user=other, email="nhung@example.vn", verified=True, primary=True)
    sso.set_claims({**CLAIMS, "email": "nhung@example.vn", "email_verified": True})

    response = _sso(client, sso)

    assert response["Location"] == "/tai-khoan/"
    user = SocialAccount.objects.get(provider="vneid").user
    assert user != other
    assert user.email == ""
    assert list(EmailAddress.objects.values_list("user_id", flat=True)) == [other.pk]
    assert CitizenProfile.objects.get(user=user).full_name == "Nguyễn Thị Hồng Nhung"


def test_an_identity_linked_to_another_citizen_is_not_taken_over(client, sso):
    _sso(client, sso)
    owner = SocialAccount.objects.get(provider="vneid").user
    client.logout()
    someone = get_user_model().objects.create_user("0911111111", password="mat-khau-rieng-456")
    client.force_login(someone)

    response = _sso(client, sso)

    assert response["Location"] == "/tai-khoan/thong-tin/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Tài khoản định danh này đã liên kết với một tài khoản khác."
    ]
    assert SocialAccount.objects.get(provider="vneid").user == owner
    assert client.get("/tai-khoan/thong-tin/").wsgi_request.user == someone
    assert not CitizenProfile.objects.filter(user=someone).exclude(verified_fields=[]).exists()


def test_cancelled_at_the_provider(client, sso):
    response = client.post(_button_action())
    state = parse_qs(urlsplit(response["Location"]).query)["state"][0]

    # What the provider sends back when the citizen refuses (OAuth 2.0, RFC 6749 4.1.2.1).
    page = client.get(f"/tai-khoan/oidc/vneid/login/callback/?error=access_denied&state={state}", follow=True)

    assert page.redirect_chain == [("/tai-khoan/lien-ket/huy/", 302)]
    assert "Đã hủy đăng nhập bằng VNeID" in page.content.decode()
    assert not SocialAccount.objects.exists()
