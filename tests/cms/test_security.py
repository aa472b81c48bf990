"""Security headers of public pages, and the admin's exemption from the strict CSP."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests import factories

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_URLS = ["/", "/thu-tuc-hanh-chinh/", "/tin-tuc/", "/khong-ton-tai/"]


@pytest.fixture
def site_pages(procedure, article_index):
    factories.article_make(parent=article_index, image=factories.image_make())
    return [*PUBLIC_URLS, procedure.url]


@pytest.fixture(scope="module")
def production_hsts() -> dict:
    """The HSTS settings of portal.settings.production, read in a fresh interpreter (it checks the key)."""
    ignored = {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env["SECRET_KEY"] = "k3Y-" + "a1b2c3d4e5f6g7h8i9j0" * 4
    env["PYTHONPATH"] = str(ROOT / "site")
    code = (
        "import json, portal.settings.production as s; print(json.dumps({k: getattr(s, k) for k in "
        "('SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD')}))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def test_public_pages_carry_security_headers(client, site_pages):
    for url in site_pages:
        response = client.get(url)
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        directives = csp_directives(response)
        assert directives["default-src"] == ["'self'"], url
        assert directives["script-src"] == ["'self'"], url
        assert directives["style-src"] == ["'self'"], url
        assert directives["object-src"] == ["'none'"], url


def test_public_pages_load_nothing_from_other_origins(client, site_pages):
    external = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", re.IGNORECASE)
    for url in site_pages:
        assert not external.search(client.get(url).content.decode()), url


def test_hsts_over_https_with_the_production_values(client, settings, production_hsts, home):
    assert production_hsts["SECURE_HSTS_SECONDS"] >= 31_536_000  # a year, as HSTS preload lists require
    for name, value in production_hsts.items():
        setattr(settings, name, value)

    response = client.get("/thu-tuc-hanh-chinh/", secure=True)

    hsts = response.headers["Strict-Transport-Security"]
    assert hsts.startswith(f"max-age={production_hsts['SECURE_HSTS_SECONDS']}; includeSubDomains")
    assert ("preload" in hsts) == production_hsts["SECURE_HSTS_PRELOAD"]


def test_no_hsts_over_plain_http(client, settings, home):
    # Browsers ignore HSTS over HTTP; Django only sends it on secure requests.
    settings.SECURE_HSTS_SECONDS = 3600
    assert "Strict-Transport-Security" not in client.get("/").headers
    assert client.get("/", secure=True).headers["Strict-Transport-Security"] == "max-age=3600"


def test_test_settings_do_not_send_hsts(client, home):
    """Test settings inherit base.py, which leaves HSTS to dev (one hour) and production (a year)."""
    assert "Strict-Transport-Security" not in client.get("/", secure=True).headers


def test_admin_is_exempt_from_the_strict_csp(client, home):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert "Content-Security-Policy" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_feed_and_sitemap_carry_security_headers(client, article_index):
    for url in ("/tin-tuc/rss.xml", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", url
