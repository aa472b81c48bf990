"""The default backend: full text in the site's own database, no extra server.

SQLite uses the FTS5 table ``search_procedure_fts`` (bm25 with column weights); PostgreSQL a
weighted ``tsvector`` column with a GIN index (``ts_rank``). Both hold text folded by
:mod:`search.analysis`, so matching is accent-, tone- and spelling-insensitive on both, and both
hand their best candidates to :func:`search.ranking.rerank`.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterable, Sequence
from itertools import combinations

from django.db import connection, transaction

from search import analysis
from search.analysis import AnalyzedQuery
from search.models import ProcedureIndexEntry, ProcedureIndexFacet
from search.ranking import Candidate, idf, rerank
from search.types import FACET_ORDER, FacetValue, IndexDocument, SearchFilters, SearchHit, SearchResults, Suggestion

logger = logging.getLogger(__name__)

ENTRY = ProcedureIndexEntry._meta.db_table
FACET = ProcedureIndexFacet._meta.db_table
FTS = "search_procedure_fts"
# How many of the engine's best matches the second-stage ranking looks at.
CANDIDATES = 150
# Field weights: name ≫ sector ≫ body; the code counts like the name.
SQLITE_WEIGHTS = "10.0, 10.0, 3.0, 1.0"  # title, code, sector, body
BATCH = 500
STATS_TTL = 60.0
_title_stats: dict = {"at": float("-inf"), "total": 0, "frequency": {}}


# A query with more groups than this matches on its first groups and ranks on all of them.
MAX_MATCH_GROUPS = 8


def _words_sqlite(words: Sequence[str]) -> str:
    return '"' + " ".join(words) + '"'


def _words_postgres(words: Sequence[str]) -> str:
    return "(" + " <-> ".join(words) + ")" if len(words) > 1 else words[0]


def required_groups(count: int) -> int:
    """How many of ``count`` groups a result must match: all up to three, then three quarters.

    The same rule as the Elasticsearch backend's ``minimum_should_match: "3<75%"``.
    """
    return count if count <= 3 else math.ceil(count * 0.75)


class EmbeddedBackend:
    """Search over the ``search_procedureindexentry`` table and its full-text companion."""

    name = "embedded"

    # --- writing -------------------------------------------------------------------------

    def index(self, documents: Iterable[IndexDocument]) -> int:
        """Insert or replace ``documents``; return how many were written."""
        count = 0
        batch: list[IndexDocument] = []
        for document in documents:
            batch.append(document)
            if len(batch) >= BATCH:
                count += self._write(batch)
                batch = []
        if batch:
            count += self._write(batch)
        return count

    def remove(self, page_ids: Iterable[int]) -> None:
        """Drop these pages from the index (unknown ids are ignored)."""
        ids = list(page_ids)
        if not ids:
            return
        with transaction.atomic():
            ProcedureIndexFacet.objects.filter(entry_id__in=ids).delete()
            ProcedureIndexEntry.objects.filter(page_id__in=ids).delete()
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({','.join(['%s'] * len(ids))})", ids)

    def clear(self) -> None:
        """Empty the index."""
        with transaction.atomic():
            ProcedureIndexFacet.objects.all().delete()
            ProcedureIndexEntry.objects.all().delete()
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {FTS}")

    def indexed_ids(self) -> set[int]:
        return set(ProcedureIndexEntry.objects.values_list("page_id", flat=True))

    def _write(self, documents: list[IndexDocument]) -> int:
        _title_stats["at"] = float("-inf")
        ids = [d.page_id for d in documents]
        rows = []
        folded = {}
        for d in documents:
            title_folded = analysis.fold(d.title)
            sector_folded = analysis.fold(d.sector)
            code_key = analysis.code_key(d.code) or analysis.fold(d.code).replace(" ", "")
            folded[d.page_id] = (title_folded, code_key, sector_folded, analysis.fold(d.body))
            rows.append(
                ProcedureIndexEntry(
                    page_id=d.page_id,
                    code=d.code,
                    code_key=code_key,
                    title=d.title,
                    url=d.url,
                    sector=d.sector,
                    excerpt_source=d.excerpt_source[:2000],
                    title_folded=title_folded,
                    sector_folded=sector_folded,
                    online_mode=d.online_mode,
                    postal_submission=d.postal_submission,
                    postal_return=d.postal_return,
                )
            )
        with transaction.atomic():
            self.remove(ids)
            ProcedureIndexEntry.objects.bulk_create(rows)
            ProcedureIndexFacet.objects.bulk_create(
                ProcedureIndexFacet(entry_id=d.page_id, name=name, value=value[:100], label=label[:255])
                for d in documents
                for name, value, label in d.facet_values()
            )
            with connection.cursor() as cursor:
                if connection.vendor == "sqlite":
                    cursor.executemany(
                        f"INSERT INTO {FTS} (rowid, title, code, sector, body) VALUES (%s, %s, %s, %s, %s)",
                        [(pk, *values) for pk, values in folded.items()],
                    )
                else:
                    cursor.executemany(
                        f"UPDATE {ENTRY} SET document = "
                        "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'A')"
                        " || setweight(to_tsvector('simple', %s), 'B') || setweight(to_tsvector('simple', %s), 'D')"
                        " WHERE page_id = %s",
                        [(*values, pk) for pk, values in folded.items()],
                    )
        return len(documents)

    # --- reading -------------------------------------------------------------------------

    def search(self, query: AnalyzedQuery, filters: SearchFilters, page: int, page_size: int) -> SearchResults:
        """Return one page of ranked results with facet counts over all matches."""
        results = SearchResults(query=query.text, total=0, page=page, page_size=page_size, backend=self.name)
        with connection.cursor() as cursor:
            match = None
            if not query.is_empty:
                match = self._match(query, strict=True)
                results.total = self._count(cursor, match, filters)
                if not results.total and len(query.groups) > 1:
                    match = self._match(query, strict=False)
                    results.approximate = True
                    results.total = self._count(cursor, match, filters)
            else:
                results.total = self._count(cursor, None, filters)
            if not results.total:
                return results
            results.facets = self._facets(cursor, match, filters)
            wanted = page * page_size
            if match is None:
                ordered = self._browse(cursor, filters, offset=(page - 1) * page_size, limit=page_size)
            else:
                candidates = self._candidates(cursor, match, filters, max(CANDIDATES, wanted))
                weights = self._group_weights(cursor, query)
                ordered = rerank(query, candidates, weights)[(page - 1) * page_size : wanted]
            results.hits = self._hits(query, ordered)
        return results

    def suggest(self, text: str, limit: int) -> list[Suggestion]:
        """Return titles whose words start with what was typed (the last word as a prefix)."""
        words = analysis.tokens(text)
        if not words:
            return []
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                terms = " AND ".join(f'"{w}"' for w in words[:-1])
                last = f'"{words[-1]}" *'
                expr = f"title : ({terms + ' AND ' if terms else ''}{last})"
                cursor.execute(
                    f"SELECT e.title, e.code, e.url FROM {FTS} f JOIN {ENTRY} e ON e.page_id = f.rowid "
                    f"WHERE {FTS} MATCH %s ORDER BY bm25({FTS}, {SQLITE_WEIGHTS}), length(e.title) LIMIT %s",
                    [expr, limit],
                )
            else:
                expr = " & ".join([f"{w}:A" for w in words[:-1]] + [f"{words[-1]}:*A"])
                cursor.execute(
                    f"SELECT title, code, url FROM {ENTRY}, to_tsquery('simple', %s) q WHERE document @@ q "
                    "ORDER BY ts_rank(document, q) DESC, length(title) LIMIT %s",
                    [expr, limit],
                )
            return [Suggestion(title=t, code=c, url=u) for t, c, u in cursor.fetchall()]

    # --- SQL building ------------------------------------------------------------------------

    def _group_expression(self, group) -> str:
        if connection.vendor == "sqlite":
            return "(" + " OR ".join(_words_sqlite(alt) for alt in group.alternatives) + ")"
        return "(" + " | ".join(_words_postgres(alt) for alt in group.alternatives) + ")"

    def _match(self, query: AnalyzedQuery, *, strict: bool) -> str:
        """The full-text expression: at least ``required_groups`` groups (strict) or any group."""
        and_join, or_join = (" AND ", " OR ") if connection.vendor == "sqlite" else (" & ", " | ")
        parts = [self._group_expression(group) for group in query.groups[:MAX_MATCH_GROUPS]]
        if not strict:
            return or_join.join(parts)
        need = required_groups(len(parts))
        if need == len(parts):
            return and_join.join(parts)
        return or_join.join("(" + and_join.join(combo) + ")" for combo in combinations(parts, need))

    def _group_weights(self, cursor, query: AnalyzedQuery) -> list[float]:
        """Weight each group by how rare it is among titles (see ``search.ranking.idf``).

        Title frequencies change only when the catalogue does and only steer the ranking, so
        they are kept for a minute per process.
        """
        now = time.monotonic()
        if now - _title_stats["at"] > STATS_TTL:
            cursor.execute(f"SELECT COUNT(*) FROM {ENTRY}")
            _title_stats.update(at=now, total=cursor.fetchone()[0], frequency={})
        frequency: dict = _title_stats["frequency"]
        weights = []
        for group in query.groups:
            if group in frequency:
                weights.append(idf(frequency[group], _title_stats["total"]))
                continue
            if connection.vendor == "sqlite":
                cursor.execute(
                    f"SELECT COUNT(*) FROM {FTS} WHERE {FTS} MATCH %s", [f"title : {self._group_expression(group)}"]
                )
            else:
                expr = " | ".join("(" + " <-> ".join(f"{w}:A" for w in alt) + ")" for alt in group.alternatives)
                cursor.execute(f"SELECT COUNT(*) FROM {ENTRY} WHERE document @@ to_tsquery('simple', %s)", [expr])
            frequency[group] = cursor.fetchone()[0]
            weights.append(idf(frequency[group], _title_stats["total"]))
        return weights

    def _where(self, match: str | None, filters: SearchFilters, alias: str) -> tuple[str, list]:
        clauses: list[str] = []
        params: list = []
        if match is not None:
            if connection.vendor == "sqlite":
                clauses.append(f"{alias} IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)")
            else:
                clauses.append("document @@ to_tsquery('simple', %s)")
            params.append(match)
        for name, values in filters.items():
            marks = ",".join(["%s"] * len(values))
            clauses.append(f"{alias} IN (SELECT entry_id FROM {FACET} WHERE name = %s AND value IN ({marks}))")
            params += [name, *values]
        return (" AND ".join(clauses) or "1=1"), params

    def _count(self, cursor, match: str | None, filters: SearchFilters) -> int:
        if match is not None and connection.vendor == "sqlite" and not filters:
            cursor.execute(f"SELECT COUNT(*) FROM {FTS} WHERE {FTS} MATCH %s", [match])
        else:
            where, params = self._where(match, filters, "page_id")
            cursor.execute(f"SELECT COUNT(*) FROM {ENTRY} WHERE {where}", params)
        return cursor.fetchone()[0]

    def _facets(self, cursor, match: str | None, filters: SearchFilters) -> dict[str, list[FacetValue]]:
        where, params = self._where(match, filters, "entry_id")
        cursor.execute(
            f"SELECT name, value, MIN(label), COUNT(*) FROM {FACET} WHERE {where} GROUP BY name, value", params
        )
        selected = {name: set(values) for name, values in filters.items()}
        facets: dict[str, list[FacetValue]] = {name.value: [] for name in FACET_ORDER}
        for name, value, label, count in cursor.fetchall():
            facets.setdefault(name, []).append(
                FacetValue(value=value, label=label, count=count, selected=value in selected.get(name, ()))
            )
        for values in facets.values():
            values.sort(key=lambda v: (-v.count, v.label))
        return facets

    def _candidates(self, cursor, match: str, filters: SearchFilters, limit: int) -> list[Candidate]:
        filter_sql, params = self._where(None, filters, "e.page_id")
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT e.page_id, e.title_folded, e.sector_folded, e.code_key, bm25({FTS}, {SQLITE_WEIGHTS}) s "
                f"FROM {FTS} f JOIN {ENTRY} e ON e.page_id = f.rowid "
                f"WHERE {FTS} MATCH %s AND {filter_sql} ORDER BY s LIMIT %s",
                [match, *params, limit],
            )
            rows = cursor.fetchall()
            best = min((row[4] for row in rows), default=-1.0) or -1.0
        else:
            cursor.execute(
                "SELECT e.page_id, e.title_folded, e.sector_folded, e.code_key, "
                "ts_rank(e.document, q, '{0.1, 0.2, 0.4, 1.0}') s "
                f"FROM {ENTRY} e, to_tsquery('simple', %s) q WHERE e.document @@ q AND {filter_sql} "
                "ORDER BY s DESC LIMIT %s",
                [match, *params, limit],
            )
            rows = cursor.fetchall()
            best = max((row[4] for row in rows), default=1.0) or 1.0
        return [
            Candidate(page_id=r[0], title_folded=r[1], sector_folded=r[2], code_key=r[3], engine_score=r[4] / best)
            for r in rows
        ]

    def _browse(self, cursor, filters: SearchFilters, *, offset: int, limit: int) -> list[Candidate]:
        where, params = self._where(None, filters, "page_id")
        cursor.execute(
            f"SELECT page_id FROM {ENTRY} WHERE {where} ORDER BY title, page_id LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return [
            Candidate(page_id=row[0], title_folded="", sector_folded="", code_key="", engine_score=0)
            for row in cursor.fetchall()
        ]

    def _hits(self, query: AnalyzedQuery, ordered: list[Candidate]) -> list[SearchHit]:
        entries = ProcedureIndexEntry.objects.in_bulk([c.page_id for c in ordered])
        words = query.highlight_words
        hits = []
        for candidate in ordered:
            entry = entries.get(candidate.page_id)
            if entry is None:
                continue
            hits.append(
                SearchHit(
                    page_id=entry.page_id,
                    code=entry.code,
                    title=entry.title,
                    url=entry.url,
                    sector=entry.sector,
                    snippet=analysis.excerpt(entry.excerpt_source, words),
                    title_html=analysis.highlight(entry.title, words),
                    online_mode=entry.online_mode,
                    postal_submission=entry.postal_submission,
                    postal_return=entry.postal_return,
                    score=round(candidate.score, 4),
                )
            )
        return hits
