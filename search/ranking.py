"""Second-stage ranking of the embedded backend's candidates.

The database ranks candidates by term statistics (FTS5 bm25, PostgreSQL ts_rank) with field
weights; this pass re-orders the best of them by how well the *title* answers the query: the
share of the query found in the title (each term weighted by how rare it is among titles, so
"con" in "làm giấy khai sinh cho con" counts less than "khai sinh"), the query found there as a
phrase, an exact title, the sector, and a small penalty for long titles that say much else.
The procedure's everyday phrases (``search.aliases``) count like a title of lesser weight: a
group that one phrase names and the title does not (or names only by a broader term) counts
half a title's worth in the score, and three quarters towards a good match, so a query a phrase
names whole is a good match (the procedure is named, in the words residents use).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from search.analysis import AnalyzedQuery, age_within, query_rules, stopwords, tokens

TITLE_COVERAGE = 4.0
PHRASE = 2.0
EXACT = 1.5
ENGINE_SCORE = 1.5
SECTOR_COVERAGE = 0.5
# A group named by one of the procedure's everyday phrases and not by its title: below the
# title, above the body. The query's words in a row in one phrase add ALIAS_PHRASE.
ALIAS_COVERAGE = 2.0
ALIAS_PHRASE = 1.0
# A group the phrases name counts this share of it towards a good match (GOOD_MATCH): a query the
# phrases name whole is a good match, while a phrase sharing only a common word or two with a
# query ("lần đầu", "bằng lái") does not make a procedure look named. 1.0 said "nothing matches
# well" less often where it was right (development sets).
ALIAS_SHARE = 0.75
# A group found only in the body (steps, documents, conditions) counts this much, a quarter of
# the title, so long bodies never drown titles; and a quarter towards a good match.
BODY_COVERAGE = 1.0
BODY_SHARE = 0.25
EXTRA_WORDS = 0.25  # times log(1 + rarity-weighted words of the title the query does not explain)
CODE = 100.0
CODE_PREFIX = 50.0
# People and situations ("cho con gái", "bị mất") weigh this share of a word of the matter.
OPTIONAL_WEIGHT = 0.3
# A title naming a variant the query did not ask for ("cấp lại", "điều chỉnh", "gia hạn", "có yếu
# tố nước ngoài", "lưu động") ranks below the base procedure.
VARIANT = 1.5
# A title holding every word of a group's phrase, though not as a phrase, counts this share of it.
SCATTERED = 0.6
# A title naming the first, ordinary case ("thành lập", "lần đầu") when no variant is asked for.
BASE = 0.5
# A title naming only a broader term of a group (``data/broader.txt``) counts this share of it.
BROADER = 0.5
# A title naming the variant the query asks for ("sổ BHXH bị mất" → "cấp lại … sổ BHXH").
ASKED_VARIANT = 1.0
# A title bounded by age ("dưới 14 tuổi", "từ đủ 14 tuổi trở lên") when the query gives an age
# ("con tôi 10 tuổi"): this much less if the age falls outside (a title the age falls within is
# asked for by it: search.analysis.analyze_query).
AGE = 1.0
# A results page is a good match when the best title (with its sector) names at least this share
# of what the query is about, weighted by rarity; below it the page says nothing matches well.
GOOD_MATCH = 0.6


@dataclass
class Candidate:
    """A row the database returned: its normalised title and sector and the engine's score (0–1)."""

    page_id: int
    title_folded: str
    sector_folded: str
    code_key: str
    engine_score: float
    score: float = 0.0
    # Share (0–1, rarity-weighted) of the query's required groups named by the title or sector.
    coverage: float = 0.0
    # The title without its parentheses, folded: "(áp dụng cho cả trường hợp …)", "(thực hiện tại
    # cấp xã)" say where a procedure applies, not what it is, so their words never make a title
    # look more specific than the query. Empty: the whole title counts.
    title_unscoped: str = ""
    # The procedure's everyday phrases, folded (``search.aliases``), and as written, in the same
    # order (from the same index row; empty in a row indexed before they were kept).
    aliases: tuple[str, ...] = ()
    aliases_written: tuple[str, ...] = ()


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
    found: list[Callable[[int], bool]] | None = None,
) -> float:
    """Return the final score of ``candidate`` for ``query`` (higher is better).

    ``found[i](page_id)`` says whether the page holds group ``i`` anywhere (body included).
    """
    in_body = found
    stop = stopwords()
    title = candidate.title_folded.split()
    title_set = set(title)
    sector_set = set(candidate.sector_folded.split())
    groups = query.groups
    value = ENGINE_SCORE * candidate.engine_score
    if query.code and candidate.code_key == query.code:
        value += CODE
        candidate.coverage = 1.0
    elif query.code_prefix and candidate.code_key.startswith(query.code_prefix):
        value += CODE_PREFIX
        candidate.coverage = 1.0
    if not groups:
        return value
    weights = [
        w * (OPTIONAL_WEIGHT if g.optional else 1.0)
        for g, w in zip(groups, weights or [1.0] * len(groups), strict=True)
    ]
    total_weight = sum(weights) or 1.0
    required_weight = sum(w for g, w in zip(groups, weights, strict=True) if not g.optional)
    matched: list[tuple[str, ...]] = []
    explained_scattered: set[str] = set()
    covered_weight = sector_weight = required_covered = body_weight = alias_weight = 0.0
    title_text = f" {candidate.title_folded} "
    found = []
    scattered: list[int | None] = []
    for group in groups:
        # A phrase counts where the title has it as a phrase ("đăng ký xe", not "đăng ký … xe").
        phrases = _phrases(group)
        found_at = next(
            (k for k, (alt, text) in enumerate(phrases) if alt[0] in title_set and text in title_text), None
        )
        found.append((phrases, found_at))
        # Not as a phrase, but every word of an alternative of three words or more somewhere in the
        # title ("đổi thẻ BHYT" in "cấp lại, đổi, điều chỉnh thông tin trên sổ BHXH, thẻ BHYT"): a
        # share of it. Two words apart say little ("cho tặng" is not "tặng cho … cho Nhà nước").
        scattered.append(
            next((k for k, (alt, _) in enumerate(phrases) if len(alt) > 2 and title_set.issuperset(alt)), None)
            if found_at is None and not group.optional
            else None
        )
    alias_credits, misread = (
        _alias_credits(groups, weights, found, candidate.aliases, _typed_marks(query.text), candidate.aliases_written)
        if candidate.aliases
        else (None, frozenset())
    )
    for index, (group, weight) in enumerate(zip(groups, weights, strict=True)):
        phrases, found_at = found[index]
        found_in_title = phrases[found_at][0] if found_at is not None else None
        in_sector = bool(sector_set) and any(alt[0] in sector_set and set(alt) <= sector_set for alt, _ in phrases)
        alias_credit = alias_credits[index] if alias_credits else 0.0
        if found_in_title and group.narrow and found_at >= group.narrow:
            # Only a broader term ("chế độ bảo hiểm xã hội" for "lương hưu"): half the credit.
            weight *= BROADER
        if found_in_title:
            matched.append(found_in_title)
            covered_weight += weight
        elif scattered[index] is not None and not group.optional:
            # Counted once, with the phrases' credit taking the larger share.
            share = SCATTERED * weight * (BROADER if group.narrow and scattered[index] >= group.narrow else 1.0)
            title_share = max(0.0, share - alias_credit * ALIAS_COVERAGE / TITLE_COVERAGE)
            covered_weight += title_share
            required_covered += share if not alias_credit else 0.0
            explained_scattered.update(phrases[scattered[index]][0])
        alias_weight += alias_credit
        if in_sector:
            sector_weight += weight
        if (found_in_title or in_sector or alias_credit) and not group.optional:
            required_covered += max(weight if (found_in_title or in_sector) else 0.0, ALIAS_SHARE * alias_credit)
        elif in_body is not None and (group.optional or index not in misread) and in_body[index](candidate.page_id):
            # Named only in the steps, documents or conditions: how people describe their case.
            # Not a word of the matter whose letters a phrase holds with other diacritics ("tiêm",
            # "mở tiệm"): the engine may have found the page by that phrase alone. (Optional words,
            # "hồ sơ" in "nộp hồ sơ", are in most bodies anyway: they keep their body credit.)
            body_weight += weight
            if not group.optional:
                required_covered += BODY_SHARE * weight
    candidate.coverage = max(candidate.coverage, required_covered / required_weight if required_weight else 1.0)
    value += TITLE_COVERAGE * covered_weight / total_weight
    value += BODY_COVERAGE * body_weight / total_weight
    value += ALIAS_COVERAGE * alias_weight / total_weight
    value += SECTOR_COVERAGE * sector_weight / total_weight
    meaningful = [word for word in title if word not in stop]
    core = query.core_tokens or query.tokens
    if len(matched) == len(groups):
        phrase = tuple(word for alt in matched for word in alt)
        if len(phrase) > 1 and contains_phrase(title, phrase):
            value += PHRASE
        if tuple(meaningful) == phrase:
            value += EXACT
    elif len(core) > 1 and contains_phrase(title, core):
        value += PHRASE
    elif alias_weight and len(core) > 1 and any(f" {' '.join(core)} " in a for a in _alias_index(candidate.aliases)[1]):
        value += ALIAS_PHRASE
    value -= VARIANT * unasked_variant(query, title, title_set)
    if query.situation_variants and asked_variant(query, title, title_set):
        value += ASKED_VARIANT
    if query.age is not None and (fit := age_within(candidate.title_folded, query.age)) is not None:
        value -= 0.0 if fit else AGE
    # Words the query does not explain make a title more specific than what was asked, the more
    # so when they are rare ("người dịch") rather than common ("giấy tờ, văn bản").
    explained = {word for alt in matched for word in alt} | explained_scattered
    if not query.asked_variants:
        base = [marker for marker in query_rules().base if marker[0] in title_set and contains_phrase(title, marker)]
        if base:
            value += BASE
            explained |= {word for marker in base for word in marker}
    unscoped = candidate.title_unscoped.split() if candidate.title_unscoped else title
    extra = {word for word in unscoped if word not in explained and word not in stop}
    # Weights come from the engine's term statistics, which may briefly count documents the index no
    # longer holds (a rare word then weighs below zero): never let that make the logarithm undefined.
    rarity = sum(max(0.0, word_weight(w)) for w in extra) if word_weight else len(extra)
    value -= EXTRA_WORDS * math.log1p(rarity)
    return value


@lru_cache(maxsize=4096)
def _first_words(group) -> frozenset[str]:
    """The first word of each alternative of ``group``."""
    return frozenset(alt[0] for alt in group.alternatives if alt)


@lru_cache(maxsize=8192)
def _alias_index(aliases: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The words of a procedure's phrases, and each phrase padded for a substring test of whole words."""
    return frozenset(" ".join(aliases).split()), tuple(f" {alias} " for alias in aliases)


def _alias_credits(
    groups,
    weights: list[float],
    found: list,
    aliases: tuple[str, ...],
    marks: dict[str, frozenset[str]] | None = None,
    written_phrases: tuple[str, ...] = (),
) -> tuple[list[float], frozenset[int]]:
    """The weight each group gets from the procedure's everyday phrases: the groups of the one
    phrase that names the most of the query (by weight) that the title does not name, or names
    only by a broader term. One phrase, not a word from each: a phrase is one way of naming the
    procedure, and common words ("đi", "lần đầu") are found in some phrase of many procedures.

    A word the citizen typed with its diacritics must be the phrase's word as written, not only
    the same letters: "tiêm chủng" is no "mở tiệm" (``marks``: the query's words typed with
    diacritics, by their folded form; ``written_phrases``: the phrases as written, from the same
    index row). Typed without diacritics ("tiem"), any of them counts; a row that keeps no written
    phrases (indexed before they were kept) matches by the folded ones alone. Also returns the
    groups some phrase holds only with other diacritics (and none as typed).
    """
    words, padded_aliases = _alias_index(aliases)
    # The groups some phrase may name: the title does not name them (or only by a broader term),
    # and a phrase holds the first word of one of their alternatives.
    open_groups = []
    for index, (group, (phrases, found_at)) in enumerate(zip(groups, found, strict=True)):
        broader_title = found_at is not None and group.narrow and found_at >= group.narrow
        if (found_at is None or broader_title) and not words.isdisjoint(_first_words(group)):
            open_groups.append((index, group, phrases, broader_title))
    if not open_groups:
        return [], frozenset()
    written = _written_phrases(written_phrases) if marks else {}
    best: list[float] = []
    best_total = 0.0
    letters_only: set[int] = set()
    named: set[int] = set()
    for text in padded_aliases:
        credits = [0.0] * len(groups)
        as_written = written.get(text)
        for index, group, phrases, broader_title in open_groups:
            at = None
            for k, (alt, padded) in enumerate(phrases):
                if padded not in text:
                    continue
                if as_written is None or _as_typed(alt, text, as_written, marks):
                    at = k
                    named.add(index)
                    break
                letters_only.add(index)
            if at is not None and not (broader_title and at >= group.narrow):
                credits[index] = weights[index] * (BROADER if group.narrow and at >= group.narrow else 1.0)
        total = sum(credits)
        if total > best_total:
            best, best_total = credits, total
    return best, frozenset(letters_only - named)


_WORDS = re.compile(r"\w+")


@lru_cache(maxsize=1024)
def _typed_marks(text: str) -> dict[str, frozenset[str]]:
    """The query's words typed with diacritics (lower case), by their folded form: {"tiem": {"tiêm"}}."""
    marks: dict[str, set[str]] = {}
    bare: set[str] = set()
    for word in _WORDS.findall(unicodedata.normalize("NFC", text or "").lower()):
        folded = tokens(word)
        if len(folded) != 1:
            continue
        if folded[0] == word:
            bare.add(word)
        else:
            marks.setdefault(folded[0], set()).add(word)
    # A word typed bare somewhere in the query ("làm ăn xa … công an xã") may be any of them.
    return {folded: frozenset(typed) for folded, typed in marks.items() if folded not in bare}


@lru_cache(maxsize=8192)
def _written_phrases(phrases: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """A procedure's phrases as written (``search/data/aliases.tsv``, kept in its index row), lower
    case with diacritics, word by word, by their folded text padded as ``_alias_index`` pads it. A phrase whose
    words do not fold one to one is left out (then no diacritics test applies to it)."""
    written: dict[str, tuple[str, ...]] = {}
    for phrase in phrases:
        raw = tuple(_WORDS.findall(unicodedata.normalize("NFC", phrase).lower()))
        folded = [tokens(word) for word in raw]
        if all(len(parts) == 1 for parts in folded):
            written.setdefault(f" {' '.join(parts[0] for parts in folded)} ", raw)
    return written


def _as_typed(alt: tuple[str, ...], text: str, as_written: tuple[str, ...], marks: dict[str, frozenset[str]]) -> bool:
    """Whether ``alt`` occurs in the padded folded phrase ``text`` where every word the citizen
    typed with diacritics is written the same in the phrase (``as_written``, word by word)."""
    folded = text.split()
    size = len(alt)
    for start in range(len(folded) - size + 1):
        if tuple(folded[start : start + size]) == alt and all(
            word not in marks or as_written[start + offset] in marks[word] for offset, word in enumerate(alt)
        ):
            return True
    return False


def rerank(
    query: AnalyzedQuery,
    candidates: list[Candidate],
    weights: list[float] | None = None,
    word_weight: Callable[[str], float] | None = None,
    found: list[Callable[[int], bool]] | None = None,
) -> list[Candidate]:
    """Return ``candidates`` best first (stable for equal scores)."""
    for candidate in candidates:
        candidate.score = score(query, candidate, weights, word_weight, found)
    return sorted(candidates, key=lambda c: -c.score)


@lru_cache(maxsize=256)
def _unasked_markers(asked: frozenset[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    return tuple(marker for marker, _ in query_rules().variants if marker not in asked)


@lru_cache(maxsize=4096)
def _phrases(group) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Each alternative of ``group`` with its text padded for a substring test of whole words."""
    return tuple((alt, f" {' '.join(alt)} ") for alt in group.alternatives if alt)


def unasked_variant(query: AnalyzedQuery, title: list[str], title_set: set[str] | None = None) -> int:
    """1 if ``title`` names a variant of a procedure (``query_rules.txt``, ``[variant]``) that the
    query does not ask for, else 0."""
    title_set = title_set if title_set is not None else set(title)
    for marker in _unasked_markers(query.asked_variants):
        if marker[0] in title_set and contains_phrase(title, marker):
            return 1
    return 0


def asked_variant(query: AnalyzedQuery, title: list[str], title_set: set[str] | None = None) -> bool:
    """Whether ``title`` names a variant the citizen's situation asks for ("cấp lại" for "bị mất")."""
    title_set = title_set if title_set is not None else set(title)
    return any(marker[0] in title_set and contains_phrase(title, marker) for marker in query.situation_variants)


def is_good_match(query: AnalyzedQuery, ranked: list[Candidate]) -> bool:
    """Whether the best result names enough of what was asked (see ``GOOD_MATCH``)."""
    return bool(ranked) and ranked[0].coverage >= GOOD_MATCH
