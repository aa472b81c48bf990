"""Relevance evaluation: run a query set through the JSON API and compute MRR@10, hit@1, hit@5.

Shared by the ``search_eval`` command and the relevance test, so both measure the same thing.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

CUTOFF = 10
# Query sets kept in the repository: the public regression set and the development and held-out halves.
EVAL_DIR = Path(__file__).resolve().parent / "data" / "eval"


@dataclass(frozen=True)
class EvalQuery:
    """One line of queries.tsv: the query, the codes that count as right, and its kind.

    No codes (kind ``nomatch``): no procedure answers the query, and the right answer is a page
    that says nothing matches well.
    """

    text: str
    relevant: frozenset[str]
    kind: str


@dataclass
class Scores:
    """Reciprocal ranks and latencies of a group of queries."""

    reciprocal_ranks: list[float] = field(default_factory=list)
    ranks: list[int | None] = field(default_factory=list)

    def add(self, rank: int | None) -> None:
        self.ranks.append(rank)
        self.reciprocal_ranks.append(1 / rank if rank and rank <= CUTOFF else 0.0)

    @property
    def count(self) -> int:
        return len(self.ranks)

    @property
    def mrr(self) -> float:
        return statistics.fmean(self.reciprocal_ranks) if self.ranks else 0.0

    def hit_at(self, k: int) -> float:
        return sum(1 for r in self.ranks if r and r <= k) / self.count if self.ranks else 0.0


@dataclass
class EvalReport:
    """Scores overall and per kind, latencies in milliseconds, and the queries that missed."""

    overall: Scores = field(default_factory=Scores)
    by_kind: dict[str, Scores] = field(default_factory=lambda: defaultdict(Scores))
    latencies_ms: list[float] = field(default_factory=list)
    misses: list[tuple[EvalQuery, int | None, list[str]]] = field(default_factory=list)

    def percentile(self, p: float) -> float:
        values = sorted(self.latencies_ms)
        if not values:
            return 0.0
        return values[min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))]

    def lines(self) -> list[str]:
        rows = [f"{'kind':<18}{'n':>4}{'MRR@10':>9}{'hit@1':>8}{'hit@5':>8}"]
        groups = [("overall", self.overall), *sorted(self.by_kind.items())]
        for name, scores in groups:
            rows.append(
                f"{name:<18}{scores.count:>4}{scores.mrr:>9.3f}{scores.hit_at(1):>8.3f}{scores.hit_at(5):>8.3f}"
            )
        rows.append(
            f"latency through the API: median {statistics.median(self.latencies_ms):.1f} ms, "
            f"p95 {self.percentile(95):.1f} ms over {len(self.latencies_ms)} queries"
        )
        for query, rank, top in self.misses:
            where = f"rank {rank}" if rank else "not in top 10"
            rows.append(f"  below rank 1: {query.text!r} ({query.kind}) {where}; top: {', '.join(top[:3])}")
        return rows


def read_queries(path: str | Path) -> list[EvalQuery]:
    """Read a queries.tsv file (comment lines start with #)."""
    queries = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, codes, kind = line.split("\t")[:3]
        relevant = frozenset(c.strip() for c in codes.split(",") if c.strip())
        queries.append(EvalQuery(text=text, relevant=relevant, kind=kind.strip()))
    return queries


def evaluate(queries: list[EvalQuery], client) -> EvalReport:
    """Run every query through ``client`` (a django.test.Client) against /api/search."""
    report = EvalReport()
    for query in queries:
        started = time.perf_counter()
        response = client.get("/api/search", {"q": query.text, "page_size": CUTOFF})
        report.latencies_ms.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(
                f"/api/search answered {response.status_code} for {query.text!r}: {response.content[:200]!r}"
            )
        body = response.json()
        codes = [result["code"] for result in body["results"]]
        if query.relevant:
            rank = next((i for i, code in enumerate(codes, 1) if code in query.relevant), None)
        else:
            # A query no procedure answers ("nomatch") is right when the page says nothing matches well.
            rank = 1 if body.get("no_good_match") else None
        report.overall.add(rank)
        report.by_kind[query.kind].add(rank)
        if rank != 1:
            report.misses.append((query, rank, codes))
    return report


def records_index(path: str | Path, *, copies: int = 1) -> int:
    """Fill the embedded index straight from a catalogue file, without creating pages.

    For relevance runs and benchmarks at a scale where creating Wagtail pages would take far
    longer than the searches being measured. Records are parsed by the importer
    (``cms.importer.parse_record``) and turned into index documents exactly as pages are; copy
    ``k`` > 0 of a record gets the code ``<code>-<k>`` and its own id. Returns how many were indexed.
    """
    from cms.importer import RecordError, parse_record, read_records
    from search.backends.embedded import EmbeddedBackend
    from search.documents import record_document

    parsed = []
    for raw in read_records(path):
        try:
            parsed.append(parse_record(raw))
        except RecordError:
            continue
    backend = EmbeddedBackend()

    def documents():
        page_id = 0
        for copy in range(copies):
            for data in parsed:
                page_id += 1
                code = data.code if copy == 0 else f"{data.code}-{copy}"
                document = record_document(data, page_id=page_id, url=f"/thu-tuc-hanh-chinh/{code}/")
                yield document if copy == 0 else replace(document, code=code)

    return backend.index(documents())
