"""The online-service shares of the public statistics page, per month and per sector.

Three of the measures by which the Prime Minister's Decision 766/QĐ-TTg (2022, the index set for
rating how administrations serve citizens and businesses) rates the digitisation of services:

- **submitted online** (tỷ lệ hồ sơ nộp trực tuyến): of the dossiers *received* in the month
  (``received_at`` in the month, local time, as every figure on the page), those whose channel is
  online (``SubmissionChannel.ONLINE``). Dossiers sent by post or handed in at the counter count in
  the whole only.
- **paid online** (tỷ lệ hồ sơ thanh toán trực tuyến): of the dossiers received in the month that
  have a fee to pay (``amount_due`` > 0), those with at least one ``Payment`` marked ``online``
  (a bank transfer through VietQR, a gateway), whenever it was recorded. A dossier paid in cash at
  the counter, or not paid yet, counts in the whole only; a dossier with nothing to pay is left out.
  Anchored on the month of receipt so the share compares like with like; a payment recorded later
  can still raise an earlier month's share.
- **returned online** (tỷ lệ hồ sơ trả kết quả trực tuyến): of the dossiers *returned* in the month
  (status ``returned``, ``returned_at`` in the month), those that got an electronic result file,
  which the citizen downloads from the account or the tracking page (``Dossier.electronic_result_at``,
  set when the officer attaches it; it stays when the files are deleted at the end of the retention
  period, so the share does not change then). Results handed over only on paper (counter or post)
  count in the whole only.

Shares are whole percents rounded down (``percent_floor``), None (shown "–") when the whole is 0.
Two grouped queries whatever the volume; Python adds up the grouped rows.
"""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Count, DateField, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cms.selectors import vietnamese_sort_key
from forms.models import Dossier, DossierStatus, Payment, SubmissionChannel
from forms.statistics.selectors import (
    STATISTICS_CACHE_SECONDS,
    UNKNOWN_SECTOR,
    communes_cache_key,
    communes_scope,
    local_midnight,
    month_add,
    month_start,
    percent_floor,
)


@dataclass(frozen=True)
class OnlineCounts:
    """The parts and wholes of the three shares for one month, one sector or the period."""

    received: int = 0
    submitted_online: int = 0
    fee_due: int = 0
    paid_online: int = 0
    returned: int = 0
    returned_online: int = 0

    def __add__(self, other: "OnlineCounts") -> "OnlineCounts":
        return OnlineCounts(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))

    def as_tuple(self) -> tuple[int, ...]:
        return (
            self.received,
            self.submitted_online,
            self.fee_due,
            self.paid_online,
            self.returned,
            self.returned_online,
        )

    @property
    def submitted_online_percent(self) -> int | None:
        return percent_floor(self.submitted_online, self.received)

    @property
    def paid_online_percent(self) -> int | None:
        return percent_floor(self.paid_online, self.fee_due)

    @property
    def returned_online_percent(self) -> int | None:
        return percent_floor(self.returned_online, self.returned)


@dataclass(frozen=True)
class OnlineRow:
    """One month (``month`` its first day) or one sector (``sector_id``, None for no sector)."""

    label: str
    counts: OnlineCounts
    month: date | None = None
    sector_id: int | None = None


@dataclass(frozen=True)
class OnlineStatistics:
    """The three shares over ``[start, end)``: every month of the period, the sectors with dossiers, the total."""

    months: list[OnlineRow]
    sectors: list[OnlineRow]
    total: OnlineCounts


SECTOR_KEY = ("procedure__sector_id", "procedure__sector__name")


def online_statistics(*, start: date, end: date, site_ids: Collection[int] | None = None) -> OnlineStatistics:
    """Shares submitted, paid and returned online (Decision 766/QĐ-TTg) in the whole months ``[start, end)``,
    of the communes ``site_ids`` (every commune when None; issue #17).

    Two grouped queries: the dossiers received, by (sector, month of receipt), with how many came
    online, had a fee and were paid online; the dossiers returned, by (sector, month of return),
    with how many had an electronic result. See the module docstring for the definitions.
    """
    start = month_start(start)
    end = end if end.day == 1 else month_add(end, 1)
    tz = timezone.get_current_timezone()
    start_at, end_at = local_midnight(start), local_midnight(end)
    fee_due = Q(amount_due__gt=0)
    paid_online = Exists(Payment.objects.filter(dossier=OuterRef("pk"), online=True))
    dossiers = communes_scope(Dossier.objects.all(), site_ids)

    received_rows = (
        dossiers.filter(received_at__gte=start_at, received_at__lt=end_at)
        .annotate(month=TruncMonth("received_at", tzinfo=tz, output_field=DateField()))
        .values(*SECTOR_KEY, "month")
        .annotate(
            received=Count("pk"),
            submitted_online=Count("pk", filter=Q(channel=SubmissionChannel.ONLINE)),
            fee_due=Count("pk", filter=fee_due),
            paid_online=Count("pk", filter=fee_due & Q(paid_online)),
        )
        .order_by()
    )
    returned_rows = (
        dossiers.filter(status=DossierStatus.RETURNED, returned_at__gte=start_at, returned_at__lt=end_at)
        .annotate(month=TruncMonth("returned_at", tzinfo=tz, output_field=DateField()))
        .values(*SECTOR_KEY, "month")
        .annotate(returned=Count("pk"), returned_online=Count("pk", filter=Q(electronic_result_at__isnull=False)))
        .order_by()
    )

    names: dict[int | None, str] = {}
    by_month: dict[date, OnlineCounts] = defaultdict(OnlineCounts)
    by_sector: dict[int | None, OnlineCounts] = defaultdict(OnlineCounts)
    for row in received_rows:
        counts = OnlineCounts(
            received=row["received"],
            submitted_online=row["submitted_online"],
            fee_due=row["fee_due"],
            paid_online=row["paid_online"],
        )
        sector = row["procedure__sector_id"]
        names[sector] = row["procedure__sector__name"] or UNKNOWN_SECTOR
        by_month[row["month"]] += counts
        by_sector[sector] += counts
    for row in returned_rows:
        counts = OnlineCounts(returned=row["returned"], returned_online=row["returned_online"])
        sector = row["procedure__sector_id"]
        names[sector] = row["procedure__sector__name"] or UNKNOWN_SECTOR
        by_month[row["month"]] += counts
        by_sector[sector] += counts

    months = []
    month = start
    while month < end:
        months.append(OnlineRow(label=f"Tháng {month:%m/%Y}", counts=by_month.get(month, OnlineCounts()), month=month))
        month = month_add(month, 1)
    sectors = [OnlineRow(label=names[sector], counts=counts, sector_id=sector) for sector, counts in by_sector.items()]
    sectors.sort(key=lambda row: (row.sector_id is None, vietnamese_sort_key(row.label)))
    total = sum((row.counts for row in months), OnlineCounts())
    return OnlineStatistics(months=months, sectors=sectors, total=total)


def online_statistics_cached(*, start: date, end: date, site_ids: Collection[int] | None = None) -> OnlineStatistics:
    """``online_statistics`` kept in the cache (per set of communes) as long as the page's other figures."""
    key = f"forms:online-statistics:{communes_cache_key(site_ids)}:{start:%Y-%m}:{end:%Y-%m}"
    return cache.get_or_set(
        key, lambda: online_statistics(start=start, end=end, site_ids=site_ids), STATISTICS_CACHE_SECONDS
    )
