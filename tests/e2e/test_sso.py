"""Chromium links a citizen's account to the national identity at a real OpenID Connect provider.

The provider (django-oauth-toolkit, tests/accounts/oidc_op) runs on 127.0.0.1 in its own process;
the browser presses the portal's button, signs in at the provider and comes back to the profile,
which then shows the provider's claims read-only. It also shows the Content-Security-Policy lets
the button's POST be redirected to the provider (``form-action``).
"""

import copy

import pytest
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import CitizenProfile
from accounts.sso.config import form_action_origins, openid_connect_providers
from tests import factories
from tests.accounts.oidc_op.runner import provider_running

CLAIMS = {
    "name": "Nguyễn Thị Hồng Nhung",
    "identity_number": "060185001234",
    "birthdate": "1985-03-25",
    "address": {"street_address": "Thôn 2", "locality": "xã Hàm Chính", "region": "tỉnh Lâm Đồng"},
}


@pytest.fixture
def provider(live_server, tmp_path, settings):
    with provider_running(tmp_path, redirect_uri=f"{live_server.url}/tai-khoan/oidc/vneid/login/callback/") as op:
        environ = {"OIDC_ISSUER": op.issuer, "OIDC_CLIENT_ID": op.client_id, "OIDC_CLIENT_SECRET": op.client_secret}
        settings.SOCIALACCOUNT_PROVIDERS = openid_connect_providers(environ)
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        policy["DIRECTIVES"]["form-action"] = ["'self'", *form_action_origins(environ)]
        settings.CONTENT_SECURITY_POLICY = policy
        op.set_claims(CLAIMS)
        yield op


def test_citizen_links_vneid_and_sees_the_claims_read_only(live_server, page, wagtail_tree, provider):
    factories.home_page_make()
    citizen = get_user_model().objects.create_user("0912345678", password="mat-khau-rieng-123")
    CitizenProfile.objects.create(user=citizen, phone="0912345678", full_name="Nhung")
    signed_in = Client()
    signed_in.force_login(citizen)
    page.context.add_cookies(
        [{"name": "sessionid", "value": signed_in.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(f"{live_server.url}/tai-khoan/thong-tin/")
    expect(page.get_by_label("Họ và tên")).to_have_value("Nhung")
    page.get_by_role("button", name="Liên kết với VNeID / Cổng Dịch vụ công quốc gia").click()

    page.wait_for_url(f"{provider.issuer.removesuffix('/o')}/login/**")
    page.get_by_label("Username").fill(provider.username)
    page.get_by_label("Password").fill(provider.password)
    page.get_by_role("button", name="Đăng nhập").click()

    page.wait_for_url(f"{live_server.url}/tai-khoan/thong-tin/")
    verified = page.locator(".profile__verified")
    expect(verified).to_contain_text("Nguyễn Thị Hồng Nhung")
    expect(verified).to_contain_text("060185001234")
    expect(verified).to_contain_text("25/03/1985")
    expect(verified).to_contain_text("Thôn 2, xã Hàm Chính, tỉnh Lâm Đồng")
    expect(page.get_by_label("Họ và tên")).to_have_count(0)
    expect(page.get_by_label("Địa chỉ")).to_have_count(0)
    expect(page.get_by_role("button", name="Liên kết với VNeID / Cổng Dịch vụ công quốc gia")).to_have_count(0)
    (authorize, *_) = provider.recorded("authorize")
    assert authorize["code_challenge_method"] == "S256"
