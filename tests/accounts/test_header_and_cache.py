"""The header's account links, and the page cache never mixing a signed-in visitor's header with others'."""

import pytest

from wagtail.models import Site

from cms.models import CommuneSettings
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def commune_settings(home):
    return CommuneSettings.for_site(Site.objects.get(is_default_site=True))


def _sign_in(client):
    response = client.post("/tai-khoan/dang-nhap/", {"login": "0912345678", "password": PASSWORD})
    assert response.status_code == 302


def test_signed_out_header_offers_sign_in_and_registration(client, procedure):
    html = client.get(procedure.url).content.decode()
    assert 'href="/tai-khoan/dang-nhap/">Đăng nhập</a>' in html
    assert 'href="/tai-khoan/dang-ky/">Đăng ký</a>' in html
    assert "Hồ sơ của tôi" not in html
    assert "csrfmiddlewaretoken" not in html  # nothing per-visitor in a page the cache may store


def test_signed_in_header_offers_my_dossiers_and_sign_out(client, citizen, procedure):
    _sign_in(client)
    html = client.get(procedure.url).content.decode()
    assert 'href="/tai-khoan/">Hồ sơ của tôi</a>' in html
    assert 'action="/tai-khoan/dang-xuat/"' in html
    assert ">Đăng nhập</a>" not in html


def test_page_stored_for_anonymous_visitors_is_not_served_to_signed_in_citizen(client, citizen, procedure):
    from django.test import Client

    anonymous = Client()
    assert anonymous.get(procedure.url)["X-Page-Cache"] == "miss"
    assert anonymous.get(procedure.url)["X-Page-Cache"] == "hit"
    _sign_in(client)
    response = client.get(procedure.url)
    assert "X-Page-Cache" not in response
    assert "Hồ sơ của tôi" in response.content.decode()


def test_page_seen_by_signed_in_citizen_is_never_stored_for_others(client, citizen, procedure):
    from django.test import Client

    _sign_in(client)
    for _ in range(2):
        response = client.get(procedure.url)
        assert "X-Page-Cache" not in response
    anonymous = Client()
    response = anonymous.get(procedure.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Hồ sơ của tôi" not in response.content.decode()
    assert "Đăng xuất" not in response.content.decode()
