"""Plain data passed between the search service, its backends and the views."""

from __future__ import annotations

from dataclasses import dataclass, field

from search.models import FacetName

# Values of the "online" and "postal" facets; what ?online=1 and ?postal=1 stand for.
ONLINE_ANY = ("full", "partial")
POSTAL_ANY = ("submission", "return")
FACET_ORDER = (FacetName.SECTOR, FacetName.AGENCY, FacetName.ONLINE, FacetName.POSTAL, FacetName.AUDIENCE)
ONLINE_LABELS = {"full": "Toàn trình", "partial": "Một phần", "none": "Không trực tuyến"}
POSTAL_LABELS = {"submission": "Nộp hồ sơ qua bưu chính", "return": "Nhận kết quả qua bưu chính"}


@dataclass(frozen=True)
class IndexDocument:
    """What every backend indexes for one live procedure (built from a page or a parsed record)."""

    page_id: int
    code: str
    title: str
    url: str
    sector: str = ""
    sector_slug: str = ""
    agencies: tuple[tuple[str, str], ...] = ()  # (slug, name)
    audiences: tuple[tuple[str, str], ...] = ()  # (slug, name)
    online_mode: str = "none"
    postal_submission: bool = False
    postal_return: bool = False
    excerpt_source: str = ""
    body: str = ""
    # Everyday phrases a resident would type for it (``search.aliases``, ``data/aliases.tsv``):
    # matched like the title, weighted below it and above the body.
    aliases: tuple[str, ...] = ()

    def facet_values(self) -> list[tuple[str, str, str]]:
        """Return the (facet, value, label) triples of this procedure."""
        values = []
        if self.sector_slug:
            values.append((FacetName.SECTOR.value, self.sector_slug, self.sector))
        values += [(FacetName.AGENCY.value, slug, name) for slug, name in self.agencies]
        values += [(FacetName.AUDIENCE.value, slug, name) for slug, name in self.audiences]
        values.append((FacetName.ONLINE.value, self.online_mode, ONLINE_LABELS.get(self.online_mode, self.online_mode)))
        if self.postal_submission:
            values.append((FacetName.POSTAL.value, "submission", POSTAL_LABELS["submission"]))
        if self.postal_return:
            values.append((FacetName.POSTAL.value, "return", POSTAL_LABELS["return"]))
        return values


@dataclass(frozen=True)
class ArticleIndexDocument:
    """What Elasticsearch indexes for one live outreach article or news item."""

    page_id: int
    title: str
    url: str
    lead: str = ""
    body: str = ""
    date: str = ""  # ISO date of publication
    tags: tuple[str, ...] = ()
    owner: str = ""
    site_id: int | None = None  # the commune (Wagtail Site) that published it, issue #17


@dataclass(frozen=True)
class SearchFilters:
    """Facet filters: values within one facet are alternatives, facets combine with AND."""

    sector: tuple[str, ...] = ()
    agency: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    online: tuple[str, ...] = ()
    postal: tuple[str, ...] = ()

    def items(self) -> list[tuple[str, tuple[str, ...]]]:
        """Return the (facet, values) pairs that actually filter."""
        return [(name.value, getattr(self, name.value)) for name in FACET_ORDER if getattr(self, name.value)]

    def __bool__(self) -> bool:
        return bool(self.items())


@dataclass
class SearchHit:
    """One result: display fields, the highlighted title and snippet (safe HTML with <mark>)."""

    page_id: int
    code: str
    title: str
    url: str
    sector: str
    snippet: str
    title_html: str
    online_mode: str
    postal_submission: bool
    postal_return: bool
    score: float = 0.0


@dataclass
class FacetValue:
    """A value of a facet with the number of results that have it."""

    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResults:
    """A page of results with the total, the facets and how long it took."""

    query: str
    total: int
    page: int
    page_size: int
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    took_ms: float = 0.0
    approximate: bool = False
    suggestions: list[str] = field(default_factory=list)
    backend: str = ""
    # Nothing names what was asked: the hits are only the closest procedures (say so, do not pad).
    no_good_match: bool = False

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))


@dataclass(frozen=True)
class ArticleHit:
    """An outreach article found for a query, shown in its own section of the results page."""

    title: str
    url: str
    date: str = ""
    lead: str = ""


@dataclass(frozen=True)
class Suggestion:
    """An autocomplete entry: a procedure title and where it lives."""

    title: str
    code: str
    url: str
