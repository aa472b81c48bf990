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
from dataclasses import dataclass, replace
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
# A code inside a query ("mã 1.013225"), and the start of one ("1.0011", "2.00063"): citizens
# copy codes from receipts and lists, often cut short.
_CODE_IN_TEXT = re.compile(r"(?<![\d.])(\d{1,2})\.?(\d{6})(?![\d.])")
_CODE_PREFIX = re.compile(r"(?<![\d.])(\d)\.(\d{3,5})(?![\d.])|(?<![\d.])(\d{4,6})(?![\d.])")
_CODE_WORDS = frozenset({"ma", "so", "thu", "tuc", "ma so", "tthc"})
_CODE_TOKENS = frozenset({"ma", "so", "thu", "tuc", "tthc"})


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


_PARENTHESES = re.compile(r"\([^()]*\)")


@lru_cache(maxsize=50_000)
def unscoped_title(title: str) -> str:
    """Return ``title`` folded without its parenthesised parts, or "" when it has none.

    "Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực điểm
    chỉ …)" → "chung thuc chu ki trong cac giay to van ban": the parentheses say where the
    procedure applies, which the ranking does not count as the title saying more than the query.
    """
    if not title or "(" not in title:
        return ""
    return fold(_PARENTHESES.sub(" ", title))


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


def code_in_query(text: str) -> tuple[str | None, str | None]:
    """Return (code, code prefix) found in a query: "mã 1.013225" → ("1013225", None),
    "1.0011" → (None, "10011"); a query that is only words gives (None, None)."""
    match = _CODE_IN_TEXT.search(text or "")
    if match:
        return match.group(1) + match.group(2), None
    text = text or ""
    match = _CODE_PREFIX.search(text)
    if match and set(tokens(text[: match.start()] + " " + text[match.end() :])) <= _CODE_TOKENS:
        return None, match.group(3) or match.group(1) + match.group(2)
    return None, None


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
def broader_terms() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Read ``data/broader.txt``: each folded narrower phrase → the folded broader phrases.

    "lương hưu > chế độ bảo hiểm xã hội": a pension is one of the social insurance benefits, so
    a title that names only the benefits in general ("lĩnh chế độ bảo hiểm xã hội bằng tài khoản
    cá nhân") answers a question about a pension, though less surely than one naming it.
    """
    found: dict[tuple[str, ...], list[str]] = {}
    for line in _data_lines("broader.txt"):
        narrow, _, broad = line.partition(">")
        broad_phrases = [fold(part) for part in broad.split("|") if fold(part)]
        for part in narrow.split("|"):
            key = tuple(fold(part).split())
            if key:
                members = found.setdefault(key, [])
                members.extend(b for b in broad_phrases if b not in members and b != " ".join(key))
    return {key: tuple(value) for key, value in found.items() if value}


@lru_cache(maxsize=1)
def stopword_phrases() -> frozenset[tuple[str, ...]]:
    """Stopwords of ``data/stopwords.txt`` as phrases of canonical (diacritic-bearing) words."""
    return frozenset(tuple(_WORD.findall(canonical(line))) for line in _data_lines("stopwords.txt"))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The folded words of every stopword phrase (used to judge how much else a title says)."""
    return frozenset(fold(word) for phrase in stopword_phrases() for word in phrase)


# --- Query rules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryRules:
    """The word classes of ``data/query_rules.txt`` as phrases of canonical (diacritic-bearing) words."""

    question: frozenset[tuple[str, ...]]
    frame: frozenset[tuple[str, ...]]
    lead: frozenset[tuple[str, ...]]
    filler: frozenset[tuple[str, ...]]
    audience: frozenset[tuple[str, ...]]
    situation: frozenset[tuple[str, ...]]
    place: frozenset[tuple[str, ...]]
    purpose: frozenset[tuple[str, ...]]
    reason: frozenset[tuple[str, ...]]
    measure: frozenset[tuple[str, ...]]
    number: frozenset[tuple[str, ...]]
    death: frozenset[tuple[str, ...]]
    base: tuple[tuple[str, ...], ...]
    # folded variant phrase → phrases (canonical words) that ask for it
    variants: tuple[tuple[tuple[str, ...], frozenset[tuple[str, ...]]], ...]


@lru_cache(maxsize=1)
def query_rules() -> QueryRules:
    """Read ``data/query_rules.txt`` (sections ``[question]``, ``[frame]``, … one phrase a line)."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in _data_lines("query_rules.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(line)

    def phrases(name: str) -> frozenset[tuple[str, ...]]:
        return frozenset(tuple(_WORD.findall(canonical(line))) for line in sections.get(name, ()))

    variants = []
    for line in sections.get("variant", ()):
        marker, _, asks = line.partition("=")
        asking = frozenset(tuple(_WORD.findall(canonical(a))) for a in (marker, *asks.split(",")) if a.strip())
        variants.append((tuple(fold(marker).split()), asking))
    return QueryRules(
        question=phrases("question"),
        frame=phrases("frame"),
        lead=phrases("lead"),
        filler=phrases("filler"),
        audience=phrases("audience"),
        situation=phrases("situation"),
        place=phrases("place"),
        purpose=phrases("purpose"),
        reason=phrases("reason"),
        measure=phrases("measure"),
        number=phrases("number"),
        death=phrases("death"),
        base=tuple(tuple(fold(line).split()) for line in sections.get("base", ())),
        variants=tuple(variants),
    )


def _phrase_at(pairs: list[tuple[str, str]], start: int, phrases: frozenset[tuple[str, ...]]) -> int:
    """Length of the longest phrase of ``phrases`` at ``start`` (0 if none).

    A word typed with diacritics matches only as written; one typed without matches if it folds
    to the same letters (so "lâm" is never "làm", while "lam" may be).
    """
    if start >= len(pairs):
        return 0
    by_typed, by_folded = _by_first_word(phrases)
    best = 0
    # Only the phrases whose first word is the one typed, or folds to it, can start here.
    for phrase in (*by_typed.get(pairs[start][0], ()), *by_folded.get(pairs[start][1], ())):
        n = len(phrase)
        if n <= best or start + n > len(pairs):
            continue
        if all(
            typed == word or (typed.isascii() and token == _fold_word(word))
            for (typed, token), word in zip(pairs[start : start + n], phrase, strict=True)
        ):
            best = n
    return best


@lru_cache(maxsize=64)
def _by_first_word(
    phrases: frozenset[tuple[str, ...]],
) -> tuple[dict[str, list[tuple[str, ...]]], dict[str, list[tuple[str, ...]]]]:
    """``phrases`` by their first word as written and by its folded form (the rule sets are read
    once: every query looked at each of their phrases at each of its words)."""
    by_typed: dict[str, list[tuple[str, ...]]] = {}
    by_folded: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        if phrase:
            by_typed.setdefault(phrase[0], []).append(phrase)
            by_folded.setdefault(_fold_word(phrase[0]), []).append(phrase)
    return by_typed, by_folded


@lru_cache(maxsize=4096)
def _fold_word(word: str) -> str:
    return fold(word)


def _question_frames(pairs: list[tuple[str, str]]) -> list[bool]:
    """Which words belong to a question frame: each question phrase and the frame words around it.

    "bố mất thì làm giấy tờ gì" → "thì làm giấy tờ gì"; "nộp hồ sơ đăng ký kết hôn ở đâu" →
    "ở đâu" (the frame stops at "hôn", which is not a frame word).
    """
    rules = query_rules()
    dropped = [False] * len(pairs)
    i = 0
    while i < len(pairs):
        n = _phrase_at(pairs, i, rules.question)
        if n == 1 and pairs[i][0].isascii() and not _ascii_question_here(pairs, i, rules):
            n = 0  # "dau tu" is "đầu tư", not "đâu"
        if not n:
            i += 1
            continue
        for k in range(i, i + n):
            dropped[k] = True
        j = i - 1  # frame words before the question, back to the first word that says something
        while j >= 0 and not dropped[j]:
            m = max(
                (L for L in range(1, 3) if j - L + 1 >= 0 and _phrase_at(pairs, j - L + 1, rules.frame) == L), default=0
            )
            # "bố mất thì làm gì": "mất" after a person is a death, not a frame word.
            if not m or (_phrase_at(pairs, j, rules.death) and j and _phrase_at(pairs, j - 1, rules.audience)):
                break
            for k in range(j - m + 1, j + 1):
                dropped[k] = True
            j -= m
        j = i + n  # and after it
        while j < len(pairs):
            m = _phrase_at(pairs, j, rules.frame) or _phrase_at(pairs, j, rules.question)
            if not m:
                break
            for k in range(j, j + m):
                dropped[k] = True
            j += m
        i += n
    return dropped


def _ascii_question_here(pairs: list[tuple[str, str]], i: int, rules: QueryRules) -> bool:
    """A one-word question typed without diacritics ("dau", "gi", "nao") counts only at the end of
    the query or after a frame word ("o dau", "can gi"), where it cannot be a content word."""
    return i == len(pairs) - 1 or (i > 0 and bool(_phrase_at(pairs, i - 1, rules.frame)))


YES_NO_OPENERS = frozenset({("có",), ("có", "phải"), ("có", "cần"), ("có", "được")})


def _yes_no_frame(pairs: list[tuple[str, str]], dropped: list[bool], rules: QueryRules) -> None:
    """ "có … không" asks yes or no: once the closing question is gone, the opening "có" goes too
    ("có cần xin giấy phép xây dựng không" → "giấy phép xây dựng")."""
    if not pairs or _phrase_at(pairs, len(pairs) - 1, frozenset({("không",)})) != 1:
        return
    opener = next((i for i in range(len(pairs) - 1) if not dropped[i] and _phrase_at(pairs, i, YES_NO_OPENERS)), None)
    if opener is None:
        return
    dropped[-1] = True
    for i in range(len(pairs) - 1):
        if not dropped[i] and _phrase_at(pairs, i, YES_NO_OPENERS):
            n = _phrase_at(pairs, i, YES_NO_OPENERS)
            for k in range(i, i + n):
                dropped[k] = True
            return


# --- Queries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TermGroup:
    """One unit of a query: a word or phrase and its synonyms; any alternative satisfies it.

    An ``optional`` group (a person the procedure is for, "bố", "con gái") ranks results but
    never restricts them.
    """

    alternatives: tuple[tuple[str, ...], ...]
    optional: bool = False
    # When above 0, the alternatives from this index on are broader terms (``data/broader.txt``):
    # they satisfy the group, but a title naming only them counts half.
    narrow: int = 0

    @property
    def exact_alternatives(self) -> tuple[tuple[str, ...], ...]:
        """The group's own words and synonyms, without its broader terms."""
        return self.alternatives[: self.narrow] if self.narrow else self.alternatives

    @property
    def words(self) -> set[str]:
        return {word for alternative in self.alternatives for word in alternative}


@dataclass(frozen=True)
class AnalyzedQuery:
    """A query after analysis: the folded tokens and the groups that backends match.

    ``tokens`` are every word typed; ``core_tokens`` what is left once the question frame, the
    fillers and the people are set aside (what the query is about), and ``core_text`` the same
    words as typed, for engines that analyse text themselves (Elasticsearch). ``asked_variants``
    are the variant phrases of ``query_rules.txt`` the query asks for ("cấp lại" for "làm lại").
    """

    text: str
    tokens: tuple[str, ...]
    groups: tuple[TermGroup, ...]
    code: str | None
    core_tokens: tuple[str, ...] = ()
    core_text: str = ""
    asked_variants: frozenset[tuple[str, ...]] = frozenset()
    code_prefix: str | None = None
    # The variants the citizen's situation asks for ("bị mất" → "cấp lại", "hết hạn" → "gia
    # hạn"): a title naming one of them answers the situation, and ranks higher for it.
    situation_variants: frozenset[tuple[str, ...]] = frozenset()
    # The age the query gives ("con tôi 10 tuổi"): titles bounded by age ("dưới 14 tuổi", "từ đủ
    # 14 tuổi trở lên") rank by whether it falls within (``age_within``, search.ranking.AGE).
    age: int | None = None

    @property
    def broader_text(self) -> str:
        """The matter with each group that has broader terms named by its first broader term
        ("lãnh lương hưu qua ngân hàng" → "chế độ bảo hiểm xã hội … ngân hàng"); "" when none has."""
        if not any(group.narrow for group in self.groups):
            return ""
        return " ".join(
            " ".join(group.alternatives[group.narrow] if group.narrow else group.alternatives[0])
            for group in self.groups
            if not group.optional
        )

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.code

    @property
    def required(self) -> tuple[TermGroup, ...]:
        """The groups a result must match (people only when the query names nothing else)."""
        required = tuple(group for group in self.groups if not group.optional)
        return required or self.groups

    @property
    def highlight_words(self) -> set[str]:
        words: set[str] = set()
        for group in self.groups:
            words |= group.words
        if self.code:
            words.add(self.code)
        return words


_MAX_SYNONYM_LENGTH = 8
DEATH_GROUP_KEY = ("khai", "tu")


@lru_cache(maxsize=2048)
def analyze_query(text: str) -> AnalyzedQuery:
    """Split a query into term groups: question frames, fillers and leading request words removed,
    people set apart as optional groups, synonyms expanded (longest match first), stopwords dropped.
    """
    text = (text or "").strip()
    code, code_prefix = code_in_query(text)
    rules = query_rules()
    # (word as typed, folded token) pairs, so rule words can be told apart by their diacritics.
    pairs = [(word, token) for word in _WORD.findall(_NUMBER_DOT.sub("", canonical(text))) for token in tokens(word)]
    words = [token for _, token in pairs]
    dropped = _question_frames(pairs)
    _yes_no_frame(pairs, dropped, rules)
    # Leading request words ("tôi muốn", "cho hỏi", "cách", "làm") while they lead the query.
    i = 0
    while i < len(pairs):
        if dropped[i]:
            i += 1
            continue
        n = _phrase_at(pairs, i, rules.lead)
        if not n or i + n >= len(pairs) or _thesaurus_at(words, i):
            break  # "di chúc" typed "di chuc" is not "đi"
        for k in range(i, i + n):
            dropped[k] = True
        i += n
    lookup = _synonym_lookup()
    groups: list[TermGroup] = []
    removed: list[TermGroup] = []
    purpose_from: int | None = None
    core: list[str] = []
    core_typed: list[str] = []
    situations: list[list[tuple[str, str]]] = []
    age: int | None = None
    measured: list[int] = []
    i = 0
    while i < len(words):
        if dropped[i]:
            removed.append(TermGroup(((words[i],),)))
            i += 1
            continue
        span = 1
        while i + span < len(words) and not dropped[i + span]:
            span += 1
        if purpose_from is None and groups and _phrase_at(pairs[: i + span], i, rules.purpose):
            if not _thesaurus_at(words, i):
                # "… để nộp hồ sơ xin việc": what follows says why, not what is asked for.
                purpose_from = len(groups)
                i += _phrase_at(pairs[: i + span], i, rules.purpose)
                continue
        reason = _phrase_as_written(pairs[: i + span], i, rules.reason) if groups and purpose_from is None else 0
        if reason and not _thesaurus_at(words, i):
            # "đổi tên cho con vì tên cũ bị bạn bè trêu": the reason ranks, it is not the matter.
            purpose_from = len(groups)
            i += reason
            continue
        number = words[i].isdigit() or _phrase_at(pairs[: i + 1], i, rules.number) == 1
        unit = _phrase_at(pairs[: i + span], i + 1, rules.measure) if number and i + 1 < i + span else 0
        if unit and words[i] not in (code, code_prefix):
            # "nghỉ bán 3 tháng", "bé 5 tuổi": a number and its unit describe the case, they rank
            # but never restrict (titles name the procedure, not the citizen's figures). A number
            # alone may name the matter ("bằng cấp 3").
            measured += range(len(groups), len(groups) + 1 + unit)
            groups += [TermGroup(((token,),), optional=True) for _, token in pairs[i : i + 1 + unit]]
            if words[i + 1] == "tuoi" and words[i].isdigit() and len(words[i]) <= 3:
                age = int(words[i])
            i += 1 + unit
            continue
        situation = _phrase_at(pairs[: i + span], i, rules.situation) or _phrase_at(pairs[: i + span], i, rules.place)
        if situation and _thesaurus_length(words[: i + span], i) > situation:
            situation = 0  # a longer thesaurus phrase starts here: "ghi sai ngày sinh" is a correction
        if situation:
            # "bị mất", "hết hạn", "ghi sai": the citizen's situation ranks (and may ask for a
            # variant) but does not restrict, as titles name the procedure, not the mishap; nor
            # does where the citizen goes ("ra xã", "ở quê").
            key = tuple(words[i : i + situation])
            situations.append(pairs[i : i + situation])
            alternatives = lookup.get(key, (" ".join(key),))
            groups.append(TermGroup(tuple(tuple(alt.split()) for alt in alternatives), optional=True))
            i += situation
            continue
        # A person typed with its diacritics is a person, though its letters are a thesaurus
        # phrase ("bố chồng" is not "bỏ chồng").
        person = 0 if pairs[i][0].isascii() else _phrase_as_written(pairs[: i + span], i, rules.audience)
        for length in range(min(_MAX_SYNONYM_LENGTH, span), person, -1):
            key = tuple(words[i : i + length])
            if key in lookup and not _ends_inside_person(pairs[: i + span], i, length, rules):
                groups.append(TermGroup(tuple(tuple(alt.split()) for alt in lookup[key])))
                core += words[i : i + length]
                core_typed += [typed for typed, _ in pairs[i : i + length]]
                i += length
                break
        else:
            audience = _phrase_at(pairs[: i + span], i, rules.audience)
            if audience:
                groups += [TermGroup(((token,),), optional=True) for _, token in pairs[i : i + audience]]
                i += audience
                death = _phrase_at(pairs[: i + span - audience], i, rules.death) if i < len(words) else 0
                if death and DEATH_GROUP_KEY in lookup:
                    # "bố mất": the person died; the query asks for a death registration.
                    groups.append(TermGroup(tuple(tuple(alt.split()) for alt in lookup[DEATH_GROUP_KEY])))
                    core += list(DEATH_GROUP_KEY)
                    core_typed.append("khai tử")
                    for k in range(i, i + death):
                        dropped[k] = True  # not "mất" as lost (which would ask for a re-issue)
                    i += death
                continue
            length = _phrase_at(pairs, i, rules.filler) or _stopword_length(pairs, i)
            if length:
                removed += [TermGroup(((token,),)) for _, token in pairs[i : i + length]]
                i += length
            else:
                groups.append(TermGroup(((words[i],),)))
                core.append(words[i])
                core_typed.append(pairs[i][0])
                i += 1
    if code or code_prefix:
        # "mã 1.013225", "thủ tục 1.0011": the code decides; the words around it only rank.
        number = code or code_prefix
        groups = [
            TermGroup(group.alternatives, optional=True) if group.alternatives[0][0] != number else group
            for group in groups
            if " ".join(group.alternatives[0]) not in _CODE_WORDS
        ]
    if measured and all(group.optional for group in groups):
        # Nothing but figures ("năm năm", "3 tháng"): they are what is asked for.
        groups = [replace(group, optional=False) if k in measured else group for k, group in enumerate(groups)]
    if purpose_from is not None:
        groups[purpose_from:] = [replace(group, optional=True) for group in groups[purpose_from:]]
    # A query made only of rule words or stopwords ("thủ tục") still has to search for something.
    groups = groups or removed
    if not core:
        core = [word for group in groups for word in group.alternatives[0]]
        core_typed = core
    groups = [_with_broader(group) for group in groups]
    expanded = {alt for group in groups for alt in group.exact_alternatives}
    kept = [pair for pair, gone in zip(pairs, dropped, strict=True) if not gone]
    asked = frozenset(
        marker
        for marker, asking in rules.variants
        if any(_phrase_at(kept, k, asking) for k in range(len(kept)))
        or any(_contains(list(alt), marker) for alt in expanded)
        or (age is not None and age_within(marker, age) is True)
    )
    if age is not None:
        # The age given decides between age-bounded variants, whatever else asked for one
        # ("làm căn cước cho con 14 tuổi" is not "dưới 14 tuổi").
        asked = frozenset(marker for marker in asked if age_within(marker, age) is not False)
    by_situation = frozenset(
        marker
        for marker, asking in rules.variants
        if marker in asked and any(_phrase_at(words_, 0, asking) == len(words_) for words_ in situations)
    )
    return AnalyzedQuery(
        text=text,
        tokens=tuple(words),
        groups=tuple(groups),
        code=code,
        core_tokens=tuple(core),
        core_text=" ".join(core_typed),
        asked_variants=asked,
        code_prefix=code_prefix,
        situation_variants=by_situation,
        age=age,
    )


_AGE_BOUND = re.compile(r"\b(duoi|tu du|tu|tren) (\d{1,3}) tuoi\b")


def age_within(folded: tuple[str, ...] | str, age: int) -> bool | None:
    """Whether ``age`` falls within the first age bound of a folded text ("duoi 14 tuoi", "tu du
    14 tuoi tro len"): True or False, None when the text names no age bound."""
    text = folded if isinstance(folded, str) else " ".join(folded)
    match = _AGE_BOUND.search(text)
    if not match:
        return None
    bound = int(match.group(2))
    if match.group(1) == "duoi":
        return age < bound
    return age > bound if match.group(1) == "tren" else age >= bound


def _phrase_as_written(pairs: list[tuple[str, str]], start: int, phrases: frozenset[tuple[str, ...]]) -> int:
    """Length of the longest phrase of ``phrases`` at ``start`` typed exactly as written (0 if
    none): for rule words whose letters without diacritics are content words ("vì" is "vi phạm")."""
    if start >= len(pairs):
        return 0
    best = 0
    for phrase in _by_first_word(phrases)[0].get(pairs[start][0], ()):
        n = len(phrase)
        if best < n and tuple(typed for typed, _ in pairs[start : start + n]) == phrase:
            best = n
    return best


def _ends_inside_person(pairs: list[tuple[str, str]], start: int, length: int, rules: QueryRules) -> bool:
    """Whether a thesaurus phrase of ``length`` words at ``start`` ends inside a longer person
    after "cho" ("nhập hộ khẩu cho con" in "nhập hộ khẩu cho con dâu"): "cho" and the person say
    who the procedure is for, so a shorter thesaurus phrase is taken and the person kept whole.
    ("nhận cha" in "nhận cha mẹ con" names the matter: no "cho".)"""
    return any(
        pairs[k - 1][1] == "cho" and (n := _phrase_at(pairs, k, rules.audience)) and k + n > start + length
        for k in range(start + 2, start + length)
    )


def _with_broader(group: TermGroup) -> TermGroup:
    """``group`` with the broader terms of its alternatives appended (people and situations keep none)."""
    if group.optional:
        return group
    broader = broader_terms()
    extra: list[tuple[str, ...]] = []
    for alternative in group.alternatives:
        # The matter may be part of a phrase: "lĩnh lương hưu" holds "lương hưu".
        for narrow, phrases in broader.items():
            if narrow[0] not in alternative or not _contains(list(alternative), narrow):
                continue
            for phrase in phrases:
                words = tuple(phrase.split())
                if words not in group.alternatives and words not in extra:
                    extra.append(words)
    if not extra:
        return group
    return replace(group, alternatives=(*group.alternatives, *extra), narrow=len(group.alternatives))


def _thesaurus_length(words: list[str], start: int) -> int:
    """Length of the longest thesaurus phrase starting at ``start`` (0 if none)."""
    lookup = _synonym_lookup()
    return max(
        (
            n
            for n in range(1, min(_MAX_SYNONYM_LENGTH, len(words) - start) + 1)
            if tuple(words[start : start + n]) in lookup
        ),
        default=0,
    )


def _thesaurus_at(words: list[str], start: int) -> bool:
    """Whether a thesaurus phrase of two words or more starts at ``start``."""
    lookup = _synonym_lookup()
    return any(
        tuple(words[start : start + n]) in lookup for n in range(2, min(_MAX_SYNONYM_LENGTH, len(words) - start) + 1)
    )


def _contains(haystack: list[str], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(tuple(haystack[i : i + n]) == needle for i in range(len(haystack) - n + 1))


def _stopword_length(pairs: list[tuple[str, str]], start: int) -> int:
    """Length of the longest stopword phrase at ``start`` (0 if none)."""
    return _phrase_at(pairs, start, stopword_phrases())


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def closest_word(word: str, vocabulary) -> str | None:
    """The word of ``vocabulary`` (a Counter of how often each occurs) one edit away from ``word``
    — a letter dropped, doubled, swapped, replaced or added, as fingers slip and as Telex leaves
    tone keys behind ("doanhf", "hưuw", "khaii") — the commonest if several; None if none."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    candidates = {a + b[1:] for a, b in splits if b}
    candidates |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    candidates |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    candidates |= {a + c + b for a, b in splits for c in _LETTERS}
    found = {fold(candidate) for candidate in candidates} & set(vocabulary)
    found.discard(word)
    return max(sorted(found), key=lambda w: vocabulary[w]) if found else None


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
