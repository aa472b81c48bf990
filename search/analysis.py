"""Vietnamese text analysis shared by every search backend.

Indexed text and queries go through the same steps so that whatever a citizen types (with or
without diacritics, old or new tone placement, "kí" or "ký", a wrong tone mark, a procedure
code with or without dots) meets the same tokens:

1. Unicode NFC and lower case;
2. old/new tone placement made one (``hoà`` → ``hòa``, ``thuỷ`` → ``thủy``);
3. diacritics folded, including ``đ`` → ``d`` (NFD does not decompose ``đ``);
4. ``i``/``y`` spelling variants made one (``ky`` → ``ki``, ``ly`` → ``li``);
5. dots inside numbers dropped (``1.001193`` → ``1001193``).

The Elasticsearch analyzers in :mod:`search.backends.elasticsearch` express the same rules.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# New ("modern") placement puts the mark on the second vowel of oa/oe/uy when the syllable
# ends there (hoà, khoẻ, thuỷ); the corpus and most official text use the old placement
# (hòa, khỏe, thủy). Applied on NFD text; "qu" is a consonant, so "quý" is left alone.
_NEW_TONE_OA_OE = re.compile(rf"(?<![qQ])([oO])([aAeE])([{_TONE_MARKS}])(?![\u0300-\u036f\w])")
_NEW_TONE_UY = re.compile(rf"(?<![qQ])([uU])([yY])([{_TONE_MARKS}])(?![\u0300-\u036f\w])")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_NUMBER_DOT = re.compile(r"(?<=\d)[.,](?=\d)")
# A lone y after initial consonants is interchangeable with i (kí/ký, lí/lý, mĩ/mỹ, qui/quy).
_Y_VARIANT = re.compile(r"\b(qu|[bcdghklmnprstvx]{1,2})y\b")
_TOKEN = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"\w+", re.UNICODE)
_CODE = re.compile(r"^\s*(\d{1,2})\.?(\d{6})\s*$")


def canonical(text: str) -> str:
    """Return ``text`` in NFC, lower case, with the old tone placement (keeps diacritics)."""
    text = unicodedata.normalize("NFD", text.lower())
    text = _NEW_TONE_OA_OE.sub(r"\1\3\2", text)
    text = _NEW_TONE_UY.sub(r"\1\3\2", text)
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    """Return ``text`` without any diacritic; ``đ``/``Đ`` become ``d``/``D``."""
    text = unicodedata.normalize("NFD", text)
    text = _COMBINING.sub("", text)
    return unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")


# A run of word characters with their combining marks, and dots or commas between them (codes,
# numbers). No rule of ``tokens`` looks beyond a run, and a text has far fewer distinct runs than
# words (Vietnamese words are syllables), so each run is folded once per process: indexing a long
# body costs a dictionary look-up per word instead of five regular-expression passes.
_RUN = re.compile(r"[\w\u0300-\u036f]+(?:[.,][\w\u0300-\u036f]+)*")


@lru_cache(maxsize=200_000)
def _run_tokens(run: str) -> tuple[str, ...]:
    folded = strip_diacritics(canonical(run))
    folded = _NUMBER_DOT.sub("", folded)
    folded = _Y_VARIANT.sub(r"\1i", folded)
    return tuple(_TOKEN.findall(folded))


def tokens(text: str) -> list[str]:
    """Return the folded search tokens of ``text`` (the unit every backend indexes)."""
    if not text:
        return []
    return [token for run in _RUN.findall(unicodedata.normalize("NFC", text)) for token in _run_tokens(run)]


def fold(text: str) -> str:
    """Return ``text`` as space-separated folded tokens: what is stored in the index."""
    return " ".join(tokens(text))


def with_bigrams(folded: str) -> str:
    """Return folded text followed by its word pairs joined by "_" ("khai tu" → "khai tu khai_tu").

    Vietnamese words are syllables, so almost every query word is common; a pair of them is
    not. Indexing the pairs lets the embedded backend match a phrase through one short list
    of documents instead of the position lists of two common syllables.
    """
    words = folded.split()
    return " ".join([*words, *(f"{a}_{b}" for a, b in zip(words, words[1:], strict=False))])


def code_key(text: str) -> str | None:
    """Return the dot-less procedure code if ``text`` is one ("1.001193" or "1001193"), else None."""
    match = _CODE.match(text or "")
    return match.group(1) + match.group(2) if match else None


# --- Dictionaries ----------------------------------------------------------------------------


def _data_lines(name: str) -> Iterable[str]:
    for raw in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            yield line


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """Return the synonym groups of ``data/synonyms.txt`` as folded phrases, one tuple per line."""
    groups = []
    for line in _data_lines("synonyms.txt"):
        members = []
        for part in line.split("|"):
            phrase = fold(part)
            if phrase and phrase not in members:
                members.append(phrase)
        if len(members) > 1:
            groups.append(tuple(members))
    return tuple(groups)


@lru_cache(maxsize=1)
def _synonym_lookup() -> dict[tuple[str, ...], tuple[str, ...]]:
    lookup: dict[tuple[str, ...], list[str]] = {}
    for group in synonym_groups():
        for member in group:
            alternatives = lookup.setdefault(tuple(member.split()), [member])
            alternatives.extend(m for m in group if m not in alternatives)
    return {key: tuple(value) for key, value in lookup.items()}


@lru_cache(maxsize=1)
def stopword_phrases() -> frozenset[tuple[str, ...]]:
    """Stopwords of ``data/stopwords.txt`` as phrases of canonical (diacritic-bearing) words."""
    return frozenset(tuple(_WORD.findall(canonical(line))) for line in _data_lines("stopwords.txt"))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The folded words of every stopword phrase (used to judge how much else a title says)."""
    return frozenset(fold(word) for phrase in stopword_phrases() for word in phrase)


# --- Queries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TermGroup:
    """One unit of a query: a word or phrase and its synonyms; any alternative satisfies it."""

    alternatives: tuple[tuple[str, ...], ...]

    @property
    def words(self) -> set[str]:
        return {word for alternative in self.alternatives for word in alternative}


@dataclass(frozen=True)
class AnalyzedQuery:
    """A query after analysis: the folded tokens and the groups that backends match."""

    text: str
    tokens: tuple[str, ...]
    groups: tuple[TermGroup, ...]
    code: str | None

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.code

    @property
    def highlight_words(self) -> set[str]:
        words: set[str] = set()
        for group in self.groups:
            words |= group.words
        if self.code:
            words.add(self.code)
        return words


_MAX_SYNONYM_LENGTH = 8


def analyze_query(text: str) -> AnalyzedQuery:
    """Split a query into term groups, expanding synonyms (longest match first) and dropping stopwords."""
    text = (text or "").strip()
    code = code_key(text)
    # (word as typed, folded token) pairs, so stopwords can be told apart by their diacritics.
    pairs = [(word, token) for word in _WORD.findall(_NUMBER_DOT.sub("", canonical(text))) for token in tokens(word)]
    words = [token for _, token in pairs]
    lookup = _synonym_lookup()
    groups: list[TermGroup] = []
    dropped: list[TermGroup] = []
    i = 0
    while i < len(words):
        for length in range(min(_MAX_SYNONYM_LENGTH, len(words) - i), 0, -1):
            key = tuple(words[i : i + length])
            if key in lookup:
                groups.append(TermGroup(tuple(tuple(alt.split()) for alt in lookup[key])))
                i += length
                break
        else:
            length = _stopword_length(pairs, i)
            if length:
                dropped += [TermGroup(((token,),)) for _, token in pairs[i : i + length]]
                i += length
            else:
                groups.append(TermGroup(((words[i],),)))
                i += 1
    # A query made only of stopwords ("thủ tục") still has to search for something.
    groups = groups or dropped
    return AnalyzedQuery(text=text, tokens=tuple(words), groups=tuple(groups), code=code)


def _stopword_length(pairs: list[tuple[str, str]], start: int) -> int:
    """Length of the longest stopword phrase at ``start`` (0 if none)."""
    best = 0
    for phrase in stopword_phrases():
        n = len(phrase)
        if n <= best or start + n > len(pairs):
            continue
        if all(
            typed == word or (typed.isascii() and token == fold(word))
            for (typed, token), word in zip(pairs[start : start + n], phrase, strict=True)
        ):
            best = n
    return best


# --- Highlighting ----------------------------------------------------------------------------


@lru_cache(maxsize=100_000)
def _word_tokens(word: str) -> tuple[str, ...]:
    return tuple(tokens(word))


_ESCAPED_WORD = re.compile(r"&#?\w+;|\w+", re.UNICODE)


class Highlighter:
    """Marks the words of one query in any number of texts (the hits of one results page).

    Whether a word as written matches is remembered for the whole page: the same few hundred
    words recur across titles and snippets, and folding each occurrence again cost more than
    the search itself.
    """

    def __init__(self, words: set[str]):
        self.words = words
        self._matches: dict[str, bool] = {}

    def is_match(self, word: str) -> bool:
        found = self._matches.get(word)
        if found is None:
            folded = _word_tokens(word)
            found = self._matches[word] = bool(folded) and all(token in self.words for token in folded)
        return found

    def _mark(self, match: re.Match) -> str:
        word = match.group()
        return f"<mark>{word}</mark>" if word[0] != "&" and self.is_match(word) else word

    def highlight(self, text: str) -> str:
        """Return ``text`` HTML-escaped with every word whose folded form is a query word wrapped in <mark>."""
        return _ESCAPED_WORD.sub(self._mark, html.escape(text))

    def excerpt(self, text: str, *, size: int = 160) -> str:
        """Return a highlighted window of about ``size`` characters around the first matched word."""
        text = " ".join((text or "").split())
        start = 0
        for match in _WORD.finditer(text):
            if self.is_match(match.group()):
                start = max(0, match.start() - size // 4)
                break
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < match.start() else start
        window = text[start : start + size]
        if start + size < len(text):
            cut = window.rfind(" ")
            window = (window[:cut] if cut > size // 2 else window) + " …"
        return ("… " if start else "") + self.highlight(window)


def highlight(text: str, words: set[str]) -> str:
    """Return ``text`` HTML-escaped with every word whose folded form is in ``words`` wrapped in <mark>."""
    return Highlighter(words).highlight(text)


def excerpt(text: str, words: set[str], *, size: int = 160) -> str:
    """Return a highlighted window of about ``size`` characters around the first matched word."""
    return Highlighter(words).excerpt(text, size=size)
