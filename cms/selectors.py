"""Read-only queries of the cms app."""

import unicodedata
from dataclasses import dataclass, field

from django.db.models import Count, Q, Value

from cms.models import Agency, ArticlePage, Audience, OnlineMode, ProcedurePage, Sector


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


def public_only(pages):
    """``pages.public()``, without its restriction query while no page has a view restriction."""
    from cms.cache import view_restrictions_exist

    return pages.public() if view_restrictions_exist() else pages


def procedure_directory(*, index_page, online_only: bool = False, postal_only: bool = False) -> ProcedureDirectory:
    """Return the live procedures below ``index_page`` grouped by sector name, in two queries."""
    procedures = (
        public_only(ProcedurePage.objects.live())
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
    for procedure in sorted(procedures, key=lambda p: vietnamese_sort_key(p.title)):
        group = groups.setdefault(procedure.sector_id, SectorGroup(sector=procedure.sector))
        group.procedures.append(procedure)
        total += 1
    # Sectors in Vietnamese alphabetical order, the procedures without a sector last.
    ordered = sorted(
        groups.values(), key=lambda g: (g.sector is None, vietnamese_sort_key(g.sector.name if g.sector else ""))
    )
    return ProcedureDirectory(groups=ordered, total=total, online_only=online_only, postal_only=postal_only)


def vietnamese_sort_key(text: str) -> tuple[str, str]:
    """Sort key that orders Vietnamese as readers expect: by base letters first, then by accents.

    SQLite and PostgreSQL's "C" collation put every accented letter after "z" ("Đất đai" after "Hộ tịch").
    """
    folded = unicodedata.normalize("NFD", text.lower()).replace("đ", "d\uffff")
    base = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return base, folded


def sectors_with_counts():
    """Sectors that have at least one live procedure, with the number of them."""
    return (
        Sector.objects.annotate(procedure_count=Count("procedures", filter=Q(procedures__live=True), distinct=True))
        .filter(procedure_count__gt=0)
        .order_by("-procedure_count", "name")
    )


# The procedures a commune's residents ask for most (civil status, certification, residence),
# by national code, in the order the home page shows them.
POPULAR_PROCEDURE_CODES = (
    "1.001193",  # Đăng ký khai sinh
    "1.000894",  # Đăng ký kết hôn
    "1.004873",  # Cấp Giấy xác nhận tình trạng hôn nhân
    "2.000815",  # Chứng thực bản sao từ bản chính
    "1.000656",  # Đăng ký khai tử
    "2.000884",  # Chứng thực chữ ký
    "1.004222",  # Đăng ký thường trú
    "2.000635",  # Cấp bản sao trích lục hộ tịch
)


def _procedure_cards():
    return public_only(ProcedurePage.objects.live()).only(
        "id",
        "title",
        "url_path",
        "path",
        "depth",
        "code",
        "online_mode",
        "postal_submission",
        "postal_return",
        "processing_time",
        "processing_days",
    )


def popular_procedures(*, limit: int = 6) -> list[ProcedurePage]:
    """The most used procedures: the well-known ones first, filled up with those offered online."""
    rank = {code: i for i, code in enumerate(POPULAR_PROCEDURE_CODES)}
    found = sorted(_procedure_cards().filter(code__in=POPULAR_PROCEDURE_CODES), key=lambda p: rank[p.code])[:limit]
    if len(found) < limit:
        found += list(
            _procedure_cards()
            .exclude(code__in=POPULAR_PROCEDURE_CODES)
            .exclude(online_mode=OnlineMode.NONE)
            .order_by("-service_level", "title")[: limit - len(found)]
        )
    return found


def postal_procedure_count() -> int:
    """How many live procedures accept the dossier or return the result by public postal service."""
    return public_only(ProcedurePage.objects.live()).filter(Q(postal_submission=True) | Q(postal_return=True)).count()


def latest_articles(*, limit: int = 3) -> list[ArticlePage]:
    """The newest live articles with their image renditions prefetched (no query per card)."""
    return list(
        public_only(ArticlePage.objects.live())
        .select_related("image")
        .prefetch_related("image__renditions")
        .order_by("-date", "-pk")[:limit]
    )


@dataclass
class ProcedureParties:
    """Who implements a procedure and who may apply for it, as names."""

    agencies: list[str]
    audiences: list[str]


def procedure_parties(*, procedure: ProcedurePage) -> ProcedureParties:
    """The agency and audience names of ``procedure`` in one query (a UNION), for the page's query budget."""
    # The snippets' default ordering must go: SQLite refuses ORDER BY inside a compound statement.
    agencies = Agency.objects.filter(procedures=procedure.pk).order_by().annotate(kind=Value("agency"))
    audiences = Audience.objects.filter(procedures=procedure.pk).order_by().annotate(kind=Value("audience"))
    parties = ProcedureParties(agencies=[], audiences=[])
    rows = agencies.values_list("kind", "name").union(audiences.values_list("kind", "name"), all=True)
    for kind, name in rows.order_by("kind", "name"):
        (parties.agencies if kind == "agency" else parties.audiences).append(name)
    return parties


def retention_period_text(months: int) -> str:
    """A retention period as people say it: "5 năm", "18 tháng" (not "1,5 năm")."""
    if months % 12 == 0:
        return f"{months // 12} năm"
    return f"{months} tháng"


@dataclass(frozen=True)
class RetentionNotice:
    """What the privacy notice says is kept, why, and for how long (Decree 13/2023/NĐ-CP)."""

    purpose: str
    default_period: str
    # (procedure title, code, period) for procedures whose period differs from the commune's.
    exceptions: list[tuple[str, str, str]] = field(default_factory=list)


def retention_notice(*, site) -> RetentionNotice:
    """The commune's stated purpose and period, and the live procedures that keep their files for another period."""
    from cms.models import CommuneSettings

    commune = CommuneSettings.for_site(site)
    default = commune.retention_months
    rows = (
        ProcedurePage.objects.live()
        .filter(retention_months__isnull=False)
        .exclude(retention_months=default)
        .values_list("title", "code", "retention_months")
    )
    exceptions = sorted(
        ((title, code, retention_period_text(months)) for title, code, months in rows),
        key=lambda row: vietnamese_sort_key(row[0]),
    )
    return RetentionNotice(
        purpose=commune.personal_data_purpose,
        default_period=retention_period_text(default),
        exceptions=exceptions,
    )
