"""The public statistics page counts the dossiers of the commune it is asked on (issue #17).

Commune A (xã Hàm Liêm, localhost) received three dossiers, one resolved, one rated 5; commune B (xã
Hàm Thuận Bắc, hamthuanbac.test) received two, both still open, one rated 2. Each host shows its
own figures, from its own cache entry; the selectors without ``site_ids`` count every commune (the
province's view), with ``site_ids`` the communes named. The Decision 766/QĐ-TTg shares likewise.
"""

import pytest

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from forms.lifecycle.services import dossier_transition
from forms.models import DossierRating, DossierStatus
from forms.ratings.selectors import rating_statistics
from forms.statistics.online import online_statistics
from forms.statistics.selectors import communes_cache_key, dossier_overview, dossier_statistics, period_last_months
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
S = DossierStatus


@pytest.fixture(autouse=True)
def cache_empty():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def counted(two_communes):
    """Three dossiers received in A (one resolved), two in B (open); one rating in each commune."""
    page = f.form_page_make(procedure=two_communes.procedure)
    officer = get_user_model().objects.create_user("thongke", password="x")
    in_a = [f.dossier_make(page=page, site=two_communes.a) for _ in range(3)]
    in_b = [f.dossier_make(page=page, site=two_communes.b) for _ in range(2)]
    dossier_transition(dossier=in_a[0], to_status=S.PROCESSING, actor=officer)
    dossier_transition(dossier=in_a[0], to_status=S.RESULT_READY, actor=officer)
    now = timezone.now()
    DossierRating.objects.create(dossier=in_a[0], score=5, created_at=now)
    DossierRating.objects.create(dossier=in_b[0], score=2, created_at=now)
    return two_communes


def test_the_page_on_each_host_counts_that_communes_dossiers(client, counted):
    on_a = client.get(reverse("forms:statistics"))
    on_b = client.get(reverse("forms:statistics"), HTTP_HOST="hamthuanbac.test")
    total_a, total_b = on_a.context["statistics"].total, on_b.context["statistics"].total

    assert (total_a.received, total_a.resolved, total_a.in_progress) == (3, 1, 2)
    assert (total_b.received, total_b.resolved, total_b.in_progress) == (2, 0, 2)
    assert (on_a.context["ratings"].total.count, on_a.context["ratings"].total.average) == (1, 5)
    assert (on_b.context["ratings"].total.count, on_b.context["ratings"].total.average) == (1, 2)
    assert (on_a.context["online"].total.received, on_b.context["online"].total.received) == (3, 2)


def test_a_second_view_on_the_other_host_does_not_get_the_first_ones_cached_figures(client, counted):
    client.get(reverse("forms:statistics"), HTTP_HOST="hamthuanbac.test")
    again_a = client.get(reverse("forms:statistics"))
    again_b = client.get(reverse("forms:statistics"), HTTP_HOST="hamthuanbac.test")
    assert again_a.context["statistics"].total.received == 3
    assert again_b.context["statistics"].total.received == 2


def test_selectors_count_every_commune_or_those_named(counted):
    start, end = period_last_months()
    a, b = counted.a.pk, counted.b.pk
    assert dossier_statistics(start=start, end=end).total.received == 5
    assert dossier_statistics(start=start, end=end, site_ids=[b]).total.received == 2
    assert dossier_statistics(start=start, end=end, site_ids=[a, b]).total.received == 5
    assert dossier_statistics(start=start, end=end, site_ids=[]).total.received == 0
    assert online_statistics(start=start, end=end, site_ids=[a]).total.received == 3
    assert rating_statistics(start=start, end=end, site_ids=[b]).total.count == 1
    assert rating_statistics(start=start, end=end).total.count == 2


def test_overview_per_commune(counted):
    everyone = dossier_overview()
    only_b = dossier_overview(site_ids=[counted.b.pk])
    assert (everyone.received_this_month, everyone.in_progress, everyone.resolved) == (5, 4, 1)
    assert (only_b.received_this_month, only_b.in_progress, only_b.resolved) == (2, 2, 0)


def test_cache_keys_name_the_communes():
    assert communes_cache_key(None) == "all"
    assert communes_cache_key([7, 3, 7]) == "s3-7"
    assert communes_cache_key([]) == "s"
