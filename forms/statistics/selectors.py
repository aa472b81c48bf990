"""Statistics of dossier handling, per month and per sector, for the public page and the admin home.

Definitions (the same in every table, chart and panel):

- **received** (tiếp nhận) in a month: ``received_at`` falls in that month, counted in the project's
  time zone (``TIME_ZONE``, Asia/Ho_Chi_Minh), not in UTC — a dossier received at 06:00 on the 1st
  belongs to that month although it is still the previous month in UTC.
- **resolved** (đã giải quyết): the dossier has a decision, i.e. ``completed_at`` is set. The service
  sets it when the dossier reaches "Đã có kết quả" (``result_ready``; ``returned`` comes only after
  it) and when it is refused (``refused``). **A refusal counts as resolved**, as the National Public
  Service Portal counts "đã giải quyết": the citizen got an answer, the case is finished; leaving
  refusals out would make them vanish from the figures (neither resolved nor in progress). A
  resolved dossier is counted in the month of its ``completed_at``, not of its receipt.
- **on time** (đúng hạn): the local date of ``completed_at`` is on or before the deadline (the first
  appointment: ``original_due_date`` when an apology, Mẫu 04, set a new date, else ``due_date``);
  **late** (trễ hạn) otherwise. ``due_date`` already includes the working days the clock stood still while
  the citizen supplemented the dossier (``forms.lifecycle.services.dossier_transition`` moves it), so a
  supplement never makes a dossier late. Handing the result over (``returned``) later does not
  change this: the deadline is for the decision. A refusal decided after the due date is late
  here, although ``Dossier.is_overdue`` stops flagging a refused dossier (nothing more is owed).
- **in progress** (đang giải quyết) at a moment: received before it and not resolved by then —
  statuses received, processing and waiting for a supplement. For a month this is the count at the
  month's end (for the current month: now), as in the national report form's "đang giải quyết".
- **overdue** (quá hạn, in the overview): in progress now and past the deadline, or waiting for a
  supplement asked after the deadline had passed — ``forms.lifecycle.selectors.dossiers_overdue``,
  the same rule as ``Dossier.is_overdue`` for open dossiers.
- **communes** (issue #17): every figure is of the communes named by ``site_ids`` (Wagtail Site
  ids; the public page passes the request's commune only); ``None`` counts every commune, as the
  province's view does.
- Only received dossiers count: one awaiting reception, sent back to be completed (Mẫu 02) or
  refused at reception (Mẫu 03) has no ``received_at`` and appears in no figure.

Everything is counted in the database with a few grouped queries; Python only adds up the
grouped rows (months × sectors), never iterates over dossiers.
"""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django import forms
from django.core.cache import cache
from django.db.models import Count, DateField, F, Min, Q, QuerySet
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from forms.lifecycle.selectors import overdue_condition, with_deadline
from forms.models import Dossier

UNKNOWN_SECTOR = "Chưa xác định lĩnh vực"
MONTHS_SHOWN = 12
STATISTICS_CACHE_SECONDS = 10 * 60


def percent_floor(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` in whole percent rounded down, so 99.6 % never shows as a perfect 100 %.

    Integer arithmetic on purpose: in floats 0.29 * 100 is 28.999…; None when ``whole`` is 0.
    """
    return part * 100 // whole if whole else None


@dataclass(frozen=True)
class DossierCounts:
    """Received, resolved on time, resolved late and in progress for one month, sector or period."""

    received: int = 0
    on_time: int = 0
    late: int = 0
    in_progress: int = 0

    @property
    def resolved(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_rate(self) -> float | None:
        """Share of resolved dossiers resolved on time (0–1); None when nothing was resolved."""
        return self.on_time / self.resolved if self.resolved else None

    @property
    def on_time_percent(self) -> int | None:
        return percent_floor(self.on_time, self.resolved)


@dataclass(frozen=True)
class MonthStatistics:
    """One month (``month`` is its first day); ``in_progress`` as at the month's end."""

    month: date
    counts: DossierCounts


@dataclass(frozen=True)
class SectorStatistics:
    """One sector over a period; ``sector_id`` None gathers dossiers without a sector."""

    sector_id: int | None
    name: str
    counts: DossierCounts


@dataclass(frozen=True)
class DossierStatistics:
    """The figures of a period ``[start, end)`` of whole months, per month and per sector."""

    start: date
    end: date
    months: list[MonthStatistics]
    sectors: list[SectorStatistics]
    total: DossierCounts = field(default_factory=DossierCounts)

    @property
    def last_month(self) -> date:
        return month_add(self.end, -1)

    @property
    def is_running(self) -> bool:
        """Whether the period reaches the current month (its in-progress figure is then "now")."""
        return self.end > timezone.localdate()

    @property
    def is_empty(self) -> bool:
        return not (self.total.received or self.total.resolved or self.total.in_progress)


@dataclass(frozen=True)
class DossierOverview:
    """The admin-home figures: this month's intake, open work now, and the on-time rate of a period."""

    received_this_month: int
    in_progress: int
    overdue: int
    resolved: int
    resolved_on_time: int
    period_start: date
    period_end: date

    @property
    def on_time_rate(self) -> float | None:
        return self.resolved_on_time / self.resolved if self.resolved else None

    @property
    def on_time_percent(self) -> int | None:
        return percent_floor(self.resolved_on_time, self.resolved)


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_add(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before, when negative) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def local_midnight(day: date) -> datetime:
    """The aware datetime at which ``day`` starts in the current (project) time zone."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def period_last_months(*, today: date | None = None, months: int = MONTHS_SHOWN) -> tuple[date, date]:
    """``[start, end)`` covering the ``months`` whole months up to and including today's month."""
    today = today or timezone.localdate()
    end = month_add(today, 1)
    return month_add(end, -months), end


def period_year(*, year: int, today: date | None = None) -> tuple[date, date]:
    """``[start, end)`` of calendar ``year``, stopping after today's month for the current year."""
    today = today or timezone.localdate()
    start = date(year, 1, 1)
    end = date(year + 1, 1, 1)
    return start, min(end, month_add(today, 1))


def communes_scope(queryset: QuerySet, site_ids: Collection[int] | None, *, field: str = "site") -> QuerySet:
    """``queryset`` of the communes ``site_ids`` (``field`` names the dossier's Site); None: every commune."""
    if site_ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": list(site_ids)})


def communes_cache_key(site_ids: Collection[int] | None) -> str:
    """The part of a cache key that names the communes counted: "all" or "s3-7" (sorted ids)."""
    if site_ids is None:
        return "all"
    return "s" + "-".join(str(site_id) for site_id in sorted(set(site_ids)))


def _with_completed_day(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    # The deadline is a local calendar date, so compare it with the local date of completion.
    return with_deadline(queryset).annotate(
        completed_day=TruncDate("completed_at", tzinfo=timezone.get_current_timezone())
    )


def _on_time() -> Q:
    return Q(completed_day__lte=F("deadline_day"))


def _sector_name(name: str | None) -> str:
    return name or UNKNOWN_SECTOR


def dossier_statistics(*, start: date, end: date, site_ids: Collection[int] | None = None) -> DossierStatistics:
    """Counts per month and per sector for the whole months in ``[start, end)`` (local dates), of the
    communes ``site_ids`` (every commune when None).

    Three grouped queries: receipts by (sector, month), decisions by (sector, month) split into on
    time and late, and the dossiers still open when the period starts by sector. The in-progress
    figure of each month is the open count at the start plus receipts minus decisions up to that
    month's end (a dossier is decided after it is received, which the service guarantees).
    """
    # Whole months only: a period ending mid-month runs to the end of that month.
    start, end = month_start(start), end if end.day == 1 else month_add(end, 1)
    tz = timezone.get_current_timezone()
    start_at, end_at = local_midnight(start), local_midnight(end)
    sector_key = ("procedure__sector_id", "procedure__sector__name")
    dossiers = communes_scope(Dossier.objects.all(), site_ids)

    received_rows = (
        dossiers.filter(received_at__gte=start_at, received_at__lt=end_at)
        .annotate(month=TruncMonth("received_at", tzinfo=tz, output_field=DateField()))
        .values(*sector_key, "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    resolved_rows = (
        _with_completed_day(
            dossiers.filter(received_at__isnull=False, completed_at__gte=start_at, completed_at__lt=end_at)
        )
        .annotate(month=TruncMonth("completed_at", tzinfo=tz, output_field=DateField()))
        .values(*sector_key, "month")
        # Late = all minus on time: on SQLite every date conversion is a Python call per row.
        .annotate(resolved=Count("pk"), on_time=Count("pk", filter=_on_time()))
        .order_by()
    )
    open_at_start_rows = (
        dossiers.filter(received_at__lt=start_at)
        .filter(Q(completed_at__isnull=True) | Q(completed_at__gte=start_at))
        .values(*sector_key)
        .annotate(n=Count("pk"))
        .order_by()
    )

    months = []
    month = start
    while month < end:
        months.append(month)
        month = month_add(month, 1)
    names: dict[int | None, str] = {}
    received: dict[tuple[int | None, date], int] = defaultdict(int)
    on_time: dict[tuple[int | None, date], int] = defaultdict(int)
    late: dict[tuple[int | None, date], int] = defaultdict(int)
    open_at_start: dict[int | None, int] = defaultdict(int)
    for row in received_rows:
        sector = row["procedure__sector_id"]
        names[sector] = _sector_name(row["procedure__sector__name"])
        received[sector, row["month"]] += row["n"]
    for row in resolved_rows:
        sector = row["procedure__sector_id"]
        names[sector] = _sector_name(row["procedure__sector__name"])
        on_time[sector, row["month"]] += row["on_time"]
        late[sector, row["month"]] += row["resolved"] - row["on_time"]
    for row in open_at_start_rows:
        sector = row["procedure__sector_id"]
        names[sector] = _sector_name(row["procedure__sector__name"])
        open_at_start[sector] += row["n"]

    def counts_for(sectors, month_list) -> DossierCounts:
        keys = [(sector, m) for sector in sectors for m in month_list]
        return DossierCounts(
            received=sum(received[key] for key in keys),
            on_time=sum(on_time[key] for key in keys),
            late=sum(late[key] for key in keys),
        )

    def open_at_end(sectors, month_list) -> int:
        counts = counts_for(sectors, month_list)
        return sum(open_at_start[sector] for sector in sectors) + counts.received - counts.resolved

    def with_open(counts: DossierCounts, open_count: int) -> DossierCounts:
        return DossierCounts(counts.received, counts.on_time, counts.late, open_count)

    all_sectors = list(names)
    month_rows = [
        MonthStatistics(
            month=m,
            counts=with_open(counts_for(all_sectors, [m]), open_at_end(all_sectors, months[: i + 1])),
        )
        for i, m in enumerate(months)
    ]
    sector_rows = [
        SectorStatistics(
            sector_id=sector,
            name=names[sector],
            counts=with_open(counts_for([sector], months), open_at_end([sector], months)),
        )
        for sector in all_sectors
    ]
    # Named sectors alphabetically (Vietnamese letters sort well enough by code point within a
    # commune's short list); dossiers without a sector last.
    sector_rows.sort(key=lambda row: (row.sector_id is None, row.name.casefold()))
    sector_rows = [row for row in sector_rows if row.counts != DossierCounts()]
    total = with_open(counts_for(all_sectors, months), open_at_end(all_sectors, months))
    return DossierStatistics(start=start, end=end, months=month_rows, sectors=sector_rows, total=total)


def dossier_statistics_cached(*, start: date, end: date, site_ids: Collection[int] | None = None) -> DossierStatistics:
    """``dossier_statistics`` kept for ``STATISTICS_CACHE_SECONDS`` in the cache.

    For the public page, which anyone may ask for as often as they like: its figures move slowly,
    and on SQLite the local-time conversions cost a Python call per dossier (about a second for
    twenty thousand dossiers).
    """
    key = f"forms:dossier-statistics:{communes_cache_key(site_ids)}:{start:%Y-%m}:{end:%Y-%m}"
    return cache.get_or_set(
        key, lambda: dossier_statistics(start=start, end=end, site_ids=site_ids), STATISTICS_CACHE_SECONDS
    )


def _overview_counts(*, today: date, period_start: date, period_end: date) -> dict[str, Count]:
    """The overview's five counts as aggregate expressions (one definition for both overviews)."""
    this_month_at = local_midnight(month_start(today))
    next_month_at = local_midnight(month_add(today, 1))
    received = Q(received_at__isnull=False)
    in_period = received & Q(
        completed_at__gte=local_midnight(period_start), completed_at__lt=local_midnight(period_end)
    )
    open_now = received & Q(completed_at__isnull=True)
    return {
        "received_this_month": Count("pk", filter=Q(received_at__gte=this_month_at, received_at__lt=next_month_at)),
        "in_progress": Count("pk", filter=open_now),
        "overdue": Count("pk", filter=open_now & overdue_condition(today=today)),
        "resolved": Count("pk", filter=in_period),
        "resolved_on_time": Count("pk", filter=in_period & _on_time()),
    }


def _overview_period(today: date | None, period_start: date | None, period_end: date | None):
    today = today or timezone.localdate()
    default_start, default_end = period_last_months(today=today)
    return today, period_start or default_start, period_end or default_end


def dossier_overview(
    *,
    today: date | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
    dossiers: QuerySet[Dossier] | None = None,
    site_ids: Collection[int] | None = None,
) -> DossierOverview:
    """This month's receipts, dossiers in progress and overdue now, and the on-time rate of a period.

    The period defaults to the last twelve whole months including the current one (as the public
    statistics page); ``period_end`` is exclusive. ``dossiers`` limits the figures (a staff member's
    communes, issue #17); every dossier when None; ``site_ids`` limits them to those communes (the
    public page's: the request's commune). One aggregate query.
    """
    today, period_start, period_end = _overview_period(today, period_start, period_end)
    dossiers = communes_scope(Dossier.objects.all() if dossiers is None else dossiers, site_ids)
    figures = _with_completed_day(dossiers).aggregate(
        **_overview_counts(today=today, period_start=period_start, period_end=period_end)
    )
    return DossierOverview(**figures, period_start=period_start, period_end=period_end)


def dossier_overview_by_site(
    *,
    dossiers: QuerySet[Dossier],
    today: date | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
) -> dict[int | None, DossierOverview]:
    """The overview of each commune (site id → figures; None: dossiers without a site) among
    ``dossiers``, for the province's read-only view (issue #17). One grouped query."""
    today, period_start, period_end = _overview_period(today, period_start, period_end)
    rows = (
        _with_completed_day(dossiers)
        .order_by()
        .values("site_id")
        .annotate(**_overview_counts(today=today, period_start=period_start, period_end=period_end))
    )
    return {
        row.pop("site_id"): DossierOverview(**row, period_start=period_start, period_end=period_end) for row in rows
    }


def dossier_statistics_years(*, today: date | None = None, site_ids: Collection[int] | None = None) -> list[int]:
    """The years that can hold figures, newest first: from the first dossier's year (of the communes
    ``site_ids``, every commune when None) to this year."""
    today = today or timezone.localdate()
    first = communes_scope(Dossier.objects.all(), site_ids).aggregate(first=Min("received_at"))["first"]
    first_year = min(timezone.localdate(first).year, today.year) if first else today.year
    return list(range(today.year, first_year - 1, -1))


class StatisticsPeriodForm(forms.Form):
    """The public page's period choice (GET ``nam``): the last twelve months or one calendar year."""

    nam = forms.TypedChoiceField(
        label="Thời gian",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Năm “%(value)s” không có trong danh sách. Hãy chọn một năm có số liệu."},
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nam"].choices = [("", f"{MONTHS_SHOWN} tháng gần nhất")] + [
            (str(year), f"Năm {year}") for year in years
        ]
