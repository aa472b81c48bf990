"""A rebuild fills a new timestamped index and swaps the alias in one request (issue #17, several machines).

Every application server searches through the alias, so a rebuild on one machine must never show
the others a half-built or missing index. No cluster runs here: the client talks to a small HTTP
endpoint on loopback (as ``test_elasticsearch_replies``) that answers as Elasticsearch 8 does and
records each request; the tests read the request bodies. Expected values are written out.
"""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from elasticsearch import ApiError, Elasticsearch

from search.backends.elasticsearch import ElasticsearchBackend
from search.types import IndexDocument

ALIAS = "portal-test-procedures"
OLD = "portal-test-procedures-20261101020304000000"
LEFTOVER = "portal-test-procedures-20261115000000000000"  # a rebuild killed before its swap
NEWER = "portal-test-procedures-29991231235959000000"  # a rebuild started meanwhile
NAME = re.compile(r"^/(portal-test-procedures-\d{20})$")


class _Cluster(BaseHTTPRequestHandler):
    """Answers like an Elasticsearch 8 node holding ``server.indices`` ({name: [aliases]})."""

    def _handle(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        text = raw.decode()
        body = [json.loads(line) for line in text.splitlines() if line.strip()] if raw else None
        path = self.path.split("?")[0]
        self.server.requests.append((self.command, path, body))
        status, reply = self.answer(self.command, path, body)
        data = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Type", "application/vnd.elasticsearch+json;compatible-with=8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def answer(self, method, path, body):
        indices = self.server.indices
        if method == "PUT" and NAME.match(path):
            indices[path[1:]] = []
            return 200, {"acknowledged": True, "shards_acknowledged": True, "index": path[1:]}
        if path == "/_bulk":
            if self.server.bulk_fails:
                return 429, {
                    "error": {"type": "es_rejected_execution_exception", "reason": "queue full"},
                    "status": 429,
                }
            items = [{"index": {"_index": line["index"]["_index"], "_id": line["index"]["_id"], "status": 201}}
                     for line in body if "index" in line]  # fmt: skip
            return 200, {"took": 3, "errors": False, "items": items}
        if path.endswith("/_refresh"):
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if path == f"/_alias/{ALIAS}":
            holders = {name: {"aliases": {ALIAS: {}}} for name, aliases in indices.items() if ALIAS in aliases}
            return (200, holders) if holders else (404, {"error": f"alias [{ALIAS}] missing", "status": 404})
        if path == f"/{ALIAS}-*/_alias":
            return 200, {name: {"aliases": {a: {} for a in aliases}} for name, aliases in indices.items()}
        if path == "/_aliases" and method == "POST":
            for action in body[0]["actions"]:
                ((kind, target),) = action.items()
                if kind == "remove":
                    indices[target["index"]].remove(target["alias"])
                else:
                    indices[target["index"]].append(target["alias"])
            return 200, {"acknowledged": True}
        if method == "DELETE":
            indices.pop(path[1:], None)
            return 200, {"acknowledged": True}
        return 404, {"error": f"unexpected {method} {path}", "status": 404}

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _handle

    def log_message(self, *args):
        pass


@pytest.fixture
def cluster():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Cluster)
    server.requests, server.indices, server.bulk_fails = [], {}, False
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def backend(cluster):
    client = Elasticsearch(f"http://127.0.0.1:{cluster.server_port}", max_retries=0, request_timeout=5)
    return ElasticsearchBackend(client, alias=ALIAS)


def documents(n: int) -> list[IndexDocument]:
    return [
        IndexDocument(page_id=pk, code=f"1.00{pk}", title=f"Thủ tục {pk}", url=f"/thu-tuc/{pk}/")
        for pk in range(1, n + 1)
    ]


def test_a_rebuild_fills_a_new_index_then_swaps_the_alias_in_one_request_then_drops_the_old(cluster, backend):
    cluster.indices.update({OLD: [ALIAS], LEFTOVER: [], NEWER: []})
    assert backend.rebuild(documents(3)) == 3

    (new,) = [path[1:] for method, path, _ in cluster.requests if method == "PUT" and NAME.match(path)]
    steps = [(method, path.replace(new, "NEW")) for method, path, _ in cluster.requests]
    assert steps == [
        ("PUT", "/NEW"),  # the new index, with its mappings and analysis
        ("PUT", "/_bulk"),
        ("POST", "/NEW/_refresh"),  # searchable before anyone is sent to it
        ("HEAD", f"/_alias/{ALIAS}"),
        ("GET", f"/_alias/{ALIAS}"),
        ("POST", "/_aliases"),  # the swap: one atomic request
        ("GET", f"/{ALIAS}-*/_alias"),
        ("DELETE", f"/{OLD}"),
        ("DELETE", f"/{LEFTOVER}"),
    ]
    bodies = {path.replace(new, "NEW"): body for method, path, body in cluster.requests}
    assert bodies["/_aliases"] == [
        {"actions": [{"remove": {"index": OLD, "alias": ALIAS}}, {"add": {"index": new, "alias": ALIAS}}]}
    ]
    created = bodies["/NEW"][0]
    assert "vi_text" in json.dumps(created["settings"]) and "title" in created["mappings"]["properties"]
    targets = {line["index"]["_index"] for line in bodies["/_bulk"] if "index" in line}
    assert targets == {new}  # the documents go to the new index, never through the alias
    assert cluster.indices == {new: [ALIAS], NEWER: []}


def test_the_first_rebuild_creates_the_alias(cluster, backend):
    assert backend.rebuild(documents(2)) == 2
    (body,) = [body for method, path, body in cluster.requests if path == "/_aliases"]
    (new,) = cluster.indices
    assert body == [{"actions": [{"add": {"index": new, "alias": ALIAS}}]}]
    assert cluster.indices == {new: [ALIAS]}


def test_a_failed_rebuild_drops_its_half_built_index_and_keeps_the_alias(cluster, backend):
    cluster.indices.update({OLD: [ALIAS]})
    cluster.bulk_fails = True
    with pytest.raises(ApiError):
        backend.rebuild(documents(3))
    assert not any(path == "/_aliases" for method, path, body in cluster.requests)
    assert cluster.indices == {OLD: [ALIAS]}  # searches still answered by the old index
