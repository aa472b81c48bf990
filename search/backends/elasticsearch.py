"""The Elasticsearch backend: the analysis of :mod:`search.analysis` expressed as analyzers.

* ``vi_text`` (index): ``đ`` → ``d`` mapping char filter, dots inside numbers dropped (codes
  with or without dots), standard tokenizer, lowercase, asciifolding, the i/y variant rule;
* ``vi_search`` (search): the same plus the stopwords and ``synonym_graph`` built from
  ``search/data/synonyms.txt`` (the thesaurus the embedded backend expands queries with) —
  synonyms apply at query time only, so editing the file needs no re-index;
* ``vi_shingle``: word pairs and triples of the title, for the phrase boost;
* ``vi_autocomplete``: edge n-grams of the title, for suggestions.

The procedures' everyday phrases (``aliases``, :mod:`search.aliases`) are analysed like the title
(``vi_text``, and ``vi_search`` with the synonyms) and boosted between the title and the body.

Index names carry ``settings.ELASTICSEARCH_INDEX_PREFIX``; searches and single-document writes go
through an alias, and a rebuild fills a new timestamped index before the alias is swapped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime

from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, helpers
from elasticsearch_dsl import (
    Boolean,
    Document,
    Index,
    InnerDoc,
    Integer,
    Keyword,
    Object,
    Text,
    analyzer,
    char_filter,
    token_filter,
)

from django.conf import settings

from search import analysis
from search.analysis import AnalyzedQuery
from search.types import (
    FACET_ORDER,
    ONLINE_ANY,
    POSTAL_ANY,
    ArticleHit,
    ArticleIndexDocument,
    FacetValue,
    IndexDocument,
    SearchFilters,
    SearchHit,
    SearchResults,
    Suggestion,
)

logger = logging.getLogger(__name__)

MAX_TIMEOUT = 2.0
FACET_SEPARATOR = "\u001f"  # slug and label in one keyword, so aggregations carry the label

vi_d = char_filter("vi_d", "mapping", mappings=["đ => d", "Đ => D"])
vi_number_dots = char_filter("vi_number_dots", "pattern_replace", pattern=r"(?<=\d)[.,](?=\d)", replacement="")
vi_iy = token_filter("vi_iy", "pattern_replace", pattern=r"^(qu|[bcdghklmnprstvx]{1,2})y$", replacement="$1i")
_BASE_FILTERS = ["lowercase", "asciifolding", vi_iy]
_FOLDING = ["asciifolding", vi_iy]
_CHAR_FILTERS = [vi_d, vi_number_dots]


def vi_synonyms():
    """The synonym_graph filter: one Solr-style rule per group of ``synonyms.txt``, folded."""
    return token_filter(
        "vi_synonyms",
        "synonym_graph",
        lenient=True,
        synonyms=[", ".join(group) for group in analysis.synonym_groups()],
    )


def vi_stop():
    """Single-word stopwords, matched before folding so "lâm" is not taken for "làm"."""
    words = {phrase[0].replace("đ", "d") for phrase in analysis.stopword_phrases() if len(phrase) == 1}
    return token_filter("vi_stop", "stop", stopwords=sorted(words))


vi_text = analyzer("vi_text", tokenizer="standard", char_filter=_CHAR_FILTERS, filter=_BASE_FILTERS)
vi_shingle = analyzer(
    "vi_shingle",
    tokenizer="standard",
    char_filter=_CHAR_FILTERS,
    filter=[
        *_BASE_FILTERS,
        token_filter("vi_shingles", "shingle", min_shingle_size=2, max_shingle_size=3, output_unigrams=False),
    ],
)
vi_autocomplete = analyzer(
    "vi_autocomplete",
    tokenizer="standard",
    char_filter=_CHAR_FILTERS,
    filter=[*_BASE_FILTERS, token_filter("vi_edge_ngrams", "edge_ngram", min_gram=1, max_gram=20)],
)


def vi_search():
    return analyzer(
        "vi_search",
        tokenizer="standard",
        char_filter=_CHAR_FILTERS,
        filter=["lowercase", vi_stop(), *_FOLDING, vi_synonyms()],
    )


class ProcedureDocument(Document):
    """A live procedure in Elasticsearch (the embedded index's row, with keyword facet fields)."""

    code = Keyword()
    code_key = Keyword()
    title = Text(
        analyzer=vi_text,
        search_analyzer="vi_search",
        fields={
            "shingles": Text(analyzer=vi_shingle),
            "suggest": Text(analyzer=vi_autocomplete, search_analyzer=vi_text),
            "raw": Keyword(),
        },
    )
    sector = Text(analyzer=vi_text, search_analyzer="vi_search")
    # The everyday phrases residents type for it (search.aliases), analysed like the title.
    # A list of phrases: a phrase query never runs from one into the next (position gap).
    aliases = Text(analyzer=vi_text, search_analyzer="vi_search")
    body = Text(analyzer=vi_text, search_analyzer="vi_search")
    excerpt_source = Text(index=False)
    url = Keyword(index=False)
    online_mode = Keyword()
    postal_submission = Boolean()
    postal_return = Boolean()
    # Filter fields (slugs) and facet fields (slug + separator + label).
    sector_slug = Keyword()
    agency = Keyword()
    audience = Keyword()
    online = Keyword()
    postal = Keyword()
    facet_sector = Keyword()
    facet_agency = Keyword()
    facet_audience = Keyword()
    facet_online = Keyword()
    facet_postal = Keyword()


class ArticleAuthor(InnerDoc):
    name = Keyword()


class ArticleDocument(Document):
    """An outreach article or news item, searched with the same Vietnamese analysis."""

    title = Text(analyzer=vi_text, search_analyzer="vi_search", fields={"shingles": Text(analyzer=vi_shingle)})
    lead = Text(analyzer=vi_text, search_analyzer="vi_search")
    body = Text(analyzer=vi_text, search_analyzer="vi_search")
    url = Keyword(index=False)
    date = Keyword()
    tags = Keyword()
    owner = Object(ArticleAuthor)
    # The commune (Wagtail Site id) that published it: each commune searches its own (issue #17).
    site_id = Integer()


def index_definition(name: str, document: type[Document]) -> Index:
    """Return the index ``name`` for ``document`` with the Vietnamese analysis and search analyzer."""
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.analyzer(vi_search())
    index.document(document)
    return index


def alias_name(kind: str = "procedures") -> str:
    """The alias searches use, e.g. ``portal-production-procedures``."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{kind}"


def _facet(slug: str, label: str) -> str:
    return f"{slug}{FACET_SEPARATOR}{label}"


def document_body(document: IndexDocument) -> dict:
    """Return the source of ``document`` as stored in Elasticsearch."""
    facets: dict[str, list[str]] = {}
    for name, value, label in document.facet_values():
        facets.setdefault(name, []).append(value)
        facets.setdefault(f"facet_{name}", []).append(_facet(value, label))
    return ProcedureDocument(
        code=document.code,
        code_key=analysis.code_key(document.code) or document.code,
        title=document.title,
        sector=document.sector,
        aliases=list(document.aliases),
        body=document.body,
        excerpt_source=document.excerpt_source[:2000],
        url=document.url,
        online_mode=document.online_mode,
        postal_submission=document.postal_submission,
        postal_return=document.postal_return,
        sector_slug=facets.get("sector", []),
        agency=facets.get("agency", []),
        audience=facets.get("audience", []),
        online=facets.get("online", []),
        postal=facets.get("postal", []),
        **{key: value for key, value in facets.items() if key.startswith("facet_")},
    ).to_dict()


def article_body(document: ArticleIndexDocument) -> dict:
    """Return the source of an article as stored in Elasticsearch."""
    return ArticleDocument(
        title=document.title,
        lead=document.lead,
        body=document.body,
        url=document.url,
        date=document.date or None,
        tags=list(document.tags),
        owner=ArticleAuthor(name=document.owner) if document.owner else None,
        site_id=document.site_id,
    ).to_dict()


# Boosts of the ranked match: title ≫ everyday phrases > sector > body (whose boost is 1).
TITLE_BOOST = 10
ALIAS_BOOST = 5
ALIAS_PHRASE_BOOST = 2.5

_FILTER_FIELDS = {
    "sector": "sector_slug",
    "agency": "agency",
    "audience": "audience",
    "online": "online",
    "postal": "postal",
}


def filter_clauses(filters: SearchFilters) -> list[dict]:
    """Return one ``terms`` clause per facet filter (facets combine with AND, values with OR)."""
    clauses = []
    for name, values in filters.items():
        if name == "online" and "1" in values:
            values = ONLINE_ANY
        if name == "postal" and "1" in values:
            values = POSTAL_ANY
        clauses.append({"terms": {_FILTER_FIELDS[name]: list(values)}})
    return clauses


def exclusion_clauses(exclude: Iterable[int]) -> list[dict]:
    """The procedures a commune does not carry out (issue #17), by document id: never returned nor counted."""
    ids = sorted(set(exclude))
    return [{"ids": {"values": [str(pk) for pk in ids]}}] if ids else []


def search_body(
    query: AnalyzedQuery, filters: SearchFilters, page: int, page_size: int, *, exclude: Iterable[int] = ()
) -> dict:
    """Return the request body of a procedure search: ranked match, phrase boosts, filters, facets;
    ``exclude`` the page ids the commune searched does not carry out."""
    bool_query: dict = {"filter": filter_clauses(filters)}
    if excluded := exclusion_clauses(exclude):
        bool_query["must_not"] = excluded
    if query.is_empty:
        bool_query["must"] = [{"match_all": {}}]
        sort = [{"title.raw": "asc"}]
    else:
        sort = ["_score", {"title.raw": "asc"}]
        # What the query is about: its question frame, fillers and people set aside by
        # search.analysis, the same rules as the embedded backend (the thesaurus applies in the
        # vi_search analyzer, built from the same file).
        text = query.core_text or query.text
        must = {
            "multi_match": {
                "query": text,
                "type": "cross_fields",
                # The everyday phrases (search.aliases) between the title and the body, as in the
                # embedded backend.
                "fields": [f"title^{TITLE_BOOST}", f"aliases^{ALIAS_BOOST}", "sector^3", "body"],
                # Short queries need every word; longer, descriptive ones three quarters of them.
                "minimum_should_match": "3<75%",
            }
        }
        should: list[dict] = [
            {"match_phrase": {"title": {"query": text, "boost": 5}}},
            {"match": {"title.shingles": {"query": text, "boost": 3}}},
            {"match_phrase": {"aliases": {"query": text, "boost": ALIAS_PHRASE_BOOST}}},
        ]
        # People and situations ("cho con gái", "bị mất") rank but never restrict.
        optional = [" ".join(group.alternatives[0]) for group in query.groups if group.optional]
        if optional:
            should.append({"match": {"body": {"query": " ".join(optional), "boost": 0.5}}})
        if query.broader_text:
            # The matter named by its broader terms (search/data/broader.txt: "lương hưu" → "chế độ
            # bảo hiểm xã hội") ranks a title that names only them; as in the embedded backend,
            # it never makes a procedure match.
            should.append({"match": {"title": {"query": query.broader_text, "boost": 2}}})
        if query.code:
            should.append({"term": {"code_key": {"value": query.code, "boost": 100}}})
            must = {"bool": {"should": [must, {"term": {"code_key": query.code}}]}}
        elif query.code_prefix:
            should.append({"prefix": {"code_key": {"value": query.code_prefix, "boost": 50}}})
            must = {"bool": {"should": [must, {"prefix": {"code_key": query.code_prefix}}]}}
        bool_query["should"] = should
        bool_query["must"] = [must]
    ranked: dict = {"bool": bool_query}
    unasked = variant_clauses(query)
    if unasked:
        # The base procedure before its variants unless the query asks for one (query_rules.txt).
        ranked = {"boosting": {"positive": ranked, "negative": {"bool": {"should": unasked}}, "negative_boost": 0.3}}
    return {
        "query": ranked,
        "sort": sort,
        "from": (page - 1) * page_size,
        "size": page_size,
        "track_total_hits": True,
        "_source": [
            "code",
            "title",
            "url",
            "sector",
            "excerpt_source",
            "online_mode",
            "postal_submission",
            "postal_return",
        ],
        "aggs": {name.value: {"terms": {"field": f"facet_{name.value}", "size": 100}} for name in FACET_ORDER},
    }


def article_search_body(query: AnalyzedQuery, limit: int, *, site_id: int | None = None) -> dict:
    """Return the request body of an article search: what the query is about, title first; with
    ``site_id`` only that commune's articles (issue #17)."""
    match: dict = {
        "multi_match": {
            "query": query.core_text or query.text,
            "type": "cross_fields",
            "fields": ["title^3", "lead^2", "body"],
            "minimum_should_match": "3<75%",
        }
    }
    if site_id is not None:
        match = {"bool": {"must": [match], "filter": [{"term": {"site_id": site_id}}]}}
    return {
        "query": match,
        "size": limit,
        "_source": ["title", "url", "date", "lead"],
    }


def variant_clauses(query: AnalyzedQuery) -> list[dict]:
    """Title phrases of the procedure variants the query does not ask for (none for a listing)."""
    if query.is_empty:
        return []
    return [
        {"match_phrase": {"title": " ".join(marker)}}
        for marker, _ in analysis.query_rules().variants
        if marker not in query.asked_variants
    ]


def suggest_body(text: str, limit: int, *, exclude: Iterable[int] = ()) -> dict:
    """The body of ``_suggest_body`` without the procedures in ``exclude`` (issue #17)."""
    body = _suggest_body(text, limit)
    if excluded := exclusion_clauses(exclude):
        body["query"] = {"bool": {"must": [body["query"]], "must_not": excluded}}
    return body


def _suggest_body(text: str, limit: int) -> dict:
    """Return the request body of an autocomplete lookup on the title's edge n-grams.

    A code or the start of one completes to the codes it begins; words complete on the title's
    edge n-grams, or whole through the thesaurus (the ``vi_search`` analyzer), and the base
    procedure comes before its variants.
    """
    code, prefix = analysis.code_in_query(text)
    if code or prefix:
        return {
            "query": {"prefix": {"code_key": code or prefix}},
            "sort": [{"code_key": "asc"}],
            "size": limit,
            "_source": ["title", "code", "url"],
        }
    words: dict = {
        "bool": {
            "should": [
                {"match": {"title.suggest": {"query": text, "operator": "and"}}},
                {"match": {"title": {"query": text, "operator": "and"}}},
            ],
            "minimum_should_match": 1,
        }
    }
    unasked = variant_clauses(analysis.analyze_query(text))
    query = {"boosting": {"positive": words, "negative": {"bool": {"should": unasked}}, "negative_boost": 0.2}}
    return {"query": query if unasked else words, "size": limit, "_source": ["title", "code", "url"]}


class ElasticsearchBackend:
    """Search and indexing against an Elasticsearch cluster through an alias."""

    name = "elasticsearch"
    unavailable = (TransportError, ApiError)

    def __init__(self, client: Elasticsearch, *, alias: str, article_alias: str = ""):
        self.client = client
        self.alias = alias
        self.article_alias = article_alias or f"{alias.removesuffix('-procedures')}-articles"

    @classmethod
    def from_settings(cls) -> ElasticsearchBackend:
        timeout = min(float(settings.ELASTICSEARCH_TIMEOUT), MAX_TIMEOUT)
        client = Elasticsearch(
            settings.ELASTICSEARCH_URL, request_timeout=timeout, max_retries=0, retry_on_timeout=False
        )
        return cls(client, alias=alias_name(), article_alias=alias_name("articles"))

    # --- reading -------------------------------------------------------------------------

    def search(
        self, query: AnalyzedQuery, filters: SearchFilters, page: int, page_size: int, *, exclude: Iterable[int] = ()
    ) -> SearchResults:
        body = search_body(query, filters, page, page_size, exclude=exclude)
        response = self.client.search(index=self.alias, body=body)
        marker = analysis.Highlighter(query.highlight_words)
        hits = []
        for hit in response["hits"]["hits"]:
            source = hit["_source"]
            hits.append(
                SearchHit(
                    page_id=int(hit["_id"]),
                    code=source["code"],
                    title=source["title"],
                    url=source["url"],
                    sector=source.get("sector", ""),
                    snippet=marker.excerpt(source.get("excerpt_source", "")),
                    title_html=marker.highlight(source["title"]),
                    online_mode=source.get("online_mode", "none"),
                    postal_submission=bool(source.get("postal_submission")),
                    postal_return=bool(source.get("postal_return")),
                    score=hit.get("_score") or 0.0,
                )
            )
        selected = dict(filters.items())
        facets = {}
        for name in FACET_ORDER:
            values = []
            for bucket in response.get("aggregations", {}).get(name.value, {}).get("buckets", []):
                slug, _, label = bucket["key"].partition(FACET_SEPARATOR)
                values.append(
                    FacetValue(
                        value=slug,
                        label=label,
                        count=bucket["doc_count"],
                        selected=slug in selected.get(name.value, ()),
                    )
                )
            facets[name.value] = values
        return SearchResults(
            query=query.text,
            total=response["hits"]["total"]["value"],
            page=page,
            page_size=page_size,
            hits=hits,
            facets=facets,
            backend=self.name,
        )

    def search_articles(self, query: AnalyzedQuery, limit: int, *, site_id: int | None = None) -> list[ArticleHit]:
        """Outreach articles for ``query``, best first, from the article alias (one commune's with ``site_id``)."""
        response = self.client.search(index=self.article_alias, body=article_search_body(query, limit, site_id=site_id))
        return [
            ArticleHit(
                title=hit["_source"]["title"],
                url=hit["_source"]["url"],
                date=hit["_source"].get("date") or "",
                lead=hit["_source"].get("lead") or "",
            )
            for hit in response["hits"]["hits"]
        ]

    def suggest(self, text: str, limit: int, *, exclude: Iterable[int] = ()) -> list[Suggestion]:
        response = self.client.search(index=self.alias, body=suggest_body(text, limit, exclude=exclude))
        return [
            Suggestion(title=h["_source"]["title"], code=h["_source"]["code"], url=h["_source"]["url"])
            for h in response["hits"]["hits"]
        ]

    # --- writing -------------------------------------------------------------------------

    def index(self, documents: Iterable[IndexDocument]) -> int:
        return self._index(self.alias, ProcedureDocument, [(d.page_id, document_body(d)) for d in documents])

    def remove(self, page_ids: Iterable[int]) -> None:
        self._remove(self.alias, page_ids)

    def rebuild(self, documents: Iterable[IndexDocument]) -> int:
        return self._rebuild(self.alias, ProcedureDocument, [(d.page_id, document_body(d)) for d in documents])

    def index_articles(self, documents: Iterable[ArticleIndexDocument]) -> int:
        return self._index(self.article_alias, ArticleDocument, [(d.page_id, article_body(d)) for d in documents])

    def remove_articles(self, page_ids: Iterable[int]) -> None:
        self._remove(self.article_alias, page_ids)

    def rebuild_articles(self, documents: Iterable[ArticleIndexDocument]) -> int:
        return self._rebuild(self.article_alias, ArticleDocument, [(d.page_id, article_body(d)) for d in documents])

    def _index(self, alias: str, document: type[Document], sources: list[tuple[int, dict]]) -> int:
        if not self.client.indices.exists_alias(name=alias):
            return self._rebuild(alias, document, sources)
        actions = ({"_index": alias, "_id": pk, "_source": source} for pk, source in sources)
        count, _ = helpers.bulk(self.client, actions, refresh="wait_for")
        return count

    def _remove(self, alias: str, page_ids: Iterable[int]) -> None:
        actions = [{"_op_type": "delete", "_index": alias, "_id": pk} for pk in page_ids]
        helpers.bulk(self.client, actions, raise_on_error=False, refresh="wait_for")

    def _rebuild(self, alias: str, document: type[Document], sources: list[tuple[int, dict]]) -> int:
        """Fill a new timestamped index, swap the alias to it in one request, then drop the old ones.

        Searches (on every application server) read the old index until the single ``_aliases``
        request that removes it from the alias and adds the new one, complete and refreshed, so
        they never see a half-built index. A rebuild that fails part-way deletes its own new index
        and leaves the alias where it was. Older ``<alias>-<timestamp>`` indices that no alias
        names (left by a rebuild killed before its swap) are dropped with the old one; a newer
        one, a rebuild started meanwhile, is left alone.
        """
        name = f"{alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        index_definition(name, document).create(using=self.client)
        try:
            count, _ = helpers.bulk(self.client, ({"_index": name, "_id": pk, "_source": s} for pk, s in sources))
            self.client.indices.refresh(index=name)
            exists = self.client.indices.exists_alias(name=alias)
            old = list(self.client.indices.get_alias(name=alias).keys()) if exists else []
            actions = [{"remove": {"index": index, "alias": alias}} for index in old]
            actions.append({"add": {"index": name, "alias": alias}})
            self.client.indices.update_aliases(actions=actions)
        except BaseException:
            try:
                self.client.options(ignore_status=404).indices.delete(index=name)
            except self.unavailable:
                logger.warning("Elasticsearch: could not drop the half-built index %s", name)
            raise
        ours = self.client.indices.get_alias(index=f"{alias}-*", expand_wildcards="open,closed")
        stale = {index for index in ours if index < name and not ours[index].get("aliases")}
        for index in sorted(set(old) | stale):
            self.client.options(ignore_status=404).indices.delete(index=index)
        logger.info("Elasticsearch index %s built with %d documents, alias %s swapped", name, count, alias)
        return count
