"""The OpenID Connect provider, configured from the environment only (no SocialApp row needed).

Read by ``portal.settings.base``; it must not import Django, which is not set up yet there.
"""

from collections.abc import Mapping
from urllib.parse import urlsplit

PROVIDER = "openid_connect"
PROVIDER_ID = "vneid"
LABEL = "Đăng nhập bằng VNeID / Cổng Dịch vụ công quốc gia"

# Profile field -> claim names tried in order. VNeID-like defaults; each is overridden by a
# comma-separated OIDC_CLAIM_<FIELD> variable, e.g. OIDC_CLAIM_ID_NUMBER=so_dinh_danh.
DEFAULT_CLAIMS = {
    "full_name": "name",
    "id_number": "identity_number,cccd",
    "birth_date": "birthdate",
    "address": "address",
}

_TRUE = {"1", "true", "yes", "on"}


def _split(value: str) -> list[str]:
    return [item.strip() for item in value.replace(",", " ").split() if item.strip()]


def openid_connect_providers(environ: Mapping[str, str]) -> dict:
    """allauth's ``SOCIALACCOUNT_PROVIDERS`` for the provider in ``environ``; empty without OIDC_ISSUER.

    OIDC_ISSUER (the issuer URL; its /.well-known/openid-configuration is read), OIDC_CLIENT_ID,
    OIDC_CLIENT_SECRET, OIDC_SCOPES ("openid profile"), OIDC_ACR_VALUES (sent as ``acr_values``,
    e.g. the level of assurance VNeID asks for), OIDC_PKCE (on unless "0"/"false"), and
    OIDC_TOKEN_AUTH_METHOD (client_secret_post / client_secret_basic; empty: as discovered).
    """
    issuer = environ.get("OIDC_ISSUER", "").strip()
    if not issuer:
        return {}
    pkce = environ.get("OIDC_PKCE", "1").strip().lower() in _TRUE
    app_settings: dict = {
        "server_url": issuer.rstrip("/"),
        "scope": _split(environ.get("OIDC_SCOPES", "") or "openid profile"),
        "oauth_pkce_enabled": pkce,
        "auth_params": {},
    }
    acr_values = environ.get("OIDC_ACR_VALUES", "").strip()
    if acr_values:
        app_settings["auth_params"]["acr_values"] = acr_values
    token_auth_method = environ.get("OIDC_TOKEN_AUTH_METHOD", "").strip()
    if token_auth_method:
        app_settings["token_auth_method"] = token_auth_method
    return {
        PROVIDER: {
            "OAUTH_PKCE_ENABLED": pkce,
            "APPS": [
                {
                    "provider_id": PROVIDER_ID,
                    "name": LABEL,
                    "client_id": environ.get("OIDC_CLIENT_ID", ""),
                    "secret": environ.get("OIDC_CLIENT_SECRET", ""),
                    "settings": app_settings,
                }
            ],
        }
    }


def claim_names(environ: Mapping[str, str]) -> dict[str, list[str]]:
    """Profile field -> the claim names to read it from, first present wins (OIDC_CLAIM_<FIELD>)."""
    return {
        field: _split(environ.get(f"OIDC_CLAIM_{field.upper()}", "") or default)
        for field, default in DEFAULT_CLAIMS.items()
    }


def form_action_origins(environ: Mapping[str, str]) -> list[str]:
    """Origins the sign-in button's POST may be redirected to, for the CSP ``form-action`` directive.

    Browsers apply ``form-action`` to the redirects that follow a form's submission, so with only
    ``'self'`` the button's redirect to the provider is blocked. The issuer's origin, plus
    OIDC_AUTHORIZATION_ORIGIN when the authorization endpoint is on another host.
    """
    origins = []
    for url in (environ.get("OIDC_ISSUER", ""), environ.get("OIDC_AUTHORIZATION_ORIGIN", "")):
        parts = urlsplit(url.strip())
        if environ.get("OIDC_ISSUER", "").strip() and parts.scheme in ("http", "https") and parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in origins:
                origins.append(origin)
    return origins
