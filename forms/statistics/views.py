"""The public statistics page of dossier handling."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from cms.communes import commune_for_request
from forms.ratings.selectors import rating_statistics_cached
from forms.statistics.charts import statistics_month_chart, statistics_month_chart_turned
from forms.statistics.online import online_statistics_cached
from forms.statistics.selectors import (
    STATISTICS_CACHE_SECONDS,
    StatisticsPeriodForm,
    dossier_statistics_cached,
    dossier_statistics_years,
    period_last_months,
    period_year,
)


@require_safe
@cache_control(public=True, max_age=STATISTICS_CACHE_SECONDS)
def statistics(request):
    """/thong-ke-ho-so/: dossiers received, resolved on time / late and in progress, by month and sector,
    the citizens' satisfaction ratings (count and average), and the shares of dossiers submitted,
    paid and returned online (Decision 766/QĐ-TTg, ``forms.statistics.online``), by month and sector.

    Public and the same for everyone (aggregates only, no personal data), so shared caches may keep
    it; the figures themselves are cached for as long. Only the dossiers of the commune the page is
    asked on (its host) are counted. ``?nam=2025`` shows a calendar year, no value
    the last twelve months; a value that is not a listed year is explained next to the field
    (status 400) and the last twelve months are shown.
    """
    today = timezone.localdate()
    # The commune whose portal is asked (issue #17): its dossiers only, cached apart from the others'.
    commune = commune_for_request(request)
    site_ids = [commune.pk] if commune else []
    form = StatisticsPeriodForm(request.GET or None, years=dossier_statistics_years(today=today, site_ids=site_ids))
    year = form.cleaned_data["nam"] if form.is_bound and form.is_valid() else None
    start, end = period_year(year=year, today=today) if year else period_last_months(today=today)
    figures = dossier_statistics_cached(start=start, end=end, site_ids=site_ids)
    context = {
        "ratings": rating_statistics_cached(start=start, end=end, site_ids=site_ids),
        "online": online_statistics_cached(start=start, end=end, site_ids=site_ids),
        "form": form,
        "year": year,
        "statistics": figures,
        "chart": statistics_month_chart(figures),
        "chart_turned": statistics_month_chart_turned(figures),
    }
    return render(request, "forms/statistics.html", context, status=400 if form.errors else 200)
