"""Reads of ratings: the public statistics page's satisfaction figures."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Avg, Count, DateField
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cms.selectors import vietnamese_sort_key
from forms.models import DossierRating

UNKNOWN_SECTOR = "Chưa xác định lĩnh vực"
RATING_CACHE_SECONDS = 10 * 60


@dataclass(frozen=True)
class RatingFigures:
    """How many ratings and their average score (None when there is none)."""

    count: int = 0
    average: float | None = None


@dataclass(frozen=True)
class RatingRow:
    """The figures of one month (``month`` its first day) or one sector (``name``)."""

    label: str
    figures: RatingFigures
    month: date | None = None


@dataclass(frozen=True)
class RatingStatistics:
    """Ratings given in ``[start, end)``, per month (every month of the period) and per sector."""

    months: list[RatingRow]
    sectors: list[RatingRow]
    total: RatingFigures


def _figures(count: int, total_score: float | None) -> RatingFigures:
    return RatingFigures(count=count, average=round(total_score / count, 2) if count else None)


def rating_statistics(*, start: date, end: date, site_ids: Collection[int] | None = None) -> RatingStatistics:
    """Count and average score of the ratings given in the whole months ``[start, end)``, on dossiers
    of the communes ``site_ids`` (every commune when None; issue #17).

    A rating belongs to the month it was given (local time, as every figure on the page) and to the
    sector of its dossier's procedure. Two grouped queries; the average is computed from the sum so
    the month and sector rows add up to the total exactly.
    """
    from forms.statistics.selectors import communes_scope, local_midnight, month_add, month_start

    start = month_start(start)
    end = end if end.day == 1 else month_add(end, 1)
    tz = timezone.get_current_timezone()
    ratings = communes_scope(
        DossierRating.objects.filter(created_at__gte=local_midnight(start), created_at__lt=local_midnight(end)),
        site_ids,
        field="dossier__site",
    )
    by_month = {
        row["month"]: (row["n"], row["avg"] * row["n"])
        for row in ratings.annotate(month=TruncMonth("created_at", tzinfo=tz, output_field=DateField()))
        .values("month")
        .annotate(n=Count("pk"), avg=Avg("score"))
        .order_by()
    }
    sector_rows = (
        ratings.values("dossier__procedure__sector_id", "dossier__procedure__sector__name")
        .annotate(n=Count("pk"), avg=Avg("score"))
        .order_by()
    )
    months = []
    month = start
    while month < end:
        count, score_sum = by_month.get(month, (0, None))
        months.append(RatingRow(label=f"Tháng {month:%m/%Y}", figures=_figures(count, score_sum), month=month))
        month = month_add(month, 1)
    sectors = [
        RatingRow(
            label=row["dossier__procedure__sector__name"] or UNKNOWN_SECTOR,
            figures=_figures(row["n"], row["avg"] * row["n"]),
        )
        for row in sector_rows
    ]
    sectors.sort(key=lambda row: (row.label == UNKNOWN_SECTOR, vietnamese_sort_key(row.label)))
    count = sum(n for n, _ in by_month.values())
    total = _figures(count, sum(s for _, s in by_month.values()) if count else None)
    return RatingStatistics(months=months, sectors=sectors, total=total)


def rating_statistics_cached(*, start: date, end: date, site_ids: Collection[int] | None = None) -> RatingStatistics:
    """``rating_statistics`` kept a while in the cache (per set of communes), as the page's other figures."""
    from forms.statistics.selectors import communes_cache_key

    key = f"forms:rating-statistics:{communes_cache_key(site_ids)}:{start:%Y-%m}:{end:%Y-%m}"
    return cache.get_or_set(
        key, lambda: rating_statistics(start=start, end=end, site_ids=site_ids), RATING_CACHE_SECONDS
    )
