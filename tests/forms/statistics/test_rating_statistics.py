"""Satisfaction on the public statistics page: count and average per month and per sector."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from django.core.cache import cache

from forms.models import DossierRating, DossierStatus
from forms.ratings.selectors import UNKNOWN_SECTOR, RatingFigures, rating_statistics
from tests import factories
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def cache_empty():
    cache.clear()
    yield
    cache.clear()


def rated(page, score: int, at: datetime):
    dossier = f.dossier_make(page=page)
    dossier.status = DossierStatus.RETURNED  # the service's rule is tested in tests/forms/ratings
    dossier.save(update_fields=["status"])
    return DossierRating.objects.create(dossier=dossier, score=score, created_at=at)


@pytest.fixture
def pages(home):
    civil = f.form_page_make(procedure=factories.procedure_make(sector=factories.sector_make("Hộ tịch")))
    land = f.form_page_make(procedure=factories.procedure_make(sector=factories.sector_make("Đất đai")))
    loose = f.form_page_make(procedure=factories.procedure_make(sector=None))
    return civil, land, loose


def test_count_and_average_per_month_and_sector(pages):
    civil, land, loose = pages
    rated(civil, 5, datetime(2026, 3, 2, 9, tzinfo=VN))
    rated(civil, 4, datetime(2026, 3, 20, 9, tzinfo=VN))
    rated(land, 2, datetime(2026, 4, 1, 6, tzinfo=VN))  # 1 April in Vietnam, still 31 March in UTC
    rated(loose, 3, datetime(2026, 4, 9, 9, tzinfo=VN))
    rated(civil, 1, datetime(2026, 6, 1, 9, tzinfo=VN))  # after the period

    stats = rating_statistics(start=date(2026, 3, 1), end=date(2026, 6, 1))

    assert [(row.label, row.figures) for row in stats.months] == [
        ("Tháng 03/2026", RatingFigures(2, 4.5)),
        ("Tháng 04/2026", RatingFigures(2, 2.5)),
        ("Tháng 05/2026", RatingFigures(0, None)),
    ]
    assert [(row.label, row.figures) for row in stats.sectors] == [
        ("Đất đai", RatingFigures(1, 2.0)),
        ("Hộ tịch", RatingFigures(2, 4.5)),
        (UNKNOWN_SECTOR, RatingFigures(1, 3.0)),
    ]
    assert stats.total == RatingFigures(4, 3.5)


def test_no_ratings(home):
    stats = rating_statistics(start=date(2026, 1, 1), end=date(2026, 3, 1))
    assert stats.total == RatingFigures(0, None) and stats.sectors == [] and len(stats.months) == 2


def test_the_public_page_shows_them(client, pages):
    civil, land, _ = pages
    today = datetime.now(VN)
    rated(civil, 5, today)
    rated(civil, 4, today)
    rated(land, 4, today)
    html = client.get("/thong-ke-ho-so/").content.decode()
    assert "Mức độ hài lòng của người dân" in html
    assert "3 lượt đánh giá, bình quân 4,3/5" in html
    assert html.count("data-rating-sector") == 2
    assert (
        '<th scope="row">Hộ tịch</th><td class="statistics__number">2</td><td class="statistics__number">4,5</td>'
        in html
    )
    for rating in DossierRating.objects.all():
        assert rating.dossier.applicant_name not in html


def test_the_public_page_without_ratings_says_so(client, home):
    html = client.get("/thong-ke-ho-so/").content.decode()
    assert "Chưa có lượt đánh giá nào trong thời gian này." in html
