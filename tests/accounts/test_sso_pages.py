"""allauth's single sign-on pages in the portal's theme and in Vietnamese (no provider contacted)."""

import pytest

from django.urls import reverse

from accounts.sso.config import openid_connect_providers


@pytest.fixture
def sso_on(settings, home):
    settings.SOCIALACCOUNT_PROVIDERS = openid_connect_providers(
        {"OIDC_ISSUER": "https://sso.example.vn", "OIDC_CLIENT_ID": "xa", "OIDC_CLIENT_SECRET": "s"}
    )


def test_an_error_from_the_provider(client, sso_on):
    page = client.get("/tai-khoan/oidc/vneid/login/callback/?error=server_error").content.decode()

    assert "Không đăng nhập được bằng VNeID" in page


def test_opening_the_sign_in_address_asks_to_continue_with_a_post(client, sso_on):
    page = client.get("/tai-khoan/oidc/vneid/login/").content.decode()

    assert "<h1>Đăng nhập bằng VNeID / Cổng Dịch vụ công quốc gia</h1>" in page
    assert '<form method="post">' in page
    assert ">Tiếp tục</button>" in page


def test_no_sign_in_address_without_an_issuer(client, settings, home):
    settings.SOCIALACCOUNT_PROVIDERS = openid_connect_providers({})

    assert client.get("/tai-khoan/oidc/vneid/login/").status_code == 404


def test_sign_in_and_registration_pages_offer_the_national_identity(client, sso_on):
    for name in ("account_login", "account_signup"):
        page = client.get(reverse(name)).content.decode()

        assert ">Đăng nhập bằng VNeID / Cổng Dịch vụ công quốc gia</button>" in page
        assert 'action="/tai-khoan/oidc/vneid/login/?process=login"' in page


def test_no_national_identity_button_without_an_issuer(client, settings, home):
    settings.SOCIALACCOUNT_PROVIDERS = openid_connect_providers({})

    assert "VNeID" not in client.get(reverse("account_login")).content.decode()
