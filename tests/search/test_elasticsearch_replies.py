"""The Elasticsearch backend reads real Elasticsearch 8 replies, and falls back on every failure.

No cluster can run here, so the client talks to a scripted HTTP endpoint on loopback (as in
``test_article_indexing``) that answers each request with a reply body as Elasticsearch 8.x
writes it: a search with ``hits.total``, ``_score``/``sort``, ``highlight`` and ``sterms``
aggregations; error bodies with ``error.root_cause`` and ``status`` for 4xx and 5xx; a search that
timed out on a shard (200 with ``"timed_out": true``); and a cluster that never answers. The
expected values are written out here, never read from the backend.
"""

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from search import services
from search.backends.elasticsearch import ElasticsearchBackend
from search.types import SearchFilters
from tests.factories import procedure_make

INDEX = "portal-test-procedures-1733470000"
US = "\u001f"  # slug and label of a facet keyword (search.backends.elasticsearch.FACET_SEPARATOR)


def search_reply(hits: list[dict], *, total: int, aggregations: dict | None = None, timed_out: bool = False) -> dict:
    """A ``_search`` reply as Elasticsearch 8.15 writes it (``track_total_hits: true``)."""
    reply = {
        "took": 7,
        "timed_out": timed_out,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {
            "total": {"value": total, "relation": "eq"},
            "max_score": hits[0]["_score"] if hits else None,
            "hits": hits,
        },
    }
    if aggregations is not None:
        reply["aggregations"] = aggregations
    return reply


def hit(page_id: int, score: float, source: dict, highlight: dict | None = None) -> dict:
    item = {"_index": INDEX, "_id": str(page_id), "_score": score, "_source": source, "sort": [score, source["title"]]}
    if highlight:
        item["highlight"] = highlight
    return item


def terms(*buckets: tuple[str, int]) -> dict:
    return {
        "doc_count_error_upper_bound": 0,
        "sum_other_doc_count": 0,
        "buckets": [{"key": key, "doc_count": count} for key, count in buckets],
    }


BIRTH = {
    "code": "1.001193",
    "title": "Đăng ký khai sinh",
    "url": "/thu-tuc-hanh-chinh/dang-ky-khai-sinh/",
    "sector": "Hộ tịch",
    "excerpt_source": "Người đi đăng ký khai sinh nộp tờ khai theo mẫu và giấy chứng sinh.",
    "online_mode": "full",
    "postal_submission": True,
    "postal_return": True,
}
LATE_BIRTH = {
    "code": "1.004884",
    "title": "Đăng ký lại khai sinh",
    "url": "/thu-tuc-hanh-chinh/dang-ky-lai-khai-sinh/",
    "sector": "Hộ tịch",
    "excerpt_source": "Việc khai sinh đã được đăng ký nhưng sổ hộ tịch và bản chính giấy khai sinh đều bị mất.",
    "online_mode": "partial",
    "postal_submission": False,
    "postal_return": True,
}
BIRTH_SEARCH = search_reply(
    [
        hit(41, 18.734, BIRTH, {"title": ["Đăng ký <em>khai</em> <em>sinh</em>"]}),
        hit(57, 11.2051, LATE_BIRTH, {"title": ["Đăng ký lại <em>khai</em> <em>sinh</em>"]}),
    ],
    total=37,
    aggregations={
        "sector": terms((f"ho-tich{US}Hộ tịch", 31), (f"chung-thuc{US}Chứng thực", 6)),
        "agency": terms((f"ubnd-xa{US}UBND xã", 30), (f"so-tu-phap{US}Sở Tư pháp", 7)),
        "online": terms((f"full{US}Toàn trình", 12), (f"partial{US}Một phần", 25)),
        "postal": terms((f"return{US}Nhận kết quả qua bưu chính", 20)),
        "audience": terms(),
    },
)
SUGGEST_REPLY = search_reply(
    [
        hit(41, 9.1, {"title": BIRTH["title"], "code": BIRTH["code"], "url": BIRTH["url"]}),
        hit(57, 4.2, {"title": LATE_BIRTH["title"], "code": LATE_BIRTH["code"], "url": LATE_BIRTH["url"]}),
    ],
    total=2,
)


def error_reply(status: int, kind: str, reason: str) -> dict:
    """An error body as Elasticsearch 8 writes it: the cause, repeated at the top, and the status."""
    cause = {"type": kind, "reason": reason, "index_uuid": "_na_", "index": "portal-test-procedures"}
    return {"error": {"root_cause": [cause], **cause}, "status": status}


ERRORS = {
    400: error_reply(400, "search_phase_execution_exception", "all shards failed"),
    404: error_reply(404, "index_not_found_exception", "no such index [portal-test-procedures]"),
    429: error_reply(429, "es_rejected_execution_exception", "rejected execution of TimedRunnable"),
    500: error_reply(500, "illegal_state_exception", "unexpected state"),
    503: error_reply(503, "cluster_block_exception", "blocked by: [SERVICE_UNAVAILABLE/1/state not recovered];"),
}


class _Scripted(BaseHTTPRequestHandler):
    """Answers each request with the next scripted (status, body, delay); records what it was sent."""

    def _handle(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw) if raw else None
        except ValueError:  # a bulk body: lines of JSON
            body = raw.decode()
        self.server.requests.append((self.command, self.path.split("?")[0], body))
        status, body, delay = self.server.replies.pop(0) if self.server.replies else (200, {}, 0)
        if delay:
            time.sleep(delay)
        data = json.dumps(body, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header("Content-Type", "application/vnd.elasticsearch+json;compatible-with=8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            pass

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _handle

    def log_message(self, *args):
        pass


class Cluster:
    def __init__(self, server):
        self.server = server

    def reply(self, body: dict, *, status: int = 200, delay: float = 0) -> None:
        self.server.replies.append((status, body, delay))

    @property
    def requests(self) -> list:
        return self.server.requests


def _serve(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Scripted)
    server.requests, server.replies = [], []
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{server.server_port}"
    settings.ELASTICSEARCH_INDEX_PREFIX = "portal-test"
    services.elasticsearch_retry_now()
    yield Cluster(server)
    server.shutdown()
    server.server_close()
    services.elasticsearch_retry_now()


@pytest.fixture
def cluster(settings):
    yield from _serve(settings)


@pytest.fixture
def indexed(db, procedure_index):
    """The one procedure the embedded index holds, so that a fall back shows in the results."""
    return procedure_make(parent=procedure_index, title="Đăng ký khai sinh", code="1.001193")


@pytest.fixture
def cluster_and_index(indexed, settings):
    """The scripted cluster, configured once ``indexed`` is in the embedded index."""
    yield from _serve(settings)


class Clock:
    """A monotonic clock the test moves by hand (``search.services.clock``)."""

    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(services, "clock", fake)
    return fake


# --- replies read ----------------------------------------------------------------------------


def test_a_search_reply_gives_the_total_hits_and_their_fields(cluster):
    cluster.reply(BIRTH_SEARCH)
    results = services.procedure_search("khai sinh")

    assert results.backend == "elasticsearch"
    assert results.total == 37  # hits.total.value, not the two hits of this page
    assert [(h.page_id, h.code, h.title, h.url) for h in results.hits] == [
        (41, "1.001193", "Đăng ký khai sinh", "/thu-tuc-hanh-chinh/dang-ky-khai-sinh/"),
        (57, "1.004884", "Đăng ký lại khai sinh", "/thu-tuc-hanh-chinh/dang-ky-lai-khai-sinh/"),
    ]
    first, second = results.hits
    assert (first.sector, first.online_mode, first.postal_submission, first.postal_return) == (
        "Hộ tịch",
        "full",
        True,
        True,
    )
    assert (second.online_mode, second.postal_submission, second.postal_return) == ("partial", False, True)
    assert (first.score, second.score) == (18.734, 11.2051)
    method, path, body = cluster.requests[0]
    assert (method, path) == ("POST", "/portal-test-procedures/_search")
    assert body["track_total_hits"] is True


def test_the_titles_and_snippets_are_marked_with_the_query_words(cluster):
    cluster.reply(BIRTH_SEARCH)
    first, second = services.procedure_search("khai sinh").hits

    assert first.title_html == "Đăng ký <mark>khai</mark> <mark>sinh</mark>"
    assert second.title_html == "Đăng ký lại <mark>khai</mark> <mark>sinh</mark>"
    # The thesaurus relates "giấy" to "khai sinh" (giấy khai sinh), so it is marked too.
    assert first.snippet == (
        "Người đi đăng ký <mark>khai</mark> <mark>sinh</mark> nộp tờ <mark>khai</mark> theo mẫu"
        " và <mark>giấy</mark> chứng <mark>sinh</mark>."
    )
    assert "<em>" not in first.title_html + first.snippet  # Elasticsearch's own highlight is not shown


def test_facet_labels_and_counts_come_from_the_aggregation_keys(cluster):
    cluster.reply(BIRTH_SEARCH)
    facets = services.procedure_search("khai sinh", SearchFilters(sector=("ho-tich",))).facets

    assert [(v.value, v.label, v.count, v.selected) for v in facets["sector"]] == [
        ("ho-tich", "Hộ tịch", 31, True),
        ("chung-thuc", "Chứng thực", 6, False),
    ]
    # Only the agencies a commune's citizen deals with are offered (search.services.agency_is_local).
    assert [(v.value, v.label, v.count) for v in facets["agency"]] == [("ubnd-xa", "UBND xã", 30)]
    assert [(v.value, v.label) for v in facets["online"]] == [("full", "Toàn trình"), ("partial", "Một phần")]
    assert [(v.value, v.label, v.count) for v in facets["postal"]] == [("return", "Nhận kết quả qua bưu chính", 20)]
    assert facets["audience"] == []


def test_the_api_answers_with_what_the_cluster_replied(client, db, cluster):
    cluster.reply(BIRTH_SEARCH)
    body = client.get("/api/search", {"q": "khai sinh"}).json()

    assert body["total"] == 37
    assert [r["code"] for r in body["results"]] == ["1.001193", "1.004884"]
    assert "<mark>khai</mark> <mark>sinh</mark>" in body["results"][0]["snippet"]
    assert [(f["value"], f["label"], f["count"]) for f in body["facets"]["sector"]] == [
        ("ho-tich", "Hộ tịch", 31),
        ("chung-thuc", "Chứng thực", 6),
    ]


def test_a_reply_without_aggregations_gives_empty_facets(cluster):
    cluster.reply(search_reply([hit(41, 3.0, BIRTH)], total=1))
    results = services.procedure_search("khai sinh")
    assert results.total == 1
    assert results.facets == {"sector": [], "agency": [], "online": [], "postal": [], "audience": []}


def test_a_search_timed_out_on_a_shard_still_shows_what_came_back(cluster):
    cluster.reply(search_reply([hit(41, 3.0, BIRTH)], total=1, timed_out=True))
    results = services.procedure_search("khai sinh")
    assert (results.backend, results.total, [h.code for h in results.hits]) == ("elasticsearch", 1, ["1.001193"])


def test_suggestions_are_the_titles_of_the_reply(cluster):
    cluster.reply(SUGGEST_REPLY)
    suggestions = services.procedure_suggest("khai si")

    assert [(s.title, s.code, s.url) for s in suggestions] == [
        ("Đăng ký khai sinh", "1.001193", "/thu-tuc-hanh-chinh/dang-ky-khai-sinh/"),
        ("Đăng ký lại khai sinh", "1.004884", "/thu-tuc-hanh-chinh/dang-ky-lai-khai-sinh/"),
    ]
    method, path, body = cluster.requests[0]
    assert (method, path, body["size"]) == ("POST", "/portal-test-procedures/_search", 8)


def test_the_suggest_api_answers_with_the_replied_titles(client, db, cluster):
    cluster.reply(SUGGEST_REPLY)
    body = client.get("/api/search/suggest", {"q": "khai si"}).json()
    assert [s["code"] for s in body["suggestions"]] == ["1.001193", "1.004884"]


# --- failures fall back to the embedded index --------------------------------------------------


@pytest.mark.parametrize("status", sorted(ERRORS))
def test_an_error_reply_falls_back_to_the_embedded_index(cluster_and_index, clock, caplog, status):
    cluster = cluster_and_index
    cluster.reply(ERRORS[status], status=status)
    with caplog.at_level(logging.WARNING, logger="search.services"):
        results = services.procedure_search("khai sinh")

    assert results.backend == "embedded"
    assert [h.code for h in results.hits] == ["1.001193"]
    assert "Elasticsearch unreachable during search" in caplog.text
    assert ERRORS[status]["error"]["type"] in caplog.text


@pytest.mark.parametrize("status", [400, 503])
def test_a_suggest_error_falls_back_to_the_embedded_index(cluster_and_index, clock, status):
    cluster = cluster_and_index
    cluster.reply(ERRORS[status], status=status)
    assert [s.code for s in services.procedure_suggest("dang ky kh")] == ["1.001193"]


def test_a_cluster_slower_than_the_timeout_falls_back(cluster_and_index, clock, settings, caplog):
    cluster = cluster_and_index
    settings.ELASTICSEARCH_TIMEOUT = 0.2
    cluster.reply(BIRTH_SEARCH, delay=1.0)
    with caplog.at_level(logging.WARNING, logger="search.services"):
        results = services.procedure_search("khai sinh")
    assert (results.backend, results.total) == ("embedded", 1)
    assert "Elasticsearch unreachable during search, using the embedded backend: Connection timed out" in caplog.text


def test_a_reply_that_is_not_json_falls_back(cluster_and_index, clock):
    cluster = cluster_and_index
    cluster.server.replies.append((502, {"not": "elasticsearch"}, 0))
    results = services.procedure_search("khai sinh")
    assert results.backend == "embedded"


# --- the retry window, on an injected clock ---------------------------------------------------


def test_after_a_failure_the_cluster_is_left_alone_for_thirty_seconds(cluster_and_index, clock):
    cluster = cluster_and_index
    cluster.reply(ERRORS[503], status=503)
    assert services.procedure_search("khai sinh").backend == "embedded"
    assert len(cluster.requests) == 1

    clock.now += 29.999
    cluster.reply(BIRTH_SEARCH)
    assert services.procedure_search("khai sinh").backend == "embedded"
    assert services.procedure_suggest("khai si")[0].code == "1.001193"
    assert len(cluster.requests) == 1  # not asked again inside the window

    clock.now += 0.001
    results = services.procedure_search("khai sinh")
    assert (results.backend, results.total) == ("elasticsearch", 37)
    assert len(cluster.requests) == 2


def test_a_failure_inside_a_later_window_starts_a_new_one(cluster_and_index, clock):
    cluster = cluster_and_index
    cluster.reply(ERRORS[500], status=500)
    services.procedure_search("khai sinh")
    clock.now += 30
    cluster.reply(ERRORS[500], status=500)
    assert services.procedure_search("khai sinh").backend == "embedded"
    clock.now += 29
    assert services.procedure_search("khai sinh").backend == "embedded"
    assert len(cluster.requests) == 2


def test_the_timeout_asked_for_is_capped_at_two_seconds(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9200"
    settings.ELASTICSEARCH_TIMEOUT = 30
    client = ElasticsearchBackend.from_settings().client
    assert (client._request_timeout, client._max_retries, client._retry_on_timeout) == (2.0, 0, False)
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    assert ElasticsearchBackend.from_settings().client._request_timeout == 0.5
