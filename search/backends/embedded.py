"""The default backend: full text in the site's own database, no extra server.

SQLite uses three FTS5 tables (migration 0007): ``search_procedure_match`` gives the ids of the
entries holding a term, ``search_procedure_heading`` picks and scores candidates whose title, code
or sector names the query (bm25 with column weights), ``search_procedure_fts`` scores by the body
when no heading does. PostgreSQL has the same split: a small weighted ``heading`` vector on the
entry row picks and scores candidates (``ts_rank``), and the narrow ``search_procedure_document``
table (migration 0011) holds every field's vector for the id sets of terms; both have GIN indexes.
Both hold text folded by :mod:`search.analysis`, so matching is accent-, tone- and
spelling-insensitive on both. On both, a query's matches, total and facet counts are worked out
from id sets of its terms (:mod:`search.bitsets`), and the best candidates go to
:func:`search.ranking.rerank`.
"""

from __future__ import annotations

import json
import logging
import math
import secrets
import sys
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import chain, repeat

from django.db import DatabaseError, connection, transaction

from search import analysis, bitsets
from search.analysis import AnalyzedQuery
from search.models import IndexGeneration, ProcedureIndexEntry, ProcedureIndexFacet
from search.ranking import Candidate, idf, is_good_match, rerank, unasked_variant
from search.types import FACET_ORDER, FacetValue, IndexDocument, SearchFilters, SearchHit, SearchResults, Suggestion

logger = logging.getLogger(__name__)

ENTRY = ProcedureIndexEntry._meta.db_table
FACET = ProcedureIndexFacet._meta.db_table
FTS = "search_procedure_fts"
# Heading columns only, and every word without positions: see migration 0007.
HEADING = "search_procedure_heading"
MATCH = "search_procedure_match"
FTS_TABLES = (FTS, HEADING, MATCH)
# PostgreSQL: page id and the whole document's vector (migration 0011), and the GIN indexes.
DOCUMENT = "search_procedure_document"
GIN_INDEXES = ("search_procedure_heading", "search_procedure_document_gin")
# How many of the engine's best matches the second-stage ranking looks at.
CANDIDATES = 100
# Body matches join the candidates when fewer than this many pages' worth of titles name the query.
BODY_POOL_FROM = 3
# Titles an autocomplete lookup ranks (per way of completing).
SUGGEST_POOL = 50
SUGGEST_PHRASE = 1.0
# A good match among fewer matches than this is compared with the next looser level's best.
RELAX_BELOW = 10
# When nothing matches well, this many closest procedures are shown (and no more).
CLOSEST = 3
# A word pair in more titles than this (or a twentieth of them) is too common to pick candidates.
HEADING_COMMON = 200
# The heading pass scores this many times ``CANDIDATES`` rows, of which those matching the whole
# query are kept (most do: they name the query's rarest word pairs).
HEADING_POOL = 4
# PostgreSQL ranks headings only among the matches when there are at most this many of them.
HEADING_AMONG = 1000
# Field weights of the heading table: name ≫ sector > everyday phrases; the code counts like the
# name. The phrases (search.aliases) name the procedure as residents do, less surely than its
# title; the reranking, not this score, gives them their place (5 instead of 2 ranked a few
# development queries worse on both databases).
HEADING_WEIGHTS = "10.0, 10.0, 3.0, 2.0"  # title, code, sector, aliases
# PostgreSQL's ts_rank weights of D, C, B, A: body, everyday phrases, sector, title and code (the
# same proportions as HEADING_WEIGHTS).
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
BATCH = 500
# Id sets of search terms kept per generation of the index: at most this many, and this many
# bytes (a set takes a bit per page id: 3.3 KB at 26,420 procedures).
TERM_MASKS = 2048
TERM_MASK_BYTES = 32 * 1024 * 1024
# After a write, the first search of the new generation reads again this many of the previous
# generation's largest id sets: common words, which most searches share and which cost the most
# to read (Solr's cache autowarming).
AUTOWARM = 32
# Above this many matches, facets are counted with one set intersection per facet value.
FACET_MASKS_FROM = 1000
# Per-process caches derived from the whole index (title word frequencies, facet labels, each
# entry's facet keys). They are valid for one generation of the index — a counter every write
# changes in the same transaction, read with one single-row query per search — so never stale.
GENERATION = IndexGeneration._meta.db_table
# The state of the current generation; a new generation gets a new dict (never one emptied in
# place), so a search still reading the old one in another thread is not pulled from under.
_states: dict[str, dict] = {"current": {"generation": None}}
# Guards the term LRU (``_term_mask``) against the threads of one worker.
_term_lock = threading.Lock()


def _index_state(cursor) -> dict:
    cursor.execute(f"SELECT value FROM {GENERATION} WHERE id = 1")
    row = cursor.fetchone()
    generation = row[0] if row else None
    state = _states["current"]
    if state["generation"] != generation or "total" not in state:
        cursor.execute(f"SELECT COUNT(*) FROM {ENTRY}")
        state = _states["current"] = {
            "generation": generation,
            "total": cursor.fetchone()[0],
            "labels": {},
            "words": None,
            "facets": None,
            "term_masks": OrderedDict(),
            "term_mask_bytes": 0,
            "autowarm": _largest_terms(state.get("term_masks")),
        }
    return state


def _largest_terms(masks: OrderedDict | None) -> list[str]:
    """The ``AUTOWARM`` terms with the most ids among ``masks`` (a previous generation's), to be
    read again at the new generation's first search (see ``EmbeddedBackend._warm``)."""
    if not masks:
        return []
    with _term_lock:
        sized = [(mask.bit_count(), term) for term, mask in masks.items() if not term.startswith("title:")]
    return [term for _, term in sorted(sized, reverse=True)[:AUTOWARM]]


def _bump_generation() -> None:
    # A random value rather than a counter: a rolled-back write followed by another one must not
    # bring back a generation number some process has cached different data under.
    value = secrets.randbits(62)
    if not IndexGeneration.objects.filter(pk=1).update(value=value):
        IndexGeneration.objects.create(pk=1, value=value)


_WORD_RUN = analysis._WORD
# A query with more groups than this matches on its first groups and ranks on all of them.
MAX_MATCH_GROUPS = 8


def _words_sqlite(words: Sequence[str]) -> str:
    """One word, or a phrase as the conjunction of its indexed word pairs (see ``with_bigrams``)."""
    if len(words) == 1:
        return f'"{words[0]}"'
    return "(" + " AND ".join(f'"{a}_{b}"' for a, b in zip(words, words[1:], strict=False)) + ")"


def _words_postgres(words: Sequence[str], weights: str = "") -> str:
    """The PostgreSQL twin of ``_words_sqlite``: quoted lexemes, cast with ``::tsquery`` (no parser)."""
    if len(words) == 1:
        return f"'{words[0]}'{':' + weights if weights else ''}"
    suffix = f":{weights}" if weights else ""
    return "(" + " & ".join(f"'{a}_{b}'{suffix}" for a, b in zip(words, words[1:], strict=False)) + ")"


# PostgreSQL keeps at most 256 positions per lexeme and positions up to 16,383.
_MAX_POSITIONS = 255
_MAX_POSITION = 16383


def tsvector_literal(*fields: tuple[str, str]) -> str:
    """Return a ``tsvector`` literal of folded ``(weight, text)`` fields, word pairs included.

    Built here rather than by ``to_tsvector``, whose parser would split "khai_tu" in two: the
    pairs are what let PostgreSQL match a phrase through one GIN posting list, as on SQLite.
    """
    positions: dict[str, list[str]] = {}
    start = 0
    for weight, folded in fields:
        words = folded.split()
        for i, word in enumerate(words):
            position = f"{min(start + i + 1, _MAX_POSITION)}{weight}"
            positions.setdefault(word, []).append(position)
            if i + 1 < len(words):
                positions.setdefault(f"{word}_{words[i + 1]}", []).append(position)
        start += len(words) + 1
    return " ".join(
        f"'{lexeme}':{','.join(dict.fromkeys(found[:_MAX_POSITIONS]))}" for lexeme, found in positions.items()
    )


def _id_set(found: str | None) -> int:
    """The id set of the ids the engine joined with commas (``group_concat``, ``string_agg``).

    Read as a JSON array: the C parser reads 22,830 ids in 1.1 ms, ``map(int, found.split(","))``
    in 2.1.
    """
    return bitsets.from_ids(json.loads(f"[{found}]")) if found else 0


def _completes(title: list[str], words: list[str]) -> bool:
    """Whether ``title`` holds ``words`` in a row, the last of them as the start of a word."""
    n = len(words)
    for i in range(len(title) - n + 1):
        if title[i : i + n - 1] == words[:-1] and title[i + n - 1].startswith(words[-1]):
            return True
    return False


class Matches:
    """The ids a search matched: a ``search.bitsets`` set (words searched) or a list (a listing by title)."""

    def __init__(self, *, mask: int | None = None, id_list: list[int] | None = None):
        if mask is not None and mask < 0:
            raise ValueError("a match set cannot hold every id")
        self.mask = mask
        self._ids = id_list
        self.total = mask.bit_count() if mask is not None else len(id_list or ())

    def ids(self) -> list[int]:
        if self._ids is None:
            self._ids = bitsets.to_ids(self.mask or 0)
        return self._ids

    def __contains__(self, page_id: int) -> bool:
        if self.mask is not None:
            return bitsets.contains(self.mask, page_id)
        return page_id in self.ids()


def required_groups(count: int) -> int:
    """How many of ``count`` groups a result must match: all up to three, then three quarters.

    The same rule as the Elasticsearch backend's ``minimum_should_match: "3<75%"``.
    """
    return count if count <= 3 else math.ceil(count * 0.75)


class EmbeddedBackend:
    """Search over the ``search_procedureindexentry`` table and its full-text companion."""

    name = "embedded"
    # Procedures left out of every answer: those the commune of the search does not carry out
    # (issue #17; a small set per commune, ``cms.selectors.commune_catalogue``).
    _exclude: frozenset[int] = frozenset()
    _exclude_mask: int = 0

    def _excluding(self, exclude: Iterable[int]) -> None:
        self._exclude = frozenset(exclude)
        self._exclude_mask = bitsets.from_ids(self._exclude) if self._exclude else 0

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
        if count and connection.vendor == "postgresql":
            self._merge_pending()
        return count

    def _merge_pending(self) -> None:
        """Move what was just written into the GIN indexes proper (PostgreSQL).

        A GIN index takes new rows into a pending list, which every search reads through in full
        until autovacuum merges it. Right after filling 26,420 procedures that list held 490
        pages, and searches took half as long again (p50 12.3 ms, 9.0 once merged); merging it
        here, in bulk, is what autovacuum would do later. Only the tables' owner may: under
        another database role the write stands and autovacuum merges the list in its time.
        """
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for name in GIN_INDEXES:
                    cursor.execute("SELECT gin_clean_pending_list(CAST(%s AS regclass))", [name])
        except DatabaseError as error:
            logger.warning("search index: GIN pending lists left to autovacuum (%s)", error)

    def remove(self, page_ids: Iterable[int]) -> None:
        """Drop these pages from the index (unknown ids are ignored)."""
        ids = list(page_ids)
        if not ids:
            return
        with transaction.atomic():
            _bump_generation()
            ProcedureIndexFacet.objects.filter(entry_id__in=ids).delete()
            ProcedureIndexEntry.objects.filter(page_id__in=ids).delete()
            with connection.cursor() as cursor:
                marks = ",".join(["%s"] * len(ids))
                if connection.vendor == "sqlite":
                    for table in FTS_TABLES:
                        cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({marks})", ids)
                else:
                    cursor.execute(f"DELETE FROM {DOCUMENT} WHERE page_id IN ({marks})", ids)

    def clear(self) -> None:
        """Empty the index."""
        with transaction.atomic():
            _bump_generation()
            ProcedureIndexFacet.objects.all().delete()
            ProcedureIndexEntry.objects.all().delete()
            with connection.cursor() as cursor:
                for table in FTS_TABLES if connection.vendor == "sqlite" else (DOCUMENT,):
                    cursor.execute(f"DELETE FROM {table}")

    def facet_values(self, name: str) -> frozenset[str]:
        """Every value of facet ``name`` some indexed procedure has (kept for this generation)."""
        with connection.cursor() as cursor:
            state = _index_state(cursor)
            known: dict = state.setdefault("facet_values", {})
            if name not in known:
                cursor.execute(f"SELECT DISTINCT value FROM {FACET} WHERE name = %s", [name])
                known[name] = frozenset(row[0] for row in cursor.fetchall())
            return known[name]

    def indexed_ids(self) -> set[int]:
        return set(ProcedureIndexEntry.objects.values_list("page_id", flat=True))

    def _write(self, documents: list[IndexDocument]) -> int:
        ids = [d.page_id for d in documents]
        rows = []
        folded = {}
        for d in documents:
            title_folded = analysis.fold(d.title)
            sector_folded = analysis.fold(d.sector)
            code_key = analysis.code_key(d.code) or analysis.fold(d.code).replace(" ", "")
            facet_keys = "|".join(f"{name}={value[:100]}" for name, value, _ in d.facet_values())
            # Each phrase once by its folded text, the first as written kept beside it.
            phrases = {}
            for phrase in d.aliases:
                phrases.setdefault(analysis.fold(phrase), phrase)
            phrases.pop("", None)
            aliases = tuple(phrases)
            folded[d.page_id] = (facet_keys, title_folded, code_key, sector_folded, analysis.fold(d.body), aliases)
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
                    aliases="\n".join(phrases.values()),
                    aliases_folded="\n".join(aliases),
                    online_mode=d.online_mode,
                    postal_submission=d.postal_submission,
                    postal_return=d.postal_return,
                    facet_keys=facet_keys,
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
                    bigrams = analysis.with_bigrams
                    # Each phrase with its own word pairs: none across two phrases.
                    rows = [
                        (
                            pk,
                            keys,
                            bigrams(title),
                            code,
                            bigrams(sector),
                            bigrams(body),
                            " ".join(map(bigrams, aliases)),
                        )
                        for pk, (keys, title, code, sector, body, aliases) in folded.items()
                    ]
                    cursor.executemany(
                        f"INSERT INTO {FTS} (rowid, facet_keys, title, code, sector, body) "
                        "VALUES (%s, %s, %s, %s, %s, %s)",
                        [row[:6] for row in rows],
                    )
                    cursor.executemany(
                        f"INSERT INTO {HEADING} (rowid, title, code, sector, aliases) VALUES (%s, %s, %s, %s, %s)",
                        [row[:1] + row[2:5] + row[6:] for row in rows],
                    )
                    cursor.executemany(
                        f"INSERT INTO {MATCH} (rowid, text) VALUES (%s, %s)",
                        [(row[0], " ".join(row[2:])) for row in rows],
                    )
                else:
                    # One statement per batch: 26,420 single-row UPDATEs took 20 minutes to index.
                    values = [
                        (
                            pk,
                            tsvector_literal(
                                ("A", title), ("A", code), ("B", sector), *(("C", a) for a in aliases), ("D", body)
                            ),
                            tsvector_literal(("A", title), ("A", code), ("B", sector), *(("C", a) for a in aliases)),
                        )
                        for pk, (_, title, code, sector, body, aliases) in folded.items()
                    ]
                    cursor.execute(
                        f"UPDATE {ENTRY} e SET heading = v.heading::tsvector "
                        f"FROM (VALUES {', '.join(['(%s, %s)'] * len(values))}) v(page_id, heading) "
                        "WHERE e.page_id = v.page_id",
                        [value for pk, _, heading in values for value in (pk, heading)],
                    )
                    cursor.execute(
                        f"INSERT INTO {DOCUMENT} (page_id, document) "
                        f"VALUES {', '.join(['(%s, CAST(%s AS tsvector))'] * len(values))}",
                        [value for pk, document, _ in values for value in (pk, document)],
                    )
        return len(documents)

    # --- reading -------------------------------------------------------------------------

    def search(
        self,
        query: AnalyzedQuery,
        filters: SearchFilters,
        page: int,
        page_size: int,
        *,
        exclude: Iterable[int] = frozenset(),
    ) -> SearchResults:
        """Return one page of ranked results with facet counts over all matches.

        The total and the facet counts come from the ids of every match (no scoring); only the
        best ``CANDIDATES`` — taken first among matches that name the query in their title,
        code or sector — are scored by the engine and re-ranked. ``exclude``: page ids never
        returned nor counted (a commune's procedures it does not carry out).
        """
        self._excluding(exclude)
        if connection.vendor != "postgresql":
            return self._search(query, filters, page, page_size)
        with transaction.atomic(), connection.cursor() as cursor:
            # The planner prices "document @@ query" on a sequential scan as cheap, but each row's
            # document is a large TOASTed tsvector: for a common word it read every one (47 ms
            # at 2,642 procedures, 0.9 s at 26,420) where the GIN index answers in about 1 ms.
            cursor.execute("SET LOCAL enable_seqscan = off")
            return self._search(query, filters, page, page_size)

    def _search(self, query: AnalyzedQuery, filters: SearchFilters, page: int, page_size: int) -> SearchResults:
        results = SearchResults(query=query.text, total=0, page=page, page_size=page_size, backend=self.name)
        start, end = (page - 1) * page_size, page * page_size
        with connection.cursor() as cursor:
            state = _index_state(cursor)
            if query.is_empty:
                matches = Matches(id_list=self._listing(cursor, filters))
                results.total = matches.total
                if matches.total:
                    results.facets = self._facets(cursor, state, matches, filters)
                    ordered = [
                        Candidate(page_id=pk, title_folded="", sector_folded="", code_key="", engine_score=0)
                        for pk in matches.ids()[start:end]
                    ]
                    results.hits = self._hits(cursor, query, ordered)
                return results
            self._warm(cursor, state)
            query = self._corrected(cursor, state, query)
            count = min(len(query.required), MAX_MATCH_GROUPS)
            # Every group up to three, then three quarters; when what matches that way names too
            # little of the query in its titles, one group fewer, then any group (a citizen's
            # sentence often holds a word no procedure has: "sửa tên trong giấy khai sinh").
            levels = list(dict.fromkeys(n for n in (required_groups(count), count - 1, 1) if n >= 1))
            best: tuple | None = None
            for need in levels:
                matches = self._find(cursor, state, query, filters, need=need)
                if not matches.total:
                    continue
                ranked = self._ranked(cursor, state, query, filters, matches, need, end)
                top = (is_good_match(query, ranked), ranked[0].score if ranked else 0.0)
                # A looser level wins only with a better first result than the stricter one's.
                same_first = best is not None and ranked and best[1] and ranked[0].page_id == best[1][0].page_id
                if best is None or (top > best[2] and not same_first):
                    best = (matches, ranked, top, need)
                if top[0] and matches.total >= RELAX_BELOW:
                    break
            if best is None:
                return results
            matches, ranked, _, need = best
            results.approximate = need < levels[0]
            results.total = matches.total
            results.facets = self._facets(cursor, state, matches, filters)
            # A word of the matter that no procedure has anywhere ("karaoke") is something this
            # catalogue does not offer, however well the rest of the query matches.
            unknown = any(
                not group.optional
                and len(group.alternatives) == 1
                and not self._group_mask(cursor, state, group, query)
                for group in query.required
            )
            results.no_good_match = unknown or not is_good_match(query, ranked)
            if results.no_good_match:
                # Say so and show the closest few; never pad the page with unrelated ones: a
                # procedure that names nothing of the query (its title, phrases, sector or body
                # hold the letters of a word, not the word: "tiêm" and "tiệm") is not close.
                ranked = [candidate for candidate in ranked if candidate.coverage > 0][:CLOSEST]
                results.total = len(ranked)
                if not ranked:
                    results.facets = {}
            results.hits = self._hits(cursor, query, ranked[start:end])
        return results

    def _ranked(
        self, cursor, state: dict, query: AnalyzedQuery, filters: SearchFilters, matches: Matches, need: int, end: int
    ) -> list[Candidate]:
        """The best candidates among ``matches``, re-ranked by :func:`search.ranking.rerank`."""
        limit = max(CANDIDATES, end)
        scored = self._scored(cursor, state, query, filters, limit, among=matches)
        if len(scored) < BODY_POOL_FROM * end:
            # Few titles name the query: the steps, documents and conditions describe the case
            # in the citizen's words. Body matches join the heading matches (which keep their
            # place: the reranking reads titles, and the body only lends its engine score).
            # Picked from the id sets already in memory, most groups matched first: scoring the
            # bodies with bm25 read the positions of common words in every body (26 ms at
            # 26,420 procedures), and the reranking, not the engine, orders these candidates.
            seen = {row[0] for row in scored}
            floor = min((row[1] for row in scored), default=1.0)
            scored += [
                (pk, floor * share)
                for pk, share in self._body_candidates(cursor, state, query, matches, seen, limit - len(scored))
            ]
        if query.code_prefix:
            prefixed = [(pk, 1.0) for pk in self._code_prefix_mask_ids(cursor, state, query.code_prefix)]
            seen = {row[0] for row in prefixed}
            scored = prefixed + [row for row in scored if row[0] not in seen]
        if self._exclude:
            scored = [row for row in scored if row[0] not in self._exclude]
        candidates = self._candidates(cursor, scored)
        weights = self._group_weights(cursor, state, query)
        # Which candidates hold each group anywhere (their body included): the id sets are in
        # memory already, from matching.
        masks = [self._group_mask(cursor, state, group, query) for group in query.groups]
        found = [lambda pk, mask=mask: bitsets.contains(mask, pk) for mask in masks]
        return rerank(query, candidates, weights, self._word_weight(cursor, state), found)

    def _body_candidates(
        self, cursor, state: dict, query: AnalyzedQuery, matches: Matches, seen: set[int], limit: int
    ) -> list[tuple[int, float]]:
        """Up to ``limit`` matches not in ``seen``, those holding the most required groups first,
        each with the share of groups it holds (0–1)."""
        masks = [self._group_mask(cursor, state, group, query) for group in query.required[:MAX_MATCH_GROUPS]]
        if not masks or limit <= 0:
            return []
        within = matches.mask if matches.mask is not None else bitsets.from_ids(matches.ids())
        found: list[tuple[int, float]] = []
        above = 0
        for k in range(len(masks), 0, -1):
            tier = bitsets.at_least(masks, k) & within
            for pk in bitsets.iter_ids(tier & ~above):
                if pk not in seen:
                    found.append((pk, k / len(masks) * 0.9))
                    if len(found) >= limit:
                        return found
            above |= tier
        return found

    def suggest(self, text: str, limit: int, *, exclude: Iterable[int] = frozenset()) -> list[Suggestion]:
        """Return titles for what has been typed so far, the base procedure first (never ``exclude``).

        A code or the start of one ("1.0011") completes to the codes it begins. Words complete
        two ways, whichever finds titles: the last word as the start of a word ("dang ky kh"), and
        every word whole through the thesaurus ("doc than" → "xác nhận tình trạng hôn nhân").
        The titles found are ordered by the search's own ranking (variants after their base).
        """
        words = analysis.tokens(text)
        if not words:
            return []
        query = analysis.analyze_query(text)
        code = query.code or query.code_prefix
        with connection.cursor() as cursor:
            if code:
                cursor.execute(
                    f"SELECT page_id FROM {ENTRY} WHERE code_key LIKE %s ORDER BY code_key LIMIT %s",
                    [code + "%", SUGGEST_POOL],
                )
                ids = [row[0] for row in cursor.fetchall()]
            else:
                ids = self._suggest_ids(cursor, words, query)
            exclude = frozenset(exclude)
            ids = [pk for pk in ids if pk not in exclude]
            if not ids:
                return []
            cursor.execute(
                f"SELECT page_id, title, code, url, title_folded, sector_folded, code_key FROM {ENTRY} "
                f"WHERE page_id IN ({','.join(['%s'] * len(ids))})",
                ids,
            )
            rows = {row[0]: row for row in cursor.fetchall()}
        candidates = [
            Candidate(
                page_id=pk, title_folded=rows[pk][4], sector_folded=rows[pk][5], code_key=rows[pk][6], engine_score=0
            )
            for pk in ids
            if pk in rows
        ]
        if code:
            ranked = sorted(candidates, key=lambda c: c.code_key)
        else:
            ranked = rerank(query, candidates)
            # The words typed, the last one cut short, in this order in the title ("dang ky kh" →
            # "đăng ký khai sinh") complete what is being typed best.
            for candidate in ranked:
                if _completes(candidate.title_folded.split(), words):
                    candidate.score += SUGGEST_PHRASE
                    candidate.coverage = max(candidate.coverage, 1.0)
            if any(c.coverage >= 0.6 for c in ranked):
                ranked = [c for c in ranked if c.coverage > 0]
            # The base procedure first (Luật Xây dựng, Nghị định 01/2021: a new permit or a first
            # registration before its re-issue, change or renewal), then the ranking.
            ranked.sort(
                key=lambda c: (unasked_variant(query, c.title_folded.split()), -round(c.score, 6), len(c.title_folded))
            )
        return [
            Suggestion(title=rows[c.page_id][1], code=rows[c.page_id][2], url=rows[c.page_id][3])
            for c in ranked[:limit]
        ]

    def _suggest_ids(self, cursor, words: list[str], query: AnalyzedQuery) -> list[int]:
        """Ids of titles holding the typed words (the last as a prefix) or the query's groups whole."""
        ids: list[int] = []
        if connection.vendor == "sqlite":
            expressions = [" AND ".join([*(f'"{w}"' for w in words[:-1]), f'"{words[-1]}" *'])]
            if query.required:
                expressions.append(" AND ".join(self._group_expression(g) for g in query.required))
            for expression in expressions:
                cursor.execute(
                    f"SELECT rowid FROM {HEADING} WHERE {HEADING} MATCH %s ORDER BY bm25({HEADING}, {HEADING_WEIGHTS}) "
                    "LIMIT %s",
                    [f"title : ({expression})", SUGGEST_POOL],
                )
                ids += [row[0] for row in cursor.fetchall() if row[0] not in ids]
        else:
            expressions = [" & ".join([f"'{w}':A" for w in words[:-1]] + [f"'{words[-1]}':*A"])]
            if query.required:
                expressions.append(
                    " & ".join(
                        "(" + " | ".join(_words_postgres(alt, "A") for alt in g.exact_alternatives) + ")"
                        for g in query.required
                    )
                )
            for expression in expressions:
                cursor.execute(
                    f"SELECT page_id FROM {ENTRY}, CAST(%s AS tsquery) q WHERE heading @@ q "
                    "ORDER BY ts_rank(heading, q) DESC LIMIT %s",
                    [expression, SUGGEST_POOL],
                )
                ids += [row[0] for row in cursor.fetchall() if row[0] not in ids]
        return ids

    # --- SQL building ------------------------------------------------------------------------

    def _group_expression(self, group) -> str:
        if connection.vendor == "sqlite":
            return "(" + " OR ".join(_words_sqlite(alt) for alt in group.exact_alternatives) + ")"
        return "(" + " | ".join(_words_postgres(alt) for alt in group.exact_alternatives) + ")"

    def _word_weight(self, cursor, stats: dict):
        """Return word → rarity among titles relative to the commonest words (0 for common words)."""
        self._title_words(cursor, stats)
        if stats.get("word_weights") is None:
            total = stats["total"]
            floor = idf(total, total)
            stats["word_weights"] = {word: idf(n, total) / floor - 1 for word, n in stats["words"].items()}
            stats["unknown_word_weight"] = idf(0, total) / floor - 1
        weights, unknown = stats["word_weights"], stats["unknown_word_weight"]
        return lambda word: weights.get(word, unknown)

    def _group_weights(self, cursor, state: dict, query: AnalyzedQuery) -> list[float]:
        """Weight each group by how rare what was typed is among titles (see ``search.ranking.idf``).

        What was typed, not its synonyms: "mở quán cà phê" is what the query is about however
        common its legal name ("đăng ký kinh doanh") is among titles.
        """
        vocabulary = self._title_vocabulary(cursor, state)
        weights = []
        for group in query.groups:
            typed = group.alternatives[0]
            if len(typed) == 1:
                count = vocabulary.get(typed[0], 0)
            else:  # a phrase is in at most as many titles as its rarest word pair
                count = min(vocabulary.get(f"{a}_{b}", 0) for a, b in zip(typed, typed[1:], strict=False))
            weights.append(idf(count, state["total"]))
        return weights

    def _filter_sql(self, filters: SearchFilters, column: str) -> tuple[str, list]:
        clauses: list[str] = []
        params: list = []
        for name, values in filters.items():
            marks = ",".join(["%s"] * len(values))
            clauses.append(f"{column} IN (SELECT entry_id FROM {FACET} WHERE name = %s AND value IN ({marks}))")
            params += [name, *(value[:100] for value in values)]  # stored cut to 100, as in _filter_mask
        return (" AND ".join(clauses) or "1=1"), params

    def _heading_match(self, query: AnalyzedQuery, cursor=None, state: dict | None = None) -> str:
        """Query terms in the title, code or sector (a full-text expression).

        The word pairs of the query and of its synonyms — few titles share one, unlike single
        words — leaving out pairs found in very many titles ("dang_ki") when rarer ones exist.
        """
        core = query.core_tokens or query.tokens
        pairs = {f"{a}_{b}" for a, b in zip(core, core[1:], strict=False)}
        singles = []
        for group in query.required:
            for alt in group.exact_alternatives:
                if len(alt) > 1:
                    pairs.update(f"{a}_{b}" for a, b in zip(alt, alt[1:], strict=False))
                else:
                    singles.append(alt[0])
        terms = sorted(pairs) if pairs else singles
        if cursor is not None and state is not None and len(terms) > 1:
            frequency = self._title_frequencies(cursor, state, terms)
            common = max(HEADING_COMMON, state["total"] // 20)
            rare = [term for term in terms if frequency[term] <= common]
            terms = rare or [min(terms, key=frequency.__getitem__)]
        if connection.vendor == "sqlite":
            return " OR ".join(f'"{t}"' for t in terms)
        return " | ".join(f"'{t}'" for t in terms)

    def _title_frequencies(self, cursor, state: dict, terms: list[str]) -> dict[str, int]:
        """How many titles hold each term (a word or a word pair "a_b")."""
        vocabulary = self._title_vocabulary(cursor, state)
        return {term: vocabulary.get(term, 0) for term in terms}

    def _title_vocabulary(self, cursor, state: dict) -> dict[str, int]:
        """Every term of the titles (words and word pairs) → how many titles hold it.

        Read once per generation of the index from the engine's own statistics (FTS5's vocabulary
        table, PostgreSQL's ``ts_stat``) in one statement, where asking per term cost a query per
        new word on the first searches after every write.
        """
        if state.get("vocabulary") is None:
            if connection.vendor == "sqlite":
                cursor.execute(
                    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{HEADING}_vocab USING fts5vocab(main, {HEADING}, col)"
                )
                cursor.execute(f"SELECT term, doc FROM temp.{HEADING}_vocab WHERE col = 'title'")
            else:
                cursor.execute(f"SELECT word, ndoc FROM ts_stat('SELECT heading FROM {ENTRY}', 'a')")
            state["vocabulary"] = dict(cursor.fetchall())
        return state["vocabulary"]

    def _warm(self, cursor, state: dict) -> None:
        """Build this generation's shared structures at its first search, all at once: the title
        vocabulary, each entry's facet keys, each facet value's id set, every facet label, and
        the id sets of the previous generation's commonest terms (``AUTOWARM``). Later searches,
        including the other first searches after a write, then pay only for the rarer terms they
        are the first to use.
        """
        if state.get("warm"):
            return
        self._title_words(cursor, state)
        self._facet_keys(cursor, state)
        self._facet_masks(cursor, state)
        cursor.execute(f"SELECT DISTINCT name, value, label FROM {FACET}")
        state["labels"].update((f"{name}={value}", label) for name, value, label in cursor.fetchall())
        for term in state.pop("autowarm", ()):
            self._term_mask(cursor, state, term)
        state["warm"] = True

    def _find(self, cursor, state: dict, query: AnalyzedQuery, filters: SearchFilters, *, need: int) -> Matches:
        """Every match, unscored (counting is cheap, scoring is not): entries holding at least
        ``need`` of the query's required groups.

        Worked out from the id sets of the query's terms (``search.bitsets``), which stay in
        memory for this generation of the index: the same few hundred syllables make up nearly
        every query, and the engine walking their long posting lists again for each search was
        most of its cost (17 of 40 ms for five common syllables at 26,420 procedures).
        """
        groups = [self._group_mask(cursor, state, group, query) for group in query.required[:MAX_MATCH_GROUPS]]
        if not groups:  # a code alone that left no word to match
            return Matches(mask=0)
        mask = bitsets.at_least(groups, min(need, len(groups)))
        if filters:
            mask &= self._filter_mask(cursor, state, filters)
        if self._exclude_mask:
            mask &= ~self._exclude_mask
        return Matches(mask=mask)

    def _group_mask(self, cursor, state: dict, group, query: AnalyzedQuery | None = None) -> int:
        """The ids matching any alternative of ``group``; an alternative of several words is the
        conjunction of its word pairs, as in ``_words_sqlite``. The start of a code ("1.0011")
        matches the codes it begins. Broader terms (``data/broader.txt``) match in titles only."""
        mask = 0
        for alt in group.exact_alternatives:
            if not alt:
                continue
            if query is not None and query.code_prefix and alt == (query.code_prefix,):
                mask |= bitsets.from_ids(self._code_prefix_mask_ids(cursor, state, query.code_prefix))
                continue
            # A phrase is asked of the engine whole (its pairs ANDed there, in C): the few ids
            # that hold it come back, not the long lists of each of its common pairs.
            mask |= self._term_mask(cursor, state, " ".join(alt))
        if group.narrow:
            # A title naming a broader term of the matter ("thông tin hộ tịch" for "giấy khai
            # sinh") holds it too: titles only, as bodies name the broad classes everywhere.
            mask |= self._title_term_mask(cursor, state, group.alternatives[group.narrow :])
        return mask

    def _title_term_mask(self, cursor, state: dict, phrases: tuple[tuple[str, ...], ...]) -> int:
        """The ids of the entries whose title holds any of ``phrases``, in one statement (cached
        with the other term masks)."""
        key = "title:" + "|".join(" ".join(words) for words in phrases)
        masks: OrderedDict = state["term_masks"]
        with _term_lock:
            mask = masks.get(key)
            if mask is not None:
                masks.move_to_end(key)
                return mask
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT group_concat(rowid) FROM {HEADING} WHERE {HEADING} MATCH %s",
                ["title : (" + " OR ".join(_words_sqlite(words) for words in phrases) + ")"],
            )
        else:
            cursor.execute(
                f"SELECT string_agg(page_id::text, ',') FROM {ENTRY} WHERE heading @@ CAST(%s AS tsquery)",
                [" | ".join(_words_postgres(words, "A") for words in phrases)],
            )
        found = cursor.fetchone()[0]
        mask = _id_set(found)
        with _term_lock:
            if key not in masks:
                masks[key] = mask
                state["term_mask_bytes"] += bitsets.size(mask)
            while masks and (len(masks) > TERM_MASKS or state["term_mask_bytes"] > TERM_MASK_BYTES):
                _, dropped = masks.popitem(last=False)
                state["term_mask_bytes"] -= bitsets.size(dropped)
        return mask

    def _code_prefix_mask_ids(self, cursor, state: dict, prefix: str) -> list[int]:
        """Ids of the entries whose code starts with ``prefix`` (digits only), codes in order."""
        cache: dict = state.setdefault("code_prefixes", {})
        if prefix not in cache:
            cursor.execute(
                f"SELECT page_id FROM {ENTRY} WHERE code_key LIKE %s ORDER BY code_key LIMIT %s",
                [prefix + "%", CANDIDATES],
            )
            cache[prefix] = [row[0] for row in cursor.fetchall()]
        return cache[prefix]

    def _corrected(self, cursor, state: dict, query: AnalyzedQuery) -> AnalyzedQuery:
        """``query`` analysed again with each word found nowhere in the index replaced by the
        commonest title word one edit away ("khaii" → "khai", "doanhf" → "doanh", "hưuw" → "huu"),
        and with two words that make one word of the titles ("tai nạn") kept together."""
        vocabulary = self._title_words(cursor, state)
        corrections = {}
        for group in query.required:
            if group.optional or len(group.alternatives) != 1 or len(group.alternatives[0]) != 1:
                continue  # people and situations are known words, never typos
            word = group.alternatives[0][0]
            if word in vocabulary or word.isdigit() or len(word) < 3 or self._term_mask(cursor, state, word):
                continue
            correction = analysis.closest_word(word, vocabulary)
            if correction:
                corrections[word] = correction
        if corrections:
            # Analysed again, so the corrected words meet the thesaurus ("lương hưuw" → "lương hưu").
            words = _WORD_RUN.findall(analysis.canonical(query.text))
            text = " ".join(corrections.get(analysis.fold(word), word) for word in words)
            query = replace(analysis.analyze_query(text), text=query.text)
        return self._joined(cursor, state, query)

    def _joined(self, cursor, state: dict, query: AnalyzedQuery) -> AnalyzedQuery:
        """Adjacent one-word groups that titles use as one word ("tai nạn") become one phrase
        group: one thing to match and rank, not two that must each be found."""
        groups = list(query.groups)

        def word(index: int) -> str | None:
            group = groups[index]
            if len(group.alternatives) == 1 and len(group.alternatives[0]) == 1 and not group.optional:
                return None if group.alternatives[0][0].isdigit() else group.alternatives[0][0]
            return None

        i = 0
        joined = False
        while i + 1 < len(groups):
            j = i
            # Up to three words ("hộ gia đình"), each pair of them found in some title.
            while j + 1 < len(groups) and j - i < 2 and word(j) and word(j + 1):
                pair = f"{word(j)}_{word(j + 1)}"
                if not self._title_frequencies(cursor, state, [pair])[pair]:
                    break
                j += 1
            if j > i:
                phrase = tuple(word(k) for k in range(i, j + 1))
                groups[i : j + 1] = [replace(groups[i], alternatives=(phrase,))]
                joined = True
            i += 1
        return replace(query, groups=tuple(groups)) if joined else query

    def _title_words(self, cursor, state: dict) -> Counter:
        """How many titles hold each word (word pairs left out), for this generation of the index."""
        if state.get("words") is None:
            vocabulary = self._title_vocabulary(cursor, state)
            state["words"] = Counter({term: n for term, n in vocabulary.items() if "_" not in term})
        return state["words"]

    def _term_mask(self, cursor, state: dict, term: str) -> int:
        """The ids of the entries holding ``term`` (a word, or words as a phrase) anywhere, from the
        engine the first time in a generation."""
        masks: OrderedDict = state["term_masks"]
        with _term_lock:
            mask = masks.get(term)
            if mask is not None:
                masks.move_to_end(term)
                return mask
        # One string rather than a row per match: making 18,600 rows into Python tuples cost a
        # third more than the search that found them.
        words = term.split()
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT group_concat(rowid) FROM {MATCH} WHERE {MATCH} MATCH %s", [_words_sqlite(words)])
        else:
            cursor.execute(
                f"SELECT string_agg(page_id::text, ',') FROM {DOCUMENT} WHERE document @@ CAST(%s AS tsquery)",
                [_words_postgres(words)],
            )
        found = cursor.fetchone()[0]
        mask = _id_set(found)
        with _term_lock:
            if term not in masks:
                masks[term] = mask
                state["term_mask_bytes"] += bitsets.size(mask)
            # A set takes a bit per page id up to the largest: bounded in bytes as well as in
            # number, whatever the ids a site's history has reached.
            while masks and (len(masks) > TERM_MASKS or state["term_mask_bytes"] > TERM_MASK_BYTES):
                _, dropped = masks.popitem(last=False)
                state["term_mask_bytes"] -= bitsets.size(dropped)
        return mask

    def _facet_masks(self, cursor, state: dict) -> dict[str, int]:
        """Facet key ("sector=ho-tich") → the ids of the entries that have it."""
        if state.get("facet_masks") is None:
            ids_of: dict[str, list[int]] = {}
            for pk, keys in self._facet_keys(cursor, state).items():
                for key in keys:
                    ids_of.setdefault(key, []).append(pk)
            state["facet_masks"] = {key: bitsets.from_ids(ids) for key, ids in ids_of.items()}
        return state["facet_masks"]

    def _filter_mask(self, cursor, state: dict, filters: SearchFilters) -> int:
        """The ids passing ``filters``: any of a facet's chosen values, every facet."""
        masks = self._facet_masks(cursor, state)
        mask = -1
        for name, values in filters.items():
            chosen = 0
            for value in values:
                chosen |= masks.get(f"{name}={value[:100]}", 0)
            mask &= chosen
        return mask

    def _scored(
        self,
        cursor,
        state: dict,
        query: AnalyzedQuery,
        filters: SearchFilters,
        limit: int,
        *,
        among: Matches,
    ) -> list[tuple[int, float]]:
        """The ``limit`` best matches naming the query in their title, code or sector, by the
        engine's weighted score (higher is better). Matches named only in their body join them
        from the id sets in memory (``_body_candidates``).

        Scored on the heading alone (title, code, sector, phrases) for a plain OR of the groups,
        and kept if they are ``among`` the matches: bm25 over the many combinations of a
        three-quarters match would cost once per combination on SQLite, and asking PostgreSQL for
        the whole document's match read the document table's rows again (the id sets in memory
        already say which entries match).
        """
        # The heading pass names the query's rarest word pairs: most of what it finds matches
        # the whole query, and HEADING_POOL times the rows leave enough once the rest is dropped.
        pool = HEADING_POOL * limit
        if connection.vendor == "sqlite":
            where, params = self._filter_sql(filters, "rowid")
            scoring = " OR ".join(self._group_expression(group) for group in query.groups)
            # Scored on the heading table only: bm25 reads the positions of every phrase it
            # scores, and a common word's positions in 26,420 bodies cost ten times the rest of
            # the search. Sorted and cut inside SQLite: a broad query ("thủ tục") names
            # thousands of titles.
            cursor.execute(
                f"SELECT rowid, -bm25({HEADING}, {HEADING_WEIGHTS}) s FROM {HEADING} WHERE {HEADING} MATCH %s "
                f"AND {where} ORDER BY s DESC LIMIT %s",
                [f"({self._heading_match(query, cursor, state)}) AND ({scoring})", *params, pool],
            )
            return [row for row in cursor.fetchall() if row[0] in among][:limit]
        # Few matches: headings are ranked only there. A query with many everyday phrases names
        # hundreds of headings, each scored against every phrase (27 ms for "thay đổi cải chính
        # hộ tịch" at 26,420 procedures, 3.6 ms among its 110 matches).
        restricted = among.total <= HEADING_AMONG
        rows = self._heading_scores(cursor, state, query, filters, pool, among if restricted else None)
        kept = [row for row in rows if row[0] in among]
        if len(kept) < limit and len(rows) == pool and not restricted:
            # The pool ran out before ``limit`` of it matched: ranked among the matches, as
            # the whole document's match did before.
            kept = self._heading_scores(cursor, state, query, filters, limit, among)
        return kept[:limit]

    def _heading_scores(
        self, cursor, state: dict, query: AnalyzedQuery, filters: SearchFilters, limit: int, among: Matches | None
    ) -> list[tuple[int, float]]:
        """PostgreSQL: the ``limit`` best headings for ``query`` by ``ts_rank``, only ``among``
        these matches when given."""
        where, params = self._filter_sql(filters, "page_id")
        if among is not None:
            where += " AND page_id = ANY(%s)"
            params.append(among.ids())
        scoring = " | ".join(self._group_expression(group) for group in query.groups)
        cursor.execute(
            f"SELECT page_id, ts_rank('{RANK_WEIGHTS}', heading, h, 32) s FROM "
            f"{ENTRY}, CAST(%s AS tsquery) h WHERE heading @@ h AND {where} ORDER BY s DESC LIMIT %s",
            [f"({self._heading_match(query, cursor, state)}) & ({scoring})", *params, limit],
        )
        return cursor.fetchall()

    def _listing(self, cursor, filters: SearchFilters) -> list[int]:
        """Every procedure passing ``filters``, by title (a search with filters and no words)."""
        where, params = self._filter_sql(filters, "page_id")
        cursor.execute(f"SELECT page_id FROM {ENTRY} WHERE {where} ORDER BY title, page_id", params)
        return [row[0] for row in cursor.fetchall() if row[0] not in self._exclude]

    def _facet_keys(self, cursor, state: dict) -> dict[int, tuple[str, ...]]:
        """Each entry's facet keys, kept for this generation of the index."""
        if state["facets"] is None:
            cursor.execute(f"SELECT page_id, facet_keys FROM {ENTRY}")
            # One tuple per distinct combination of facet values, shared by the entries that have it.
            combinations: dict[str, tuple[str, ...]] = {}
            state["facets"] = {
                pk: combinations.setdefault(keys, tuple(sys.intern(key) for key in keys.split("|") if key))
                for pk, keys in cursor.fetchall()
            }
            state["facet_combinations"] = len(combinations)
        return state["facets"]

    def _facets(self, cursor, state: dict, matches: Matches, filters: SearchFilters) -> dict[str, list[FacetValue]]:
        if matches.mask is not None and matches.total > FACET_MASKS_FROM:
            # Many matches (a broad query on a large catalogue): one AND per facet value.
            found = matches.mask
            masks = self._facet_masks(cursor, state)
            counts = Counter({key: n for key, mask in masks.items() if (n := (found & mask).bit_count())})
        else:
            ids = matches.ids()
            keys = map(self._facet_keys(cursor, state).get, ids, repeat((), len(ids)))
            if len(ids) > 4 * state["facet_combinations"]:
                # Far more matches than combinations: count the combinations, then their keys once each.
                counts = Counter()
                for combination, times in Counter(keys).items():
                    for key in combination:
                        counts[key] += times
            else:
                # Counted in C: a Python loop over every match's keys cost milliseconds.
                counts = Counter(chain.from_iterable(keys))
        labels = self._labels(cursor, state, counts)
        selected = {name: set(values) for name, values in filters.items()}
        facets: dict[str, list[FacetValue]] = {name.value: [] for name in FACET_ORDER}
        for key, count in counts.items():
            name, _, value = key.partition("=")
            facets.setdefault(name, []).append(
                FacetValue(
                    value=value, label=labels.get(key, value), count=count, selected=value in selected.get(name, ())
                )
            )
        for values in facets.values():
            values.sort(key=lambda v: (-v.count, v.label))
        return facets

    def _labels(self, cursor, state: dict, keys) -> dict[str, str]:
        """Labels of facet keys, cached for this generation of the index."""
        labels: dict[str, str] = state["labels"]
        missing: dict[str, list[str]] = {}
        for key in keys:
            if key not in labels:
                name, _, value = key.partition("=")
                missing.setdefault(name, []).append(value)
        for name, values in missing.items():
            marks = ",".join(["%s"] * len(values))
            cursor.execute(
                f"SELECT DISTINCT value, label FROM {FACET} WHERE name = %s AND value IN ({marks})", [name, *values]
            )
            for value, label in cursor.fetchall():
                labels[f"{name}={value}"] = label
        return labels

    def _candidates(self, cursor, scored: list[tuple[int, float]]) -> list[Candidate]:
        top = max((row[1] for row in scored), default=0.0) or 1.0
        scores = {row[0]: row[1] / top for row in scored}
        ids = list(scores)
        cursor.execute(
            f"SELECT page_id, title_folded, sector_folded, code_key, title, aliases_folded, aliases FROM {ENTRY} "
            f"WHERE page_id IN ({','.join(['%s'] * len(ids))})",
            ids,
        )
        rows = {row[0]: row for row in cursor.fetchall()}
        return [
            Candidate(
                page_id=pk,
                title_folded=rows[pk][1],
                sector_folded=rows[pk][2],
                code_key=rows[pk][3],
                engine_score=scores[pk],
                title_unscoped=analysis.unscoped_title(rows[pk][4]),
                aliases=tuple(rows[pk][5].split("\n")) if rows[pk][5] else (),
                aliases_written=tuple(rows[pk][6].split("\n")) if rows[pk][6] else (),
            )
            for pk in ids
            if pk in rows
        ]

    def _hits(self, cursor, query: AnalyzedQuery, ordered: list[Candidate]) -> list[SearchHit]:
        ids = [c.page_id for c in ordered]
        if not ids:
            return []
        cursor.execute(
            "SELECT page_id, code, title, url, sector, excerpt_source, online_mode, postal_submission, postal_return "
            f"FROM {ENTRY} WHERE page_id IN ({','.join(['%s'] * len(ids))})",
            ids,
        )
        rows = {row[0]: row for row in cursor.fetchall()}
        marker = analysis.Highlighter(query.highlight_words)
        hits = []
        for candidate in ordered:
            row = rows.get(candidate.page_id)
            if row is None:
                continue
            page_id, code, title, url, sector, excerpt_source, online_mode, postal_submission, postal_return = row
            hits.append(
                SearchHit(
                    page_id=page_id,
                    code=code,
                    title=title,
                    url=url,
                    sector=sector,
                    snippet=marker.excerpt(excerpt_source),
                    title_html=marker.highlight(title),
                    online_mode=online_mode,
                    postal_submission=bool(postal_submission),
                    postal_return=bool(postal_return),
                    score=round(candidate.score, 4),
                )
            )
        return hits
