"""Read-only queries of the cms app."""

import unicodedata
from dataclasses import dataclass, field

from django.db.models import Count, Q, Value

from cms.models import Agency, ArticlePage, Audience, LocalProcedure, OnlineMode, ProcedurePage, Sector


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


@dataclass(frozen=True)
class CommuneCatalogue:
    """What one commune (a Wagtail ``Site``) publishes of the procedure catalogue (issue #17).

    ``catalogue_path`` is the tree path of the directory holding the procedures (the shared one,
    or the commune's own); ``shared`` says the commune's directory points at another commune's, so
    its procedure pages live outside its own tree and their URLs are made within its host from
    ``directory_path`` (its directory's path below its home, "/thu-tuc-hanh-chinh/"). ``local``
    holds the commune's ``LocalProcedure`` rows by procedure id (fee items prefetched) and
    ``excluded`` the procedures it does not carry out: a small set, filtered out everywhere.
    """

    site_id: int
    catalogue_id: int
    catalogue_path: str
    shared: bool
    directory_path: str
    local: dict = field(default_factory=dict)
    excluded: frozenset = frozenset()

    def carries_out(self, procedure_id: int) -> bool:
        return procedure_id not in self.excluded


def _commune_catalogue_load(site) -> CommuneCatalogue | str:
    from django.db.models import F, OuterRef, Subquery

    from wagtail.models import Page

    from cms.models import ProcedureIndexPage

    # The directory below the site's home, its catalogue and the home's URL path: one query.
    root = Page.objects.filter(pk=site.root_page_id)
    directory = (
        ProcedureIndexPage.objects.annotate(
            root_path=Subquery(root.values("path")[:1]),
            root_depth=Subquery(root.values("depth")[:1]),
            root_url_path=Subquery(root.values("url_path")[:1]),
            catalogue_path=Subquery(Page.objects.filter(pk=OuterRef("catalogue_id")).values("path")[:1]),
        )
        .filter(path__startswith=F("root_path"), depth=F("root_depth") + 1)
        .order_by("path")
        .only("pk", "path", "url_path", "catalogue_id")
        .first()
    )
    if directory is None:
        return ""  # kept in the memo (None would not be): this site publishes no procedure
    local = {
        row.procedure_id: row
        for row in LocalProcedure.objects.filter(site_id=site.pk).prefetch_related("fee_items").order_by("pk")
    }
    return CommuneCatalogue(
        site_id=site.pk,
        catalogue_id=directory.catalogue_id or directory.pk,
        catalogue_path=directory.catalogue_path or directory.path,
        shared=bool(directory.catalogue_id),
        directory_path=directory.url_path[len(directory.root_url_path) - 1 :],
        local=local,
        excluded=frozenset(pk for pk, row in local.items() if not row.carried_out),
    )


def commune_catalogue(site) -> CommuneCatalogue | None:
    """The catalogue as commune ``site`` publishes it (``None`` for a site without a directory, or no site).

    Kept in worker memory until content changes (``cms.cache.generation_memo``; saving a
    ``LocalProcedure`` or a page drops it): every page of the commune reads it.
    """
    from cms.cache import generation_memo

    if site is None:
        return None
    # Set by request_commune_catalogue on the request's Site instance, which lives no longer than
    # the content generation (cms.cache.SiteLookupMiddleware) or the request.
    found = site.__dict__.get("_commune_catalogue", False)
    if found is False:
        found = generation_memo(("commune-catalogue", site.pk), lambda: _commune_catalogue_load(site))
    return found or None


def request_commune_catalogue(request) -> CommuneCatalogue | None:
    """``commune_catalogue`` of the request's commune, looked up once per request (a page asks for
    it when routing, for its context, for every procedure link it renders and in its selectors)."""
    from cms.communes import commune_for_request

    site = commune_for_request(request)
    if site is None:
        return None
    found = site.__dict__.get("_commune_catalogue", False)
    if found is False:
        found = site._commune_catalogue = commune_catalogue(site) or ""
    return found or None


def commune_procedures(pages, *, site):
    """``pages`` (a ProcedurePage queryset) limited to what commune ``site`` publishes: the procedures
    of its catalogue it carries out. ``site=None`` leaves ``pages`` as they are (one commune, or a
    caller that has no request)."""
    if site is None:
        return pages
    catalogue = commune_catalogue(site)
    if catalogue is None:
        return pages.none()
    pages = pages.filter(path__startswith=catalogue.catalogue_path)
    if catalogue.excluded:
        pages = pages.exclude(pk__in=catalogue.excluded)
    return pages


def procedure_carried_out(procedure, *, site) -> bool:
    """Whether commune ``site`` carries out ``procedure`` (no ``LocalProcedure`` row: yes)."""
    catalogue = commune_catalogue(site)
    return catalogue is None or catalogue.carries_out(procedure.pk)


def local_procedure(procedure, *, site) -> LocalProcedure | None:
    """What commune ``site`` says about ``procedure`` (address, contact, note, fees), or None."""
    catalogue = commune_catalogue(site)
    return catalogue.local.get(procedure.pk) if catalogue is not None else None


def procedure_fee_items(procedure, site=None) -> list:
    """The fee items that apply to ``procedure`` in commune ``site``: the commune's own when it has
    any (``LocalProcedureFee``, fees set by the province under Law 97/2015/QH13), else the catalogue's
    (``ProcedureFee``). Both have the same fields (``cms.models.FeeItemBase``)."""
    local = local_procedure(procedure, site=site) if site is not None else None
    if local is not None:
        items = list(local.fee_items.all())
        if items:
            return items
    return procedure.fee_list


def public_only(pages):
    """``pages.public()``, without its restriction query while no page has a view restriction."""
    from cms.cache import view_restrictions_exist

    return pages.public() if view_restrictions_exist() else pages


def procedure_directory(
    *, index_page, online_only: bool = False, postal_only: bool = False, site=None
) -> ProcedureDirectory:
    """Return the live procedures of ``index_page`` grouped by sector name, in two queries.

    A directory sharing the catalogue (issue #17) lists the shared directory's procedures; with
    ``site`` those its commune does not carry out are left out (``commune_procedures``).
    """
    procedures = commune_procedures(
        public_only(ProcedurePage.objects.live()).descendant_of(index_page.catalogue_directory), site=site
    )
    procedures = (
        procedures.select_related("sector")
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


def sectors_with_counts(*, site=None):
    """Sectors that have at least one live procedure, with the number of them; with ``site``, of the
    procedures that commune publishes (``commune_procedures``)."""
    published = Q(procedures__live=True)
    catalogue = commune_catalogue(site)
    if site is not None and catalogue is None:
        return Sector.objects.none()
    if catalogue is not None:
        published &= Q(procedures__path__startswith=catalogue.catalogue_path)
        if catalogue.excluded:
            published &= ~Q(procedures__pk__in=catalogue.excluded)
    return (
        Sector.objects.annotate(procedure_count=Count("procedures", filter=published, distinct=True))
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


def _procedure_cards(site=None):
    return commune_procedures(public_only(ProcedurePage.objects.live()), site=site).only(
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


def popular_procedures(*, limit: int = 6, site=None) -> list[ProcedurePage]:
    """The most used procedures: the well-known ones first, filled up with those offered online;
    with ``site``, among those that commune publishes."""
    rank = {code: i for i, code in enumerate(POPULAR_PROCEDURE_CODES)}
    found = sorted(_procedure_cards(site).filter(code__in=POPULAR_PROCEDURE_CODES), key=lambda p: rank[p.code])[:limit]
    if len(found) < limit:
        found += list(
            _procedure_cards(site)
            .exclude(code__in=POPULAR_PROCEDURE_CODES)
            .exclude(online_mode=OnlineMode.NONE)
            .order_by("-service_level", "title")[: limit - len(found)]
        )
    return found


def postal_procedure_count(*, site=None) -> int:
    """How many live procedures accept the dossier or return the result by public postal service
    (with ``site``: of those that commune publishes)."""
    procedures = commune_procedures(public_only(ProcedurePage.objects.live()), site=site)
    return procedures.filter(Q(postal_submission=True) | Q(postal_return=True)).count()


def latest_articles(*, limit: int = 3, site=None) -> list[ArticlePage]:
    """The newest live articles with their image renditions prefetched (no query per card); with
    ``site`` only that commune's (below its home page, issue #17)."""
    articles = public_only(ArticlePage.objects.live())
    if site is not None:
        articles = articles.filter(path__startswith=site.root_page.path)
    return list(articles.select_related("image").prefetch_related("image__renditions").order_by("-date", "-pk")[:limit])


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
