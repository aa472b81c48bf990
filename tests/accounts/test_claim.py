"""Adding a dossier submitted without an account ("Thêm hồ sơ đã nộp") with its code and phone number."""

import html

import pytest

from django.core.exceptions import ValidationError

from accounts.services import CLAIM_NOT_FOUND, CLAIM_TAKEN, dossier_claim
from tests.forms import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(home):
    return f.dossier_make()  # applicant phone 0912345678, no owner


def test_claim_sets_the_owner(citizen, dossier):
    claimed = dossier_claim(user=citizen, code=dossier.code, phone="0912 345 678")
    dossier.refresh_from_db()
    assert claimed.pk == dossier.pk
    assert dossier.owner == citizen


def test_claim_accepts_the_code_as_typed_on_a_phone(citizen, dossier):
    typed = dossier.code.replace("-", " ").lower()
    assert dossier_claim(user=citizen, code=typed, phone="+84912345678").pk == dossier.pk


def test_claiming_again_returns_the_same_dossier(citizen, dossier):
    dossier_claim(user=citizen, code=dossier.code, phone="0912345678")
    again = dossier_claim(user=citizen, code=dossier.code, phone="0912345678")
    assert again.pk == dossier.pk and again.owner == citizen


@pytest.mark.parametrize("phone", ["0987654321", "", "0912345679"])
def test_wrong_phone_finds_nothing(citizen, dossier, phone):
    with pytest.raises(ValidationError) as error:
        dossier_claim(user=citizen, code=dossier.code, phone=phone)
    assert error.value.messages == [CLAIM_NOT_FOUND]
    dossier.refresh_from_db()
    assert dossier.owner is None


def test_unknown_code_says_the_same_as_a_wrong_phone(citizen, dossier):
    with pytest.raises(ValidationError) as error:
        dossier_claim(user=citizen, code="HS-010101-9999", phone="0912345678")
    assert error.value.messages == [CLAIM_NOT_FOUND]


def test_a_dossier_of_another_account_is_not_taken_over(citizen, other_citizen, dossier):
    dossier_claim(user=other_citizen, code=dossier.code, phone="0912345678")
    with pytest.raises(ValidationError) as error:
        dossier_claim(user=citizen, code=dossier.code, phone="0912345678")
    assert error.value.messages == [CLAIM_TAKEN]
    dossier.refresh_from_db()
    assert dossier.owner == other_citizen


def test_claim_from_the_account_page(client, citizen, dossier):
    client.force_login(citizen)
    response = client.post(
        "/tai-khoan/them-ho-so/", {"them-ho-so-code": dossier.code, "them-ho-so-phone": "0912345678"}, follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain == [(f"/tai-khoan/#ho-so-{dossier.pk}", 302)]
    assert f"Đã thêm hồ sơ {dossier.code} vào tài khoản." in html
    assert f'id="ho-so-{dossier.pk}"' in html


def test_wrong_claim_on_the_account_page_says_so(client, citizen, dossier):
    client.force_login(citizen)
    response = client.post(
        "/tai-khoan/them-ho-so/", {"them-ho-so-code": dossier.code, "them-ho-so-phone": "0987654321"}
    )
    assert response.status_code == 400
    assert CLAIM_NOT_FOUND in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.owner is None


def test_claim_page_answers_get_with_405(client, citizen, home):
    client.force_login(citizen)
    assert client.get("/tai-khoan/them-ho-so/").status_code == 405


def test_repeated_wrong_claims_are_rate_limited(client, citizen, dossier, settings):
    settings.FORMS_TRACKING_RATE_LIMIT = 3
    client.force_login(citizen)
    wrong = {"them-ho-so-code": dossier.code, "them-ho-so-phone": "0987654321"}
    for _ in range(3):
        assert client.post("/tai-khoan/them-ho-so/", wrong).status_code == 400

    blocked = client.post("/tai-khoan/them-ho-so/", {"them-ho-so-code": dossier.code, "them-ho-so-phone": "0912345678"})

    assert blocked.status_code == 429
    assert "Ông/bà đã nhập sai quá nhiều lần. Hãy thử lại sau ít phút." in blocked.content.decode()
    dossier.refresh_from_db()
    assert dossier.owner is None


def test_right_claims_cost_nothing_and_wrong_ones_share_the_tracking_budget(client, citizen, home, settings):
    settings.FORMS_TRACKING_RATE_LIMIT = 2
    client.force_login(citizen)
    for _ in range(3):  # three of the citizen's own dossiers, each claimed rightly
        mine = f.dossier_make()
        right = {"them-ho-so-code": mine.code, "them-ho-so-phone": mine.applicant_phone}
        assert client.post("/tai-khoan/them-ho-so/", right).status_code == 302
    other = f.dossier_make()
    client.post("/tra-cuu-ho-so/", {"code": other.code, "phone": "0987654321"})  # one wrong answer at tracking
    wrong = {"them-ho-so-code": other.code, "them-ho-so-phone": "0987654321"}
    assert client.post("/tai-khoan/them-ho-so/", wrong).status_code == 400
    assert client.post("/tai-khoan/them-ho-so/", wrong).status_code == 429


def test_spellings_of_one_code_share_the_dossiers_budget(client, home, settings):
    settings.FORMS_TRACKING_RATE_LIMIT = 100  # per address: out of the way
    settings.FORMS_TRACKING_TARGET_LIMIT = 2
    dossier = f.dossier_make()
    prefix, day, number = dossier.code.split("-")
    spellings = [f"{prefix}.{day}.{number}", f"{prefix}{day}{number}", f"{prefix} {day} {number}"]
    for number_of_account, spelling in enumerate(spellings):
        client.force_login(_citizen(number_of_account))
        wrong = {"them-ho-so-code": spelling, "them-ho-so-phone": "0987654321"}
        response = client.post("/tai-khoan/them-ho-so/", wrong, REMOTE_ADDR=f"10.8.0.{number_of_account}")
    assert response.status_code == 429


def _citizen(number):
    from tests.accounts import factories as af

    return af.citizen_make(phone=f"09{number:08d}")


def test_staff_have_no_profile_export_or_close_pages(client, home):
    officer = f.receiving_officer()
    client.force_login(officer)
    for url in ("/tai-khoan/thong-tin/", "/tai-khoan/du-lieu/", "/tai-khoan/dong-tai-khoan/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url


@pytest.mark.parametrize(
    ("host", "example"), [("localhost", "23098-261122-0001"), ("hamthuanbac.test", "23089-261122-0001")]
)
def test_the_example_code_carries_the_prefix_of_the_communes_host(client, citizen, two_communes, host, example):
    # Issue #17: each commune numbers its dossiers under its official unit code (Hàm Liêm 23098,
    # Hàm Thuận Bắc 23089); the example reads like the codes that commune prints.
    client.force_login(citizen)

    page = html.unescape(client.get("/tai-khoan/", HTTP_HOST=host).content.decode())
    assert f"In trên giấy tiếp nhận hồ sơ, ví dụ {example}." in page
    refused = client.post(
        "/tai-khoan/them-ho-so/", {"them-ho-so-code": "", "them-ho-so-phone": "0912345678"}, HTTP_HOST=host
    )
    assert refused.status_code == 400
    assert f"ví dụ {example}." in html.unescape(refused.content.decode())


def test_the_example_code_of_a_commune_without_its_unit_code_starts_with_hs(client, citizen, home):
    client.force_login(citizen)

    page = html.unescape(client.get("/tai-khoan/").content.decode())
    assert "In trên giấy tiếp nhận hồ sơ, ví dụ HS-261122-0001." in page
