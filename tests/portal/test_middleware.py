"""portal.middleware.BadInputMiddleware: malformed paths and query strings get a 400 in Vietnamese."""

import json

import pytest

pytestmark = pytest.mark.django_db

PAGE_MESSAGE = "Đường dẫn hoặc tham số của yêu cầu có ký tự không hợp lệ"


@pytest.mark.parametrize(
    "address",
    [
        "/tra-cuu/?q=a%00b",
        "/tra-cuu/?q=%1b",
        "/tra-cuu/?q=%C2%85",  # NEL, a C1 control
        "/tra-cuu/?q=%FF",  # not UTF-8
        "/tra-cuu/?q=%C3",  # a UTF-8 sequence cut short
        "/tra-cuu/?%00=1",
        "/tra-cuu-ho-so/abc%00def/",
        "/nop-ho-so/tiep-tuc/%FF%FE/",
        "/nop-ho-so/thu-tuc/1.000%0A123/",
        "/admin/?q=%00",
    ],
)
def test_bad_input_is_refused_with_a_vietnamese_page(client, address):
    response = client.get(address)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'lang="vi"' in body and PAGE_MESSAGE in body


def test_api_answers_bad_input_in_json(client):
    response = client.get("/api/search?q=%00")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["error"].startswith(PAGE_MESSAGE)


def test_tab_and_line_breaks_in_a_query_string_are_text(client, home):
    assert client.get("/tra-cuu/?q=khai%09sinh%0D%0A").status_code == 200


def test_vietnamese_text_passes(client, home):
    assert client.get("/tra-cuu/?q=khai+sinh+%C4%91%C3%BAng+h%E1%BA%A1n").status_code == 200


def test_cookie_with_control_characters_is_dropped(client, home):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get("/").status_code == 200


def test_django_admin_is_gone(client, admin_client):
    # Issue #16: /django-admin/ was a second public login form; staff use Wagtail's /admin/.
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/django-admin/login/").status_code == 404
    assert admin_client.get("/django-admin/").status_code == 404
