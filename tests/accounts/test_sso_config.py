"""The OpenID Connect provider settings built from the environment (accounts.sso.config)."""

from accounts.sso.config import claim_names, form_action_origins, openid_connect_providers


def test_no_issuer_no_provider():
    assert openid_connect_providers({}) == {}
    assert openid_connect_providers({"OIDC_ISSUER": "  ", "OIDC_CLIENT_ID": "x"}) == {}


def test_defaults_openid_profile_scope_and_pkce_on():
    providers = openid_connect_providers(
        {"OIDC_ISSUER": "https://sso.dichvucong.gov.vn/", "OIDC_CLIENT_ID": "xa-ham-chinh", "OIDC_CLIENT_SECRET": "s"}
    )

    (app,) = providers["openid_connect"]["APPS"]
    assert app["provider_id"] == "vneid"
    assert app["name"] == "Đăng nhập bằng VNeID / Cổng Dịch vụ công quốc gia"
    assert app["client_id"] == "xa-ham-chinh"
    assert app["secret"] == "s"
    assert app["settings"] == {
        "server_url": "https://sso.dichvucong.gov.vn",
        "scope": ["openid", "profile"],
        "oauth_pkce_enabled": True,
        "auth_params": {},
    }
    assert providers["openid_connect"]["OAUTH_PKCE_ENABLED"] is True


def test_scopes_acr_values_pkce_off_and_token_auth_method():
    providers = openid_connect_providers(
        {
            "OIDC_ISSUER": "https://sso.example.vn",
            "OIDC_SCOPES": "openid, profile address",
            "OIDC_ACR_VALUES": "urn:vneid:loa:2 urn:vneid:loa:3",
            "OIDC_PKCE": "false",
            "OIDC_TOKEN_AUTH_METHOD": "client_secret_basic",
        }
    )

    settings = providers["openid_connect"]["APPS"][0]["settings"]
    assert settings["scope"] == ["openid", "profile", "address"]
    assert settings["auth_params"] == {"acr_values": "urn:vneid:loa:2 urn:vneid:loa:3"}
    assert settings["oauth_pkce_enabled"] is False
    assert settings["token_auth_method"] == "client_secret_basic"


def test_claim_names_default_to_vneid_like_and_can_be_renamed():
    assert claim_names({}) == {
        "full_name": ["name"],
        "id_number": ["identity_number", "cccd"],
        "birth_date": ["birthdate"],
        "address": ["address"],
    }
    assert claim_names({"OIDC_CLAIM_ID_NUMBER": "so_dinh_danh", "OIDC_CLAIM_FULL_NAME": "ho_ten"})["id_number"] == [
        "so_dinh_danh"
    ]
    assert claim_names({"OIDC_CLAIM_FULL_NAME": "ho_ten"})["full_name"] == ["ho_ten"]


def test_form_action_origins_let_the_button_reach_the_provider():
    assert form_action_origins({}) == []
    assert form_action_origins({"OIDC_AUTHORIZATION_ORIGIN": "https://dangnhap.example.vn"}) == []
    assert form_action_origins({"OIDC_ISSUER": "https://sso.example.vn/realms/vneid"}) == ["https://sso.example.vn"]
    assert form_action_origins(
        {"OIDC_ISSUER": "https://sso.example.vn/o", "OIDC_AUTHORIZATION_ORIGIN": "https://dangnhap.example.vn:8443/x"}
    ) == ["https://sso.example.vn", "https://dangnhap.example.vn:8443"]
