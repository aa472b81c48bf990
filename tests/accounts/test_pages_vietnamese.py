"""Every account page a citizen meets is in Vietnamese, themed with the portal's base.html."""

import pytest

from tests.accounts.conftest import PASSWORD
from tests.portal.english import english_texts

pytestmark = pytest.mark.django_db

PAGES = [
    "/tai-khoan/dang-nhap/",
    "/tai-khoan/dang-ky/",
    "/tai-khoan/mat-khau/quen/",
]


@pytest.mark.parametrize("path", PAGES)
def test_account_page_is_vietnamese_and_themed(client, home, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert english_texts(html) == []


def test_error_pages_are_vietnamese(client, home):
    response = client.post("/tai-khoan/dang-ky/", {"phone": "abc", "email": "x", "password1": "a", "password2": "b"})
    assert english_texts(response.content.decode()) == []
    response = client.post("/tai-khoan/dang-nhap/", {"login": "0912345678", "password": PASSWORD})
    assert english_texts(response.content.decode()) == []


def test_code_pages_are_vietnamese(client, home):
    client.post("/tai-khoan/dang-ky/", {"phone": "0912345678", "password1": PASSWORD, "password2": PASSWORD})
    response = client.get("/tai-khoan/dien-thoai/xac-minh/")
    assert response.status_code == 200
    assert english_texts(response.content.decode()) == []


def test_logout_page_is_vietnamese(client, citizen, home):
    client.force_login(citizen)
    response = client.get("/tai-khoan/dang-xuat/")
    assert english_texts(response.content.decode()) == []
    assert "Bạn có chắc muốn đăng xuất" in response.content.decode()


@pytest.mark.parametrize("path", ["/tai-khoan/email/", "/tai-khoan/lien-ket/", "/tai-khoan/xac-thuc-lai/"])
def test_allauth_pages_a_signed_in_citizen_can_reach_are_vietnamese(client, citizen, home, path):
    # allauth ships no Vietnamese catalogue; these pages were English ("Enter your password:",
    # "Alternative options", "Add a Third-Party Account" …) until accounts/locale had their strings.
    client.force_login(citizen)
    response = client.get(path)
    assert response.status_code == 200
    assert english_texts(response.content.decode()) == []
