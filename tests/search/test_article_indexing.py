"""Articles follow Wagtail publish, unpublish and delete into Elasticsearch.

No cluster can run here, so the client talks to a recording HTTP endpoint on loopback that
answers as Elasticsearch does (product header, bulk items) and keeps every request: the tests
read the real bulk bodies the client sent.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from search import services
from search.backends.elasticsearch import ArticleDocument, article_body, index_definition
from search.types import ArticleIndexDocument
from tests.factories import article_make


def _actions(lines: list[dict]):
    """(operation, metadata) of each action of a bulk body; the source after an index action is skipped."""
    i = 0
    while i < len(lines):
        op, meta = next(iter(lines[i].items()))
        yield op, meta
        i += 1 if op == "delete" else 2


class _Recorder(BaseHTTPRequestHandler):
    def _answer(self, body: dict | None) -> None:
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(200)
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _record(self) -> list[dict]:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        lines = [json.loads(line) for line in raw.splitlines() if line.strip()]
        self.server.requests.append((self.command, self.path.split("?")[0], lines))
        return lines

    def _handle(self):
        lines = self._record()
        if self.path.startswith("/_bulk"):
            self._answer(
                {"took": 1, "errors": False, "items": [{op: {**meta, "status": 200}} for op, meta in _actions(lines)]}
            )
        elif self.command == "HEAD":
            self._answer(None)
        elif self.command == "GET":
            self._answer({})
        else:
            self._answer({"acknowledged": True})

    do_HEAD = do_GET = do_PUT = do_POST = do_DELETE = _handle

    def log_message(self, *args):
        pass


@pytest.fixture
def cluster_requests(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{server.server_port}"
    settings.ELASTICSEARCH_INDEX_PREFIX = "portal-test"
    services.elasticsearch_retry_now()
    yield server.requests
    server.shutdown()
    server.server_close()
    services.elasticsearch_retry_now()


def article_actions(requests) -> list[dict]:
    """The bulk lines sent for the article alias or an article index, in order (action, then source)."""
    found = []
    for _, path, lines in requests:
        if not path.startswith("/_bulk"):
            continue
        for i, line in enumerate(lines):
            op, meta = next(iter(line.items()))
            if op in ("index", "delete") and str(meta.get("_index", "")).startswith("portal-test-articles"):
                found += [line] if op == "delete" else [line, lines[i + 1]]
    return found


def test_article_body_uses_the_article_mapping():
    body = article_body(
        ArticleIndexDocument(
            page_id=3,
            title="Nộp hồ sơ trực tuyến",
            url="/tin-tuc/nop-ho-so/",
            lead="Mọi lúc, mọi nơi.",
            body="Dịch vụ công mức độ 3.",
            date="2026-01-05",
            tags=("dịch vụ công",),
            owner="Biên tập viên",
        )
    )
    assert body == {
        "title": "Nộp hồ sơ trực tuyến",
        "lead": "Mọi lúc, mọi nơi.",
        "body": "Dịch vụ công mức độ 3.",
        "url": "/tin-tuc/nop-ho-so/",
        "date": "2026-01-05",
        "tags": ["dịch vụ công"],
        "owner": {"name": "Biên tập viên"},
    }
    properties = index_definition("portal-test-articles-1", ArticleDocument).to_dict()["mappings"]["properties"]
    assert set(body) <= set(properties)


@pytest.mark.django_db
def test_articles_follow_publish_unpublish_and_delete(cluster_requests):
    article = article_make(title="Hướng dẫn nộp hồ sơ trực tuyến", tags=["dịch vụ công"])
    action, source = article_actions(cluster_requests)
    assert action == {"index": {"_index": "portal-test-articles", "_id": article.pk}}
    assert source["title"] == "Hướng dẫn nộp hồ sơ trực tuyến"
    assert source["url"] == article.get_url()
    assert source["lead"] == article.lead
    assert "Dịch vụ công mức độ 3 cho phép nộp hồ sơ trực tuyến." in source["body"]
    assert "<p>" not in source["body"]
    assert source["date"] == article.date.isoformat()

    cluster_requests.clear()
    article.unpublish()
    assert article_actions(cluster_requests) == [{"delete": {"_index": "portal-test-articles", "_id": article.pk}}]

    cluster_requests.clear()
    article.delete()
    assert article_actions(cluster_requests) == [{"delete": {"_index": "portal-test-articles", "_id": article.pk}}]


@pytest.mark.django_db
def test_a_draft_article_is_never_sent(cluster_requests):
    article_make(title="Bản nháp chưa duyệt", publish=False)
    assert article_actions(cluster_requests) == []


@pytest.mark.django_db
def test_article_rebuild_fills_a_new_index_and_swaps_the_alias(cluster_requests):
    first = article_make(title="Tin thứ nhất")
    article_make(title="Tin nháp", publish=False)
    cluster_requests.clear()
    assert services.article_index_rebuild() == 1
    created = [(path, body) for method, path, body in cluster_requests if method == "PUT" and path != "/_bulk"]
    assert len(created) == 1 and created[0][0].startswith("/portal-test-articles-")
    assert "vi_search" in created[0][1][0]["settings"]["analysis"]["analyzer"]
    new_index = created[0][0].strip("/")
    action, source = article_actions(cluster_requests)
    assert action == {"index": {"_index": new_index, "_id": first.pk}} and source["title"] == "Tin thứ nhất"
    aliases = [body for method, path, body in cluster_requests if path == "/_aliases"]
    assert aliases == [[{"actions": [{"add": {"index": new_index, "alias": "portal-test-articles"}}]}]]


@pytest.mark.django_db
def test_article_indexing_without_a_cluster_does_nothing(settings):
    settings.ELASTICSEARCH_URL = ""
    article_make(title="Tin không có cụm Elasticsearch")
    assert services.article_index_rebuild() == 0
