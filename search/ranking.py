"""Second-stage ranking of the embedded backend's candidates.

The database ranks candidates by term statistics (FTS5 bm25, PostgreSQL ts_rank) with field
weights; this pass re-orders the best of them by how well the *title* answers the query: the
share of the query found in the title (each term weighted by how rare it is among titles, so
"con" in "làm giấy khai sinh cho con" counts less than "khai sinh"), the query found there as a
phrase, an exact title, the sector, and a small penalty for long titles that say much else.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from search.analysis import AnalyzedQuery, stopwords

TITLE_COVERAGE = 4.0
PHRASE = 2.0
EXACT = 1.5
ENGINE_SCORE = 1.5
SECTOR_COVERAGE = 0.5
EXTRA_WORDS = 0.25  # times log(1 + rarity-weighted words of the title the query does not explain)
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


def contains_phrase(haystack: list[str], needle: tuple[str, ...]) -> bool:
    """True if ``needle`` occurs in ``haystack`` as consecutive words."""
    n = len(needle)
    if n == 1:
        return needle[0] in haystack
    first = needle[0]
    return any(haystack[i] == first and tuple(haystack[i : i + n]) == needle for i in range(len(haystack) - n + 1))


def idf(document_frequency: int, total: int) -> float:
    """How telling a term is: rare among titles → large."""
    return math.log(1 + (total + 1) / (document_frequency + 1))


def score(
    query: AnalyzedQuery,
    candidate: Candidate,
    weights: list[float] | None = None,
    word_weight: Callable[[str], float] | None = None,
) -> float:
    """Return the final score of ``candidate`` for ``query`` (higher is better)."""
    stop = stopwords()
    title = candidate.title_folded.split()
    title_set = set(title)
    sector_set = set(candidate.sector_folded.split())
    groups = query.groups
    value = ENGINE_SCORE * candidate.engine_score
    if query.code and candidate.code_key == query.code:
        value += CODE
    if not groups:
        return value
    weights = weights or [1.0] * len(groups)
    total_weight = sum(weights) or 1.0
    matched: list[tuple[str, ...]] = []
    covered_weight = sector_weight = 0.0
    for group, weight in zip(groups, weights, strict=True):
        found = next((alt for alt in group.alternatives if set(alt) <= title_set), None)
        if found:
            matched.append(found)
            covered_weight += weight
        if any(set(alt) <= sector_set for alt in group.alternatives):
            sector_weight += weight
    value += TITLE_COVERAGE * covered_weight / total_weight
    value += SECTOR_COVERAGE * sector_weight / total_weight
    meaningful = [word for word in title if word not in stop]
    if len(matched) == len(groups):
        phrase = tuple(word for alt in matched for word in alt)
        if len(phrase) > 1 and contains_phrase(title, phrase):
            value += PHRASE
        if tuple(meaningful) == phrase:
            value += EXACT
    elif len(query.tokens) > 1 and contains_phrase(title, query.tokens):
        value += PHRASE
    # Words the query does not explain make a title more specific than what was asked, the more
    # so when they are rare ("người dịch") rather than common ("giấy tờ, văn bản").
    explained = {word for alt in matched for word in alt}
    extra = {word for word in meaningful if word not in explained}
    value -= EXTRA_WORDS * math.log1p(sum(word_weight(w) for w in extra) if word_weight else len(extra))
    return value


def rerank(
    query: AnalyzedQuery,
    candidates: list[Candidate],
    weights: list[float] | None = None,
    word_weight: Callable[[str], float] | None = None,
) -> list[Candidate]:
    """Return ``candidates`` best first (stable for equal scores)."""
    for candidate in candidates:
        candidate.score = score(query, candidate, weights, word_weight)
    return sorted(candidates, key=lambda c: -c.score)
