"""Satisfaction ratings: once per dossier, after the result was returned, from the tracking page."""

import pytest

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory

from forms.lifecycle.services import dossier_transition
from forms.models import DossierRating, DossierStatus
from forms.ratings.forms import RatingForm
from forms.ratings.services import dossier_can_rate, dossier_rate
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
S = DossierStatus


def returned(dossier):
    officer = f.receiving_officer()
    for status in (S.PROCESSING, S.RESULT_READY, S.RETURNED):
        dossier_transition(dossier=dossier, to_status=status, actor=officer, note="")
    return dossier


@pytest.fixture
def dossier(home):
    return returned(f.dossier_make())


def test_rate_a_returned_dossier(dossier):
    rating = dossier_rate(dossier=dossier, score=4, comment="  Cán bộ hướng dẫn tận tình  ")
    assert (rating.score, rating.comment, rating.dossier_id) == (4, "Cán bộ hướng dẫn tận tình", dossier.pk)
    assert not dossier_can_rate(dossier=dossier)


def test_only_once(dossier):
    dossier_rate(dossier=dossier, score=5)
    with pytest.raises(ValidationError) as error:
        dossier_rate(dossier=dossier, score=1)
    assert error.value.messages == ["Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần."]
    assert list(DossierRating.objects.values_list("score", flat=True)) == [5]


@pytest.mark.parametrize("status", [S.RECEIVED, S.PROCESSING, S.RESULT_READY])
def test_not_before_the_result_is_returned(home, status):
    dossier = f.dossier_make()
    path = {S.RECEIVED: [], S.PROCESSING: [S.PROCESSING], S.RESULT_READY: [S.PROCESSING, S.RESULT_READY]}[status]
    for step in path:
        dossier_transition(dossier=dossier, to_status=step, actor=f.receiving_officer(), note="")
    assert not dossier_can_rate(dossier=dossier)
    with pytest.raises(ValidationError) as error:
        dossier_rate(dossier=dossier, score=5)
    assert error.value.messages == ["Chỉ đánh giá được sau khi hồ sơ đã trả kết quả."]
    assert not DossierRating.objects.exists()


@pytest.mark.parametrize("score", [0, 6, -1, True, "5"])
def test_score_from_one_to_five(dossier, score):
    with pytest.raises(ValidationError) as error:
        dossier_rate(dossier=dossier, score=score)
    assert error.value.message_dict == {"score": ["Hãy chọn mức độ hài lòng từ 1 đến 5."]}


def test_the_tracking_page_offers_the_form_after_the_phone_check(client, dossier):
    page = f"/tra-cuu-ho-so/{dossier.access_token}/"
    assert "Đánh giá mức độ hài lòng" not in client.get(page).content.decode()
    refused = client.post(f"{page}danh-gia/", {"score": "5"})
    assert refused.status_code == 302 and "#xac-minh" in refused["Location"]
    assert not DossierRating.objects.exists()

    f.tracking_open(client, dossier)
    html = client.get(page).content.decode()
    assert "Đánh giá mức độ hài lòng" in html and "5 – Rất hài lòng" in html
    missing = client.post(f"{page}danh-gia/", {"comment": "Tốt"})
    assert missing.status_code == 400 and "Hãy chọn mức độ hài lòng." in missing.content.decode()
    done = client.post(f"{page}danh-gia/", {"score": "4", "comment": "Nhanh"}, follow=True)
    html = done.content.decode()
    assert "Cảm ơn ông/bà đã đánh giá" in html and "Ông/bà đã đánh giá hồ sơ này: 4/5." in html
    assert "Gửi đánh giá" not in html
    again = client.post(f"{page}danh-gia/", {"score": "1"}, follow=True)
    assert "Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần." in again.content.decode()
    assert DossierRating.objects.get().score == 4


def test_the_owner_rates_from_the_account_and_comes_back(client, dossier, django_user_model):
    owner = django_user_model.objects.create_user("cong-dan", password="x")
    dossier.owner = owner
    dossier.save(update_fields=["owner"])
    client.force_login(owner)
    response = client.post(f"/tra-cuu-ho-so/{dossier.access_token}/danh-gia/", {"score": "5", "next": "/tai-khoan/"})
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/"
    external = f.dossier_make()
    returned(external)
    external.owner = owner
    external.save(update_fields=["owner"])
    response = client.post(
        f"/tra-cuu-ho-so/{external.access_token}/danh-gia/", {"score": "5", "next": "https://example.com/"}
    )
    assert response["Location"] == f"/tra-cuu-ho-so/{external.access_token}/"


def test_the_include_renders_for_the_account_page(dossier):
    request = RequestFactory().get("/tai-khoan/")
    html = render_to_string(
        "forms/includes/rating_form.html",
        {"dossier": dossier, "rating_form": RatingForm(), "next": "/tai-khoan/"},
        request=request,
    )
    assert f'action="/tra-cuu-ho-so/{dossier.access_token}/danh-gia/"' in html
    assert 'name="next" value="/tai-khoan/"' in html and 'name="score"' in html
    assert html.count('type="radio"') == 5
