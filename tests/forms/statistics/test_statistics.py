"""Statistics selectors: received, resolved on time / late, in progress, per month and per sector."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from forms.files.services import AttachmentInput
from forms.lifecycle.services import dossier_transition
from forms.models import Dossier, DossierStatus
from forms.statistics.selectors import (
    UNKNOWN_SECTOR,
    DossierCounts,
    StatisticsPeriodForm,
    dossier_overview,
    dossier_statistics,
    dossier_statistics_cached,
    dossier_statistics_years,
    month_add,
    period_last_months,
    period_year,
)
from tests import factories
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
S = DossierStatus
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def local(year, month, day, hour=8, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


@pytest.fixture(autouse=True)
def cache_empty():
    # The public page caches its figures; each test starts from what its own database holds.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_user("thongke", password="x", first_name="Hà", last_name="Lê")


def form_for(sector_name: str | None = "Hộ tịch"):
    sector = factories.sector_make(sector_name) if sector_name else None
    return f.form_page_make(procedure=factories.procedure_make(sector=sector))


@pytest.fixture
def page(home):
    return form_for("Hộ tịch")


def resolve(dossier, officer, *, at: datetime | None = None, refuse: bool = False) -> None:
    """Decide ``dossier`` through the service; ``at`` puts the decision at that moment instead of now."""
    dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer)
    if refuse:
        dossier_transition(dossier=dossier, to_status=S.REFUSED, actor=officer, note="Không đủ điều kiện")
    else:
        dossier_transition(dossier=dossier, to_status=S.RESULT_READY, actor=officer)
    if at:
        Dossier.objects.filter(pk=dossier.pk).update(completed_at=at)


# Periods


def test_month_add_crosses_years_both_ways():
    assert month_add(date(2025, 11, 30), 2) == date(2026, 1, 1)
    assert month_add(date(2025, 1, 15), -1) == date(2024, 12, 1)
    assert month_add(date(2025, 1, 15), 0) == date(2025, 1, 1)
    assert month_add(date(2025, 3, 1), -14) == date(2024, 1, 1)


def test_period_last_months_covers_twelve_whole_months_up_to_this_one():
    assert period_last_months(today=date(2026, 3, 18)) == (date(2025, 4, 1), date(2026, 4, 1))


def test_period_year_stops_after_the_current_month():
    assert period_year(year=2025, today=date(2026, 3, 18)) == (date(2025, 1, 1), date(2026, 1, 1))
    assert period_year(year=2026, today=date(2026, 3, 18)) == (date(2026, 1, 1), date(2026, 4, 1))


# Empty state


def test_no_dossiers_gives_twelve_empty_months_and_no_sectors(home):
    start, end = period_last_months()
    stats = dossier_statistics(start=start, end=end)
    assert len(stats.months) == 12
    assert stats.months[0].month == start and stats.months[-1].month == month_add(end, -1)
    assert all(row.counts == DossierCounts() for row in stats.months)
    assert stats.sectors == []
    assert stats.is_empty
    assert stats.total.on_time_rate is None


def test_no_dossiers_gives_an_empty_overview(home):
    overview = dossier_overview()
    assert (overview.received_this_month, overview.in_progress, overview.overdue, overview.resolved) == (0, 0, 0, 0)
    assert overview.on_time_rate is None


# On time, late, refused, in progress


def test_on_time_late_refused_and_open_dossiers_are_told_apart(page, officer):
    today = timezone.localdate()
    long_ago = timezone.now() - timedelta(days=40)
    on_time = f.dossier_make(page=page)
    resolve(on_time, officer)
    late = f.dossier_make(page=page, received_at=long_ago)
    resolve(late, officer)
    refused_late = f.dossier_make(page=page, received_at=long_ago)
    resolve(refused_late, officer, refuse=True)
    refused_on_time = f.dossier_make(page=page)
    dossier_transition(dossier=refused_on_time, to_status=S.REFUSED, actor=officer, note="Sai thẩm quyền")
    open_fresh = f.dossier_make(page=page)
    open_overdue = f.dossier_make(page=page, received_at=long_ago)
    dossier_transition(dossier=open_overdue, to_status=S.PROCESSING, actor=officer)
    waiting = f.dossier_make(page=page, received_at=long_ago)
    dossier_transition(dossier=waiting, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Thiếu bản sao")
    assert late.due_date < today and open_overdue.due_date < today  # the premises of this test

    start, end = period_last_months()
    total = dossier_statistics(start=start, end=end).total
    assert total.received == 7
    # A refusal is a decision: counted as resolved, on time or late by the same rule.
    assert (total.on_time, total.late, total.resolved) == (2, 2, 4)
    assert total.in_progress == 3
    assert total.on_time_rate == 0.5

    overview = dossier_overview()
    assert overview.in_progress == 3
    # Overdue = open past its deadline; waiting for the citizen does not make a dossier that was
    # already late on time again (as Dossier.is_overdue).
    assert overview.overdue == 2
    waiting.refresh_from_db()
    assert [d.is_overdue for d in (open_fresh, open_overdue, waiting)] == [False, True, True]
    assert (overview.resolved, overview.resolved_on_time, overview.on_time_rate) == (4, 2, 0.5)


def test_returning_the_result_later_does_not_make_an_on_time_decision_late(page, officer):
    dossier = f.dossier_make(page=page)
    resolve(dossier, officer)
    dossier_transition(dossier=dossier, to_status=S.RETURNED, actor=officer)
    Dossier.objects.filter(pk=dossier.pk).update(returned_at=timezone.now() + timedelta(days=60))
    total = dossier_statistics(start=date(2000, 1, 1), end=month_add(timezone.localdate(), 1)).total
    assert (total.on_time, total.late, total.in_progress) == (1, 0, 0)


def test_time_waiting_for_a_supplement_does_not_make_a_dossier_late(page, officer):
    # On a fixed clock (the dates of tests/forms/lifecycle): received Monday 2 November 2026 with 3
    # working days, due Thursday 5; a supplement asked Tuesday 3 and brought Monday 9 waited 4
    # working days, so the due date moves to Wednesday 11 and a decision on Tuesday 10 is on time.
    dossier = f.dossier_make(page=page, received_at=local(2026, 11, 2, 9))
    assert dossier.due_date == date(2026, 11, 5)
    dossier_transition(
        dossier=dossier, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Thiếu bản sao", now=local(2026, 11, 3)
    )
    supplement = AttachmentInput(slot="", label="Bổ sung", name="bo-sung.pdf", file=f.upload())
    dossier_transition(
        dossier=dossier, to_status=S.PROCESSING, actor=None, attachments=[supplement], now=local(2026, 11, 9)
    )
    dossier_transition(dossier=dossier, to_status=S.RESULT_READY, actor=officer, now=local(2026, 11, 10))
    Dossier.objects.filter(pk=dossier.pk).update(completed_at=local(2026, 11, 10))
    dossier.refresh_from_db()
    assert dossier.due_date == date(2026, 11, 11)

    total = dossier_statistics(start=date(2026, 11, 1), end=date(2026, 12, 1)).total
    assert (total.on_time, total.late) == (1, 0)


def test_on_time_compares_the_local_date_of_the_decision_with_the_due_date(page, officer):
    # Received Monday 3 March 2025 with 3 working days: due Thursday 6 March.
    just_in_time = f.dossier_make(page=page, received_at=local(2025, 3, 3))
    just_late = f.dossier_make(page=page, received_at=local(2025, 3, 3))
    assert just_in_time.due_date == date(2025, 3, 6)
    # 23:30 on the due date in Vietnam is still 6 March; 00:30 the next day is 17:30 UTC on 6 March.
    resolve(just_in_time, officer, at=local(2025, 3, 6, 23, 30))
    resolve(just_late, officer, at=local(2025, 3, 7, 0, 30))
    assert Dossier.objects.get(pk=just_late.pk).completed_at.astimezone(ZoneInfo("UTC")).day == 6

    total = dossier_statistics(start=date(2025, 3, 1), end=date(2025, 4, 1)).total
    assert (total.on_time, total.late) == (1, 1)


# Months


def test_months_follow_the_local_calendar_not_utc(page):
    # 00:30 on 1 April in Vietnam is still 31 March in UTC; 23:30 on 31 March is 16:30 UTC.
    f.dossier_make(page=page, received_at=local(2025, 4, 1, 0, 30))
    f.dossier_make(page=page, received_at=local(2025, 3, 31, 23, 30))
    stats = dossier_statistics(start=date(2025, 3, 1), end=date(2025, 5, 1))
    assert [(row.month, row.counts.received) for row in stats.months] == [
        (date(2025, 3, 1), 1),
        (date(2025, 4, 1), 1),
    ]


def test_month_rows_count_receipts_decisions_and_open_dossiers_at_each_months_end(page, officer):
    carried = f.dossier_make(page=page, received_at=local(2024, 12, 20))  # open when 2025 starts
    resolve(carried, officer, at=local(2025, 2, 3))
    f.dossier_make(page=page, received_at=local(2024, 11, 4))  # still open
    decided_before = f.dossier_make(page=page, received_at=local(2024, 10, 1))
    resolve(decided_before, officer, at=local(2024, 10, 2))  # outside the period entirely
    january = f.dossier_make(page=page, received_at=local(2025, 1, 6))
    resolve(january, officer, at=local(2025, 1, 7))
    february = f.dossier_make(page=page, received_at=local(2025, 2, 10))
    resolve(february, officer, at=local(2025, 3, 28))  # due mid-February: late, decided in March
    f.dossier_make(page=page, received_at=local(2025, 3, 3))  # open

    stats = dossier_statistics(start=date(2025, 1, 1), end=date(2025, 4, 1))
    rows = [(row.month, row.counts) for row in stats.months]
    assert rows == [
        (date(2025, 1, 1), DossierCounts(received=1, on_time=1, late=0, in_progress=2)),
        (date(2025, 2, 1), DossierCounts(received=1, on_time=0, late=1, in_progress=2)),
        (date(2025, 3, 1), DossierCounts(received=1, on_time=0, late=1, in_progress=2)),
    ]
    assert stats.total == DossierCounts(received=3, on_time=1, late=2, in_progress=2)


def test_a_period_reaching_this_month_is_running():
    assert dossier_statistics(start=date(2025, 1, 1), end=date(2026, 1, 1)).is_running is False
    start, end = period_last_months()
    assert dossier_statistics(start=start, end=end).is_running is True


def test_a_mid_month_end_runs_to_the_end_of_that_month(page):
    f.dossier_make(page=page, received_at=local(2025, 5, 28))
    stats = dossier_statistics(start=date(2025, 5, 10), end=date(2025, 5, 15))
    assert (stats.start, stats.end) == (date(2025, 5, 1), date(2025, 6, 1))
    assert stats.total.received == 1


# Sectors


def test_sectors_are_the_procedures_sectors_with_unknown_last(home, officer):
    civil = form_for("Hộ tịch")
    notary = form_for("Chứng thực")
    no_sector = form_for(None)
    for _ in range(2):
        f.dossier_make(page=civil)
    resolve(f.dossier_make(page=notary), officer)
    f.dossier_make(page=no_sector)
    form_for("Đất đai")  # a sector without dossiers is left out

    start, end = period_last_months()
    sectors = dossier_statistics(start=start, end=end).sectors
    assert [(row.name, row.counts) for row in sectors] == [
        ("Chứng thực", DossierCounts(received=1, on_time=1, late=0, in_progress=0)),
        ("Hộ tịch", DossierCounts(received=2, on_time=0, late=0, in_progress=2)),
        (UNKNOWN_SECTOR, DossierCounts(received=1, on_time=0, late=0, in_progress=1)),
    ]


def test_a_dossier_whose_procedure_was_deleted_is_counted_without_a_sector(page):
    dossier = f.dossier_make(page=page)
    Dossier.objects.filter(pk=dossier.pk).update(procedure=None)
    start, end = period_last_months()
    assert [row.name for row in dossier_statistics(start=start, end=end).sectors] == [UNKNOWN_SECTOR]


def test_sector_open_count_includes_dossiers_received_before_the_period(page):
    f.dossier_make(page=page, received_at=local(2024, 6, 3))
    stats = dossier_statistics(start=date(2025, 1, 1), end=date(2026, 1, 1))
    assert [(row.name, row.counts) for row in stats.sectors] == [("Hộ tịch", DossierCounts(in_progress=1))]
    assert not stats.is_empty


def test_page_for_a_year_with_only_open_dossiers_carried_over_shows_tables_without_a_chart(client, page):
    f.dossier_make(page=page, received_at=local(2024, 6, 3))
    html = page_get(client, nam="2025").content.decode()
    assert '<th scope="row">Hộ tịch</th>' in html and "<svg" not in html


# Cost


def test_statistics_take_three_queries_and_the_overview_one_whatever_the_volume(
    home, officer, django_assert_num_queries
):
    pages = [form_for("Hộ tịch"), form_for("Chứng thực")]
    for i in range(12):
        dossier = f.dossier_make(page=pages[i % 2], received_at=timezone.now() - timedelta(days=25 * i))
        if i % 3 == 0:
            resolve(dossier, officer)
    start, end = period_last_months()
    with django_assert_num_queries(3):
        stats = dossier_statistics(start=start, end=end)
    assert stats.total.received == sum(row.counts.received for row in stats.months)
    assert sum(row.counts.received for row in stats.sectors) == stats.total.received
    with django_assert_num_queries(1):
        dossier_overview()


# Overview


def test_overview_counts_this_months_receipts_only(page):
    today = timezone.localdate()
    f.dossier_make(page=page)
    f.dossier_make(page=page, received_at=timezone.now() - timedelta(days=today.day + 1))  # last month
    overview = dossier_overview()
    assert overview.received_this_month == 1
    assert overview.in_progress == 2


def test_overview_on_time_rate_is_for_the_given_period(page, officer):
    resolve(f.dossier_make(page=page, received_at=local(2025, 3, 3)), officer, at=local(2025, 3, 4))
    resolve(f.dossier_make(page=page, received_at=local(2025, 3, 3)), officer, at=local(2025, 5, 5))
    march = dossier_overview(period_start=date(2025, 3, 1), period_end=date(2025, 4, 1))
    assert (march.resolved, march.resolved_on_time, march.on_time_rate) == (1, 1, 1.0)
    spring = dossier_overview(period_start=date(2025, 3, 1), period_end=date(2025, 6, 1))
    assert spring.on_time_rate == 0.5


def test_cached_statistics_are_kept_per_period_for_a_while(page, django_assert_num_queries):
    f.dossier_make(page=page)
    start, end = period_last_months()
    first = dossier_statistics_cached(start=start, end=end)
    f.dossier_make(page=page)
    with django_assert_num_queries(0):
        again = dossier_statistics_cached(start=start, end=end)
    assert again.total.received == first.total.received == 1
    other_period = dossier_statistics_cached(start=month_add(start, -12), end=end)
    assert other_period.total.received == 2
    cache.clear()
    assert dossier_statistics_cached(start=start, end=end).total.received == 2


# Years and the period form


def test_years_run_from_the_first_dossier_to_this_year(page):
    assert dossier_statistics_years(today=date(2026, 3, 1)) == [2026]
    f.dossier_make(page=page, received_at=local(2024, 6, 3))
    assert dossier_statistics_years(today=date(2026, 3, 1)) == [2026, 2025, 2024]


@pytest.mark.parametrize(
    ("data", "year"),
    [({}, None), ({"nam": ""}, None), ({"nam": "2025"}, 2025)],
)
def test_period_form_accepts_the_listed_years(data, year):
    form = StatisticsPeriodForm(data, years=[2026, 2025])
    assert form.is_valid()
    assert form.cleaned_data["nam"] == year


@pytest.mark.parametrize("value", ["1990", "abc", "2025.5", "<script>"])
def test_period_form_refuses_anything_else_with_a_vietnamese_message(value):
    form = StatisticsPeriodForm({"nam": value}, years=[2026, 2025])
    assert not form.is_valid()
    assert "không có trong danh sách" in form.errors["nam"][0]


# The public page


def page_get(client, **params):
    return client.get(reverse("forms:statistics"), params)


def test_page_shows_tables_and_an_inline_svg_chart(client, page, officer):
    dossier = f.dossier_make(page=page)
    resolve(dossier, officer)
    f.dossier_make(page=page, applicant=f.applicant_make(full_name="Trần Thị Bưởi", phone="0987654321"))
    response = page_get(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Thống kê kết quả giải quyết hồ sơ</h1>" in html
    assert (
        '<caption id="bang-theo-thang">Theo tháng</caption>' in html
        and '<caption id="bang-theo-linh-vuc">Theo lĩnh vực (12 tháng gần nhất)</caption>' in html
    )
    # Two tables of six columns; then the online-service tables (Decision 766/QĐ-TTg): two of seven.
    assert html.count('<th scope="col"') == 12 + 14
    assert html.count('<th scope="row"') == (12 + 1 + 1) * 2  # months, total, sector; in each pair of tables
    this_month = f"Tháng {timezone.localdate():%m/%Y}"
    row = html[html.index(f'<th scope="row">{this_month}</th>') :]
    cells = re.findall(r'<td class="statistics__number">([^<]*)<', row)[:5]
    assert cells == ["2", "1", "0", "100%", "1"]
    assert '<th scope="row">Hộ tịch</th>' in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "aria-label=" in svg and "<title>" in svg and "<desc" in svg
    assert f"{timezone.localdate():%m/%Y} – Tiếp nhận: 2" in svg
    assert f"{timezone.localdate():%m/%Y} – Giải quyết đúng hạn: 1" in svg
    # The phone's turned chart has the same bars; the legend is HTML, which wraps on a phone.
    turned = html[html.index('<svg class="chart__svg chart__svg--turned"') :]
    turned = turned[: turned.index("</svg>")]
    assert f"{timezone.localdate():%m/%Y} – Tiếp nhận: 2" in turned and 'aria-describedby="bieu-do-doc-mo-ta"' in turned
    assert re.findall(r'<li><span class="chart__swatch ([^"]+)"></span>([^<]+)</li>', html) == [
        ("chart__bar--received", "Tiếp nhận"),
        ("chart__bar--on-time", "Giải quyết đúng hạn"),
        ("chart__bar--late", "Giải quyết quá hạn"),
    ]


def test_page_has_no_personal_data(client, page, officer):
    applicant = f.applicant_make(
        full_name="Trần Thị Bưởi", phone="0987654321", id_number="079123456789", email="buoi@example.vn"
    )
    dossier = f.dossier_make(page=page, applicant=applicant)
    html = page_get(client).content.decode()
    for private in ("Trần Thị Bưởi", "0987654321", "079123456789", "buoi@example.vn", dossier.code):
        assert private not in html
    assert dossier.access_token not in html


def test_page_needs_no_inline_styles_or_scripts_for_its_chart(client, page):
    f.dossier_make(page=page)
    html = page_get(client).content.decode()
    assert "style=" not in html and "<style" not in html  # the CSP allows stylesheets from 'self' only
    svg = html[html.index("<svg") : html.rindex("</svg>")]  # both charts
    assert "<script" not in svg and "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    # Coordinates are plain numbers whatever the locale (Vietnamese writes 12,5 for 12.5).
    values = [value for _name, value in re.findall(r'\s(x|y|x1|x2|y1|y2|width|height)="([^"]*)"', svg)]
    assert len(values) > 20 and any("." in value for value in values)
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in values), values
    assert "statistics.css" in html


def test_page_is_cacheable_and_the_same_for_every_visitor(client, page):
    response = page_get(client)
    assert "public" in response["Cache-Control"] and "max-age=600" in response["Cache-Control"]
    # The header shows a signed-in citizen's own links: a shared cache keys on the session cookie.
    assert "Cookie" in response.get("Vary", "")
    assert not response.cookies


def test_page_without_dossiers_says_so_and_draws_no_chart(client, home):
    response = page_get(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa có hồ sơ nào trong thời gian này." in html
    assert "<svg" not in html
    assert '<caption id="bang-theo-thang">Theo tháng</caption>' in html


def test_page_shows_a_chosen_year(client, page):
    f.dossier_make(page=page, received_at=local(2025, 6, 2))
    response = page_get(client, nam="2025")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Năm 2025" in html and '<option value="2025" selected>' in html
    assert "<dt>Đang giải quyết cuối kỳ</dt>" in html
    assert '<th scope="row">Tháng 01/2025</th>' in html and '<th scope="row">Tháng 12/2025</th>' in html
    row = html[html.index('<th scope="row">Tháng 06/2025</th>') :]
    assert re.findall(r'<td class="statistics__number">([^<]*)<', row)[0] == "1"


@pytest.mark.parametrize("value", ["1990", "abc", "20250", "2025'--"])
def test_page_explains_a_bad_year_next_to_the_field(client, page, value):
    response = page_get(client, nam=value)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="field__error" id="id_nam_loi"' in html
    assert "không có trong danh sách" in html
    assert 'aria-describedby="id_nam_loi"' in html
    assert '<caption id="bang-theo-thang">Theo tháng</caption>' in html  # the last twelve months are still shown


def test_page_answers_head_and_refuses_post(client, home):
    assert client.head(reverse("forms:statistics")).status_code == 200  # caches and link checkers ask HEAD
    assert client.post(reverse("forms:statistics")).status_code == 405


def test_a_supplement_asked_in_time_pauses_and_one_asked_late_stays_overdue(page, officer):
    in_time = f.dossier_make(page=page)
    dossier_transition(dossier=in_time, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Thiếu bản sao")
    late = f.dossier_make(page=page, received_at=timezone.now() - timedelta(days=40))
    dossier_transition(dossier=late, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Thiếu bản sao")
    assert dossier_overview().overdue == 1


def test_an_apology_does_not_turn_a_late_decision_into_an_on_time_one(page, officer):
    from forms.lifecycle.services import dossier_apologise

    # Received Monday 3 March 2025, due Thursday 6 March; apology on 5 March sets 12 March.
    dossier = f.dossier_make(page=page, received_at=local(2025, 3, 3))
    dossier_apologise(dossier=dossier, actor=officer, new_due_date=date(2025, 3, 12), reason="Chờ xác minh")
    resolve(dossier, officer, at=local(2025, 3, 10))
    total = dossier_statistics(start=date(2025, 3, 1), end=date(2025, 4, 1)).total
    assert (total.on_time, total.late) == (0, 1)


def test_dossiers_never_received_appear_in_no_figure(page, officer):
    waiting = f.dossier_make(page=page, received=False)
    refused_at_reception = f.dossier_make(page=page, received=False)
    dossier_transition(dossier=refused_at_reception, to_status=S.NOT_RECEIVED, actor=officer, note="Sai thẩm quyền")
    assert waiting.received_at is None
    total = dossier_statistics(start=date(2000, 1, 1), end=month_add(timezone.localdate(), 1)).total
    assert (total.received, total.resolved, total.in_progress) == (0, 0, 0)
    overview = dossier_overview()
    assert (overview.received_this_month, overview.in_progress, overview.overdue, overview.resolved) == (0, 0, 0, 0)
