"""The online-service shares of Decision 766/QĐ-TTg (2022) on the public statistics page: submitted
online, paid online, returned online, per month and per sector, on a fixed data set.

Data set (year 2025; H = Hộ tịch, C = Chứng thực), each expected share written out below:

| dossier | received | channel | fee | paid | returned | result file |
| H0 | Feb | online | 0 | – | March | yes |
| H1 | March | online | 8 000 | VietQR (online) | March | yes |
| H2 | March | online | 8 000 | cash at the counter | April | no |
| H3 | March | counter | 0 | – | – | – |
| C1 | March | post | 10 000 | not paid | – | – |
| C2 | April | online | 10 000 | VietQR | April | yes |
| C3 | April | online | 0 | – | – | – |
| H4 | April | counter | 5 000 | 2 000 by VietQR (partial) | – | – |
| H5 | April | online | 0 | – | – (result ready, not handed over) | yes |
| X | never (awaiting reception) | online | 8 000 | VietQR | – | – |
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from forms.files.services import AttachmentInput
from forms.lifecycle.services import dossier_transition
from forms.models import Dossier, DossierAttachment, DossierStatus, SubmissionChannel
from forms.payments.services import payment_record
from forms.statistics.online import OnlineCounts, online_statistics, online_statistics_cached
from tests import factories
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
S = DossierStatus
VN = ZoneInfo("Asia/Ho_Chi_Minh")
START, END = date(2025, 1, 1), date(2026, 1, 1)


def local(month, day, hour=9) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=VN)


@pytest.fixture(autouse=True)
def cache_empty():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_user("thongke-tt", password="x")


def make(page, *, received_at, channel=SubmissionChannel.ONLINE, fee=0, received=True) -> Dossier:
    dossier = f.dossier_make(page=page, received_at=received_at, received=received)
    # Counter and post dossiers come in through other doors; only the channel matters here.
    Dossier.objects.filter(pk=dossier.pk).update(channel=channel, amount_due=fee)
    dossier.refresh_from_db()
    return dossier


def pay(dossier, amount, *, online=True):
    payment_record(
        dossier=dossier,
        amount=amount,
        paid_on=date(2025, 4, 20),
        method="vietqr" if online else "counter",
        online=online,
        source="statement" if online else "officer",
    )


def decide(dossier, officer, *, result_file: bool, returned_at: datetime | None):
    dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer)
    files = []
    if result_file:
        files = [AttachmentInput(slot="", label="Kết quả", name="ket-qua.pdf", file=f.upload(content=f.pdf_bytes()))]
    dossier_transition(dossier=dossier, to_status=S.RESULT_READY, actor=officer, attachments=files)
    if returned_at:
        dossier_transition(dossier=dossier, to_status=S.RETURNED, actor=officer, now=returned_at)


@pytest.fixture
def data_set(home, officer):
    civil = f.form_page_make(procedure=factories.procedure_make(sector=factories.sector_make("Hộ tịch")))
    notary = f.form_page_make(procedure=factories.procedure_make(sector=factories.sector_make("Chứng thực")))
    h0 = make(civil, received_at=local(2, 10))
    decide(h0, officer, result_file=True, returned_at=local(3, 2))
    h1 = make(civil, received_at=local(3, 3), fee=8000)
    pay(h1, 8000)
    decide(h1, officer, result_file=True, returned_at=local(3, 20))
    h2 = make(civil, received_at=local(3, 4), fee=8000)
    pay(h2, 8000, online=False)
    decide(h2, officer, result_file=False, returned_at=local(4, 2))
    make(civil, received_at=local(3, 5), channel=SubmissionChannel.COUNTER)
    make(notary, received_at=local(3, 6), channel=SubmissionChannel.POST, fee=10000)
    c2 = make(notary, received_at=local(4, 1), fee=10000)
    pay(c2, 10000)
    decide(c2, officer, result_file=True, returned_at=local(4, 25))
    make(notary, received_at=local(4, 2))
    h4 = make(civil, received_at=local(4, 3), channel=SubmissionChannel.COUNTER, fee=5000)
    pay(h4, 2000)
    h5 = make(civil, received_at=local(4, 4))
    decide(h5, officer, result_file=True, returned_at=None)
    x = make(civil, received_at=local(4, 5), fee=8000, received=False)
    pay(x, 8000)


def test_shares_per_month(data_set):
    stats = online_statistics(start=START, end=END)
    months = {row.month: row.counts for row in stats.months}
    assert len(stats.months) == 12
    # received, submitted online, with a fee, paid online, returned, returned with an electronic result
    assert months[date(2025, 2, 1)] == OnlineCounts(1, 1, 0, 0, 0, 0)
    assert months[date(2025, 3, 1)] == OnlineCounts(4, 2, 3, 1, 2, 2)
    assert months[date(2025, 4, 1)] == OnlineCounts(4, 3, 2, 2, 2, 1)
    assert months[date(2025, 5, 1)] == OnlineCounts()
    march, april = months[date(2025, 3, 1)], months[date(2025, 4, 1)]
    assert (march.submitted_online_percent, march.paid_online_percent, march.returned_online_percent) == (50, 33, 100)
    assert (april.submitted_online_percent, april.paid_online_percent, april.returned_online_percent) == (75, 100, 50)
    february = months[date(2025, 2, 1)]
    assert (february.submitted_online_percent, february.paid_online_percent) == (100, None)  # no fee: no share
    assert months[date(2025, 5, 1)].submitted_online_percent is None


def test_shares_per_sector_and_for_the_period(data_set):
    stats = online_statistics(start=START, end=END)
    assert [row.label for row in stats.sectors] == ["Chứng thực", "Hộ tịch"]
    notary, civil = (row.counts for row in stats.sectors)
    assert notary == OnlineCounts(3, 2, 2, 1, 1, 1)
    assert civil == OnlineCounts(6, 4, 3, 2, 3, 2)
    assert (notary.submitted_online_percent, notary.paid_online_percent, notary.returned_online_percent) == (
        66,
        50,
        100,
    )
    assert (civil.submitted_online_percent, civil.paid_online_percent, civil.returned_online_percent) == (66, 66, 66)
    total = stats.total
    assert total == OnlineCounts(9, 6, 5, 3, 4, 3)
    assert (total.submitted_online_percent, total.paid_online_percent, total.returned_online_percent) == (66, 60, 75)


def test_a_period_counts_only_its_months(data_set):
    stats = online_statistics(start=date(2025, 4, 1), end=date(2025, 5, 1))
    assert [row.month for row in stats.months] == [date(2025, 4, 1)]
    assert stats.total == OnlineCounts(4, 3, 2, 2, 2, 1)


def test_two_queries_whatever_the_volume_and_none_once_cached(data_set, django_assert_num_queries):
    with django_assert_num_queries(2):
        online_statistics(start=START, end=END)
    first = online_statistics_cached(start=START, end=END)
    with django_assert_num_queries(0):
        again = online_statistics_cached(start=START, end=END)
    assert again == first


def test_the_public_page_shows_the_three_shares_and_how_they_are_counted(client, data_set):
    response = client.get(reverse("forms:statistics"), {"nam": "2025"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quyết định 766/QĐ-TTg" in html
    for label, share in (("submitted", "66%"), ("paid", "60%"), ("returned", "75%")):
        block = html[html.index(f'data-online-total="{label}"') :]
        assert block[: block.index("</div>")].endswith(f"<dd>{share}</dd>"), label
    march = html[html.index('data-online-row="Tháng 03/2025"') :]
    march = march[: march.index("</tr>")]
    cells = [cell.strip() for cell in march.split('<td class="statistics__number">')[1:]]
    assert [cell[: cell.index("</td>")] for cell in cells] == ["2/4", "50%", "1/3", "33%", "2/2", "100%"]
    assert 'data-online-row="Chứng thực"' in html and 'data-online-row="Hộ tịch"' in html
    for term in ("Nộp trực tuyến</dt>", "Thanh toán trực tuyến</dt>", "Trả kết quả trực tuyến</dt>"):
        assert html.count(term) == 2, term  # the summary figure and its definition under "Cách tính"
    assert "Các tỷ lệ được làm tròn xuống đến phần trăm (7 trên 8 hồ sơ ghi 87%)" in html
    assert "public" in response["Cache-Control"]


def test_the_page_costs_two_more_queries_and_none_once_cached(client, data_set, django_assert_num_queries):
    address = reverse("forms:statistics")
    client.get(address)  # the last twelve months: another period; Wagtail's site lookup is cached after it
    # The years of the period choice (1), the handling figures (3), the ratings (2), the shares (2).
    with django_assert_num_queries(1 + 3 + 2 + 2):
        client.get(address, {"nam": "2025"})
    with django_assert_num_queries(1):  # only the years: every figure comes from the cache
        client.get(address, {"nam": "2025"})


def test_returned_online_stays_when_the_files_are_deleted_after_the_retention_period(data_set):
    # Decree 13/2023/NĐ-CP: the files go (forms.lifecycle.retention); the figures must not move.
    DossierAttachment.objects.all().delete()
    assert online_statistics(start=START, end=END).total == OnlineCounts(9, 6, 5, 3, 4, 3)
