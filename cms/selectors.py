"""Read-only queries of the cms app."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from cms.models import OnlineMode, ProcedurePage, Sector


@dataclass
class SectorGroup:
    """The procedures of one sector in the directory."""

    sector: Sector | None
    procedures: list[ProcedurePage] = field(default_factory=list)


@dataclass
class ProcedureDirectory:
    """Procedures under one directory page, grouped by sector, with the filters applied."""

    groups: list[SectorGroup]
    total: int
    online_only: bool
    postal_only: bool


def procedure_directory(*, index_page, online_only: bool = False, postal_only: bool = False) -> ProcedureDirectory:
    """Return the live procedures below ``index_page`` grouped by sector name, in two queries."""
    procedures = (
        ProcedurePage.objects.live()
        .public()
        .descendant_of(index_page)
        .select_related("sector")
        .only(
            "id",
            "title",
            "url_path",
            "path",
            "depth",
            "slug",
            "code",
            "sector",
            "online_mode",
            "postal_submission",
            "postal_return",
            "service_level",
            "processing_time",
            "processing_days",
        )
        .order_by("sector__name", "title")
    )
    if online_only:
        procedures = procedures.exclude(online_mode=OnlineMode.NONE)
    if postal_only:
        procedures = procedures.filter(Q(postal_submission=True) | Q(postal_return=True))
    groups: dict[int | None, SectorGroup] = {}
    total = 0
    for procedure in procedures:
        group = groups.setdefault(procedure.sector_id, SectorGroup(sector=procedure.sector))
        group.procedures.append(procedure)
        total += 1
    return ProcedureDirectory(
        groups=list(groups.values()), total=total, online_only=online_only, postal_only=postal_only
    )


def sectors_with_counts():
    """Sectors that have at least one live procedure, with the number of them."""
    return (
        Sector.objects.annotate(procedure_count=Count("procedures", filter=Q(procedures__live=True), distinct=True))
        .filter(procedure_count__gt=0)
        .order_by("-procedure_count", "name")
    )
