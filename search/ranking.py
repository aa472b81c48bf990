"""Second-stage ranking of the embedded backend's candidates.

The database ranks candidates by term statistics (FTS5 bm25, PostgreSQL ts_rank) with field
weights; this pass re-orders the best of them by how well the *title* answers the query:
the share of query terms found in the title, the query found there as a phrase, an exact
title, the sector, and a small penalty for long titles that say much else.
"""

from __future__ import annotations

from dataclasses import dataclass

from search.analysis import AnalyzedQuery, stopwords

TITLE_COVERAGE = 4.0
PHRASE = 2.0
EXACT = 1.5
ENGINE_SCORE = 1.0
SECTOR_COVERAGE = 0.5
EXTRA_WORD = 0.03
CODE = 100.0


@dataclass
class Candidate:
    """A row the database returned: its normalised title and sector and the engine's score (0–1)."""

    page_id: int
    title_folded: str
    sector_folded: str
    code_key: str
    engine_score: float
    score: float = 0.0


def _contains(haystack: list[str], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    if n == 1:
        return needle[0] in haystack
    first = needle[0]
    return any(haystack[i] == first and tuple(haystack[i : i + n]) == needle for i in range(len(haystack) - n + 1))


def score(query: AnalyzedQuery, candidate: Candidate) -> float:
    """Return the final score of ``candidate`` for ``query`` (higher is better)."""
    title = candidate.title_folded.split()
    sector = candidate.sector_folded.split()
    groups = query.groups
    value = ENGINE_SCORE * candidate.engine_score
    if query.code and candidate.code_key == query.code:
        value += CODE
    if not groups:
        return value
    matched: list[tuple[str, ...]] = []
    sector_hits = 0
    for group in groups:
        found = next((alt for alt in group.alternatives if _contains(title, alt)), None)
        if found:
            matched.append(found)
        if any(_contains(sector, alt) for alt in group.alternatives):
            sector_hits += 1
    value += TITLE_COVERAGE * len(matched) / len(groups)
    value += SECTOR_COVERAGE * sector_hits / len(groups)
    if len(matched) == len(groups):
        phrase = tuple(word for alt in matched for word in alt)
        if len(groups) > 1 and _contains(title, phrase):
            value += PHRASE
        meaningful = [word for word in title if word not in stopwords()]
        if tuple(meaningful) == phrase:
            value += EXACT
    elif query.tokens and len(query.tokens) > 1 and _contains(title, query.tokens):
        value += PHRASE
    covered = sum(len(alt) for alt in matched)
    extra = max(0, len([w for w in title if w not in stopwords()]) - covered)
    value -= EXTRA_WORD * extra
    return value


def rerank(query: AnalyzedQuery, candidates: list[Candidate]) -> list[Candidate]:
    """Return ``candidates`` best first (stable for equal scores)."""
    for candidate in candidates:
        candidate.score = score(query, candidate)
    return sorted(candidates, key=lambda c: -c.score)
