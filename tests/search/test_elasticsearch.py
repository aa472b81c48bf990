"""The Elasticsearch backend: generated mapping and query bodies, fall back, and a live cluster.

No cluster can be installed here; the integration tests at the bottom run only when
ELASTICSEARCH_URL points at one.
"""

import logging
import os
import socket
import uuid

import pytest

from search import services
from search.analysis import analyze_query
from search.backends.elasticsearch import (
    ArticleDocument,
    ElasticsearchBackend,
    ProcedureDocument,
    alias_name,
    document_body,
    index_definition,
    search_body,
    suggest_body,
    vi_synonyms,
)
from search.types import IndexDocument, SearchFilters
from tests.factories import procedure_make


@pytest.fixture
def mapping():
    return index_definition("portal-test-procedures-1", ProcedureDocument).to_dict()


def test_analyzers_express_the_shared_normalisation(mapping):
    analysis = mapping["settings"]["analysis"]
    assert analysis["char_filter"]["vi_d"] == {"type": "mapping", "mappings": ["đ => d", "Đ => D"]}
    assert analysis["char_filter"]["vi_number_dots"]["type"] == "pattern_replace"
    text = analysis["analyzer"]["vi_text"]
    assert text["tokenizer"] == "standard"
    assert text["char_filter"] == ["vi_d", "vi_number_dots"]
    assert text["filter"] == ["lowercase", "asciifolding", "vi_iy"]
    search = analysis["analyzer"]["vi_search"]
    assert search["filter"][-1] == "vi_synonyms"
    assert "asciifolding" in search["filter"]
    synonyms = analysis["filter"]["vi_synonyms"]
    assert synonyms["type"] == "synonym_graph"
    assert len(synonyms["synonyms"]) >= 60
    assert any(rule.startswith("cccd, can cuoc cong dan") for rule in synonyms["synonyms"])
    assert analysis["filter"]["vi_shingles"]["type"] == "shingle"
    assert analysis["filter"]["vi_edge_ngrams"] == {"type": "edge_ngram", "min_gram": 1, "max_gram": 20}
    assert "lam" not in analysis["filter"]["vi_stop"]["stopwords"]  # stopwords keep their diacritics
    assert "làm" in analysis["filter"]["vi_stop"]["stopwords"]


def test_mapping_fields(mapping):
    properties = mapping["mappings"]["properties"]
    title = properties["title"]
    assert title["analyzer"] == "vi_text" and title["search_analyzer"] == "vi_search"
    assert title["fields"]["shingles"]["analyzer"] == "vi_shingle"
    assert title["fields"]["suggest"] == {"type": "text", "analyzer": "vi_autocomplete", "search_analyzer": "vi_text"}
    for keyword in ("code_key", "sector_slug", "agency", "audience", "online", "postal", "facet_sector"):
        assert properties[keyword]["type"] == "keyword", keyword
    assert properties["postal_submission"]["type"] == "boolean"
    assert mapping["settings"]["number_of_replicas"] == 0


def test_article_document_uses_the_same_analysis():
    mapping = index_definition("portal-test-articles-1", ArticleDocument).to_dict()
    assert mapping["mappings"]["properties"]["body"]["search_analyzer"] == "vi_search"
    assert "vi_synonyms" in mapping["settings"]["analysis"]["filter"]


def test_index_names_carry_the_environment(settings):
    settings.ELASTICSEARCH_INDEX_PREFIX = "portal-staging"
    assert alias_name() == "portal-staging-procedures"
    assert alias_name("articles") == "portal-staging-articles"


def test_search_body():
    body = search_body(analyze_query("đăng ký khai sinh"), SearchFilters(sector=("ho-tich",), online=("full",)), 2, 5)
    query = body["query"]["boosting"]["positive"]["bool"]
    assert query["must"][0]["multi_match"] == {
        "query": "đăng ký khai sinh",
        "type": "cross_fields",
        "fields": ["title^10", "aliases^5", "sector^3", "body"],
        "minimum_should_match": "3<75%",
    }
    assert {"match_phrase": {"title": {"query": "đăng ký khai sinh", "boost": 5}}} in query["should"]
    assert {"match_phrase": {"aliases": {"query": "đăng ký khai sinh", "boost": 2.5}}} in query["should"]
    assert {"match": {"title.shingles": {"query": "đăng ký khai sinh", "boost": 3}}} in query["should"]
    assert query["filter"] == [{"terms": {"sector_slug": ["ho-tich"]}}, {"terms": {"online": ["full"]}}]
    assert body["from"] == 5 and body["size"] == 5
    assert set(body["aggs"]) == {"sector", "agency", "online", "postal", "audience"}
    assert body["aggs"]["agency"] == {"terms": {"field": "facet_agency", "size": 100}}


def test_search_body_for_a_code_and_for_filters_only():
    body = search_body(analyze_query("1.001193"), SearchFilters(), 1, 10)
    should = body["query"]["boosting"]["positive"]["bool"]["should"]
    assert {"term": {"code_key": {"value": "1001193", "boost": 100}}} in should
    listing = search_body(analyze_query(""), SearchFilters(postal=("submission", "return")), 1, 10)
    assert listing["query"]["bool"]["must"] == [{"match_all": {}}]
    assert listing["sort"] == [{"title.raw": "asc"}]


def test_search_body_asks_about_the_matter_and_puts_variants_after_the_base():
    # The question frame and the person go; the person only ranks (body, small boost).
    body = search_body(analyze_query("con gái tôi muốn đăng ký kết hôn thì cần giấy tờ gì"), SearchFilters(), 1, 10)
    positive = body["query"]["boosting"]["positive"]["bool"]
    assert positive["must"][0]["multi_match"]["query"] == "đăng ký kết hôn"
    assert {"match": {"body": {"query": "con gai toi", "boost": 0.5}}} in positive["should"]
    negative = body["query"]["boosting"]["negative"]["bool"]["should"]
    # Luật Hộ tịch: registration with a foreign element and mobile registration are variants.
    assert {"match_phrase": {"title": "co yeu to nuoc ngoai"}} in negative
    assert {"match_phrase": {"title": "luu dong"}} in negative
    assert body["query"]["boosting"]["negative_boost"] == 0.3
    # Asking for the variant lifts its penalty.
    asked = search_body(analyze_query("kết hôn với người nước ngoài"), SearchFilters(), 1, 10)
    assert {"match_phrase": {"title": "co yeu to nuoc ngoai"}} not in asked["query"]["boosting"]["negative"]["bool"][
        "should"
    ]


def test_search_body_ranks_titles_that_name_the_matter_by_its_broader_terms():
    # search/data/broader.txt: "lương hưu" is a benefit of "chế độ bảo hiểm xã hội".
    body = search_body(analyze_query("lãnh lương hưu qua tài khoản ngân hàng"), SearchFilters(), 1, 10)
    positive = body["query"]["bool"] if "bool" in body["query"] else body["query"]["boosting"]["positive"]["bool"]
    assert {"match": {"title": {"query": "che do bao hiem xa hoi tai khoan ngan hang", "boost": 2}}} in positive[
        "should"
    ]
    # Never a matching alternative: the matter itself is still what must match.
    assert positive["must"][0]["multi_match"]["query"] == "lãnh lương hưu tài khoản ngân hàng"
    # A query with no broader term asks for none.
    plain = search_body(analyze_query("công nhận hòa giải viên"), SearchFilters(), 1, 10)
    plain_bool = plain["query"]["bool"] if "bool" in plain["query"] else plain["query"]["boosting"]["positive"]["bool"]
    assert not any("title" in clause.get("match", {}) for clause in plain_bool["should"])


def test_search_body_for_the_start_of_a_code():
    body = search_body(analyze_query("1.0011"), SearchFilters(), 1, 10)
    should = body["query"]["boosting"]["positive"]["bool"]["should"]
    assert {"prefix": {"code_key": {"value": "10011", "boost": 50}}} in should


def test_synonym_graph_reads_the_thesaurus_file_the_embedded_backend_expands_with(mapping):
    from search.analysis import DATA_DIR, synonym_groups

    rules = mapping["settings"]["analysis"]["filter"]["vi_synonyms"]["synonyms"]
    assert vi_synonyms().get_definition()["synonyms"] == rules
    assert len(rules) == len(synonym_groups()) >= 300
    # Everyday ↔ legal entries, as written in search/data/synonyms.txt, folded as the index is.
    text = (DATA_DIR / "synonyms.txt").read_text(encoding="utf-8")
    assert "sổ đỏ | sổ hồng" in text and "nghỉ sinh | thai sản" in text
    assert any(rule.startswith("so do, so hong") and "giay chung nhan quyen su dung dat" in rule for rule in rules)
    assert any(rule.startswith("nghi sinh, thai san") for rule in rules)
    assert any("khai thac nuoc duoi dat" in rule and "gieng" in rule for rule in rules)


def test_suggest_body():
    body = suggest_body("dang ky kh", 8)
    assert body["size"] == 8 and body["_source"] == ["title", "code", "url"]
    words = body["query"]["boosting"]["positive"]["bool"]["should"]
    assert {"match": {"title.suggest": {"query": "dang ky kh", "operator": "and"}}} in words
    assert {"match": {"title": {"query": "dang ky kh", "operator": "and"}}} in words  # the thesaurus
    assert {"match_phrase": {"title": "cap lai"}} in body["query"]["boosting"]["negative"]["bool"]["should"]


def test_suggest_body_for_the_start_of_a_code():
    assert suggest_body("1.0011", 8)["query"] == {"prefix": {"code_key": "10011"}}
    assert suggest_body("1.001193", 8)["query"] == {"prefix": {"code_key": "1001193"}}


def test_document_body_has_filter_and_facet_fields():
    document = IndexDocument(
        page_id=7,
        code="1.001193",
        title="Thủ tục đăng ký khai sinh",
        url="/thu-tuc-hanh-chinh/dang-ky-khai-sinh/",
        sector="Hộ tịch",
        sector_slug="ho-tich",
        agencies=(("ubnd-xa", "UBND xã"),),
        online_mode="partial",
        postal_return=True,
    )
    body = document_body(document)
    assert body["code_key"] == "1001193"
    assert body["sector_slug"] == ["ho-tich"]
    assert body["facet_agency"] == ["ubnd-xa\u001fUBND xã"]
    assert body["online"] == ["partial"]
    assert body["postal"] == ["return"]


@pytest.mark.django_db
def test_a_silent_cluster_falls_back_and_is_left_alone_for_the_retry_window(settings, procedure_index, monkeypatch):
    # The window is measured on search.services.clock, set here: no test waits on real time. The
    # timeout's cap (2 s) is checked on the client in test_elasticsearch_replies.py.
    procedure_make(title="Đăng ký khai sinh", code="1.001193")
    now = [1000.0]
    monkeypatch.setattr(services, "clock", lambda: now[0])
    with socket.socket() as silent:  # accepts connections (kernel backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{silent.getsockname()[1]}"
        settings.ELASTICSEARCH_TIMEOUT = 0.2
        services.elasticsearch_retry_now()
        results = services.procedure_search("khai sinh")
        assert services._elasticsearch() is None  # the failure is remembered: no new wait
        now[0] += services.RETRY_AFTER - 0.001
        assert services._elasticsearch() is None
        now[0] += 0.001
        assert services._elasticsearch() is not None  # then the cluster is tried again
    services.elasticsearch_retry_now()
    assert results.backend == "embedded" and results.total == 1
    assert services.RETRY_AFTER == 30.0


@pytest.fixture
def closed_port_cluster(settings):
    with socket.socket() as probe:  # a port nothing listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    services.elasticsearch_retry_now()
    yield
    services.elasticsearch_retry_now()


@pytest.mark.django_db
def test_unreachable_cluster_falls_back_to_embedded(procedure_index, closed_port_cluster, caplog):
    with caplog.at_level(logging.WARNING, logger="search.services"):
        procedure_make(title="Đăng ký khai sinh", code="1.001193")  # indexing survives too
        results = services.procedure_search("dang ky khai sinh")
    assert results.backend == "embedded"
    assert [hit.code for hit in results.hits] == ["1.001193"]
    assert "Elasticsearch unreachable" in caplog.text
    services.elasticsearch_retry_now()
    assert [s.code for s in services.procedure_suggest("dang ky kh")] == ["1.001193"]
    services.elasticsearch_retry_now()
    assert services.procedure_index_rebuild() == 1


# --- against a real cluster -------------------------------------------------------------------

needs_cluster = pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="ELASTICSEARCH_URL is not set")


@pytest.fixture
def cluster(settings):
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX_PREFIX = f"portal-test-{uuid.uuid4().hex[:8]}"
    services.elasticsearch_retry_now()
    backend = ElasticsearchBackend.from_settings()
    yield backend
    backend.client.indices.delete(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*", ignore_unavailable=True)


@needs_cluster
@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_cluster_search_rebuild_and_alias_swap(procedure_index, cluster):
    procedure_make(title="Thủ tục đăng ký khai sinh", code="1.001193")
    procedure_make(title="Thủ tục đăng ký kết hôn", code="1.000894", postal_submission=False, postal_return=False)
    assert services.procedure_index_rebuild() == 2
    first = set(cluster.client.indices.get_alias(name=cluster.alias))
    services.procedure_index_rebuild()
    second = set(cluster.client.indices.get_alias(name=cluster.alias))
    assert len(first) == len(second) == 1 and first != second
    results = services.procedure_search("dang ki khai sinh")
    assert results.backend == "elasticsearch"
    assert results.hits[0].code == "1.001193"
    assert services.procedure_search("1001193").hits[0].code == "1.001193"
    assert services.procedure_search("khai tủ").total == 0
    postal = services.procedure_search("đăng ký", SearchFilters(postal=("submission", "return")))
    assert [hit.code for hit in postal.hits] == ["1.001193"]
    assert {v.value for v in postal.facets["postal"]} == {"submission", "return"}
    assert [s.code for s in services.procedure_suggest("dang ky ket")] == ["1.000894"]


@needs_cluster
@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_cluster_follows_unpublish(procedure_index, cluster):
    page = procedure_make(title="Thủ tục đăng ký khai sinh", code="1.001193")
    services.procedure_index_rebuild()
    page.unpublish()
    assert services.procedure_search("khai sinh").total == 0
