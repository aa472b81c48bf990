"""The second-stage ranking's rules one at a time (search/ranking.py), without a database.

Hand-made queries and candidates of neutral words ("aa", "bb": no stopword, variant or base
marker of ``search/data/query_rules.txt``), so every expected score is written out from the
weights: title coverage 4, phrase 2, exact title 1.5, engine score 1.5, sector 0.5, body 1 (a
quarter towards a good match), optional groups 0.3, broader terms half, an unasked variant −1.5,
an asked one +1, a base case +0.5, code 100 (prefix 50), and −0.25·ln(1 + rarity of the words
the query does not explain). A good match names at least 0.6 of the required groups.
"""

import math

import pytest

from search.analysis import AnalyzedQuery, TermGroup
from search.ranking import (
    Candidate,
    asked_variant,
    contains_phrase,
    idf,
    is_good_match,
    rerank,
    score,
    unasked_variant,
)


def group(*alternatives, optional=False, narrow=0):
    return TermGroup(alternatives=tuple(tuple(a.split()) for a in alternatives), optional=optional, narrow=narrow)


def query(*groups, tokens=None, core=(), code=None, code_prefix=None, asked=(), situation=()):
    words = tuple(word for g in groups for word in g.alternatives[0]) if tokens is None else tuple(tokens.split())
    return AnalyzedQuery(
        text=" ".join(words),
        tokens=words,
        groups=tuple(groups),
        code=code,
        core_tokens=tuple(core.split()) if core else (),
        code_prefix=code_prefix,
        asked_variants=frozenset(tuple(v.split()) for v in asked),
        situation_variants=frozenset(tuple(v.split()) for v in situation),
    )


def candidate(title, *, sector="", code_key="", engine=0.0, unscoped="", page_id=1):
    return Candidate(
        page_id=page_id,
        title_folded=title,
        sector_folded=sector,
        code_key=code_key,
        engine_score=engine,
        title_unscoped=unscoped,
    )


# --- contains_phrase and idf -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("haystack", "needle", "expected"),
    [
        ("aa bb", ("bb",), True),
        ("aa bb", ("cc",), False),
        ("xx aa bb", ("aa", "bb"), True),  # at the very end
        ("aa bb xx", ("aa", "bb"), True),  # at the very start
        ("aa cc", ("aa", "bb"), False),  # the first word alone is not the phrase
        ("aa xx bb", ("aa", "bb"), False),  # not consecutive
        ("bb aa", ("aa", "bb"), False),  # not in order
        ("xx aa", ("aa", "bb"), False),  # the first word last: nothing after it
        ("aa bb cc", ("aa", "bb", "cc"), True),
        ("aa bb xx cc", ("aa", "bb", "cc"), False),
        ("", ("aa", "bb"), False),
    ],
)
def test_contains_phrase(haystack, needle, expected):
    assert contains_phrase(haystack.split(), needle) is expected


@pytest.mark.parametrize(
    ("document_frequency", "total", "expected"),
    [
        (0, 0, math.log(2)),  # ln(1 + 1/1)
        (1, 3, math.log(3)),  # ln(1 + 4/2)
        (9, 99, math.log(11)),  # ln(1 + 100/10)
        (99, 99, math.log(2)),  # a word in every title
    ],
)
def test_idf(document_frequency, total, expected):
    assert idf(document_frequency, total) == pytest.approx(expected)


def test_a_rarer_word_weighs_more():
    assert idf(1, 100) > idf(50, 100)


# --- score: engine and codes --------------------------------------------------------------------


def test_without_groups_only_the_engine_score_counts():
    assert score(query(), candidate("aa bb", engine=0.4)) == pytest.approx(0.6)


def test_the_exact_code_adds_100_and_a_full_coverage():
    found = candidate("xx", code_key="1.001193", engine=0.2)
    assert score(query(code="1.001193", code_prefix="1.00"), found) == pytest.approx(100.3)
    assert found.coverage == 1.0


def test_a_code_prefix_adds_50_and_a_full_coverage():
    found = candidate("xx", code_key="1.001193", engine=0.2)
    assert score(query(code_prefix="1.0011"), found) == pytest.approx(50.3)
    assert found.coverage == 1.0


def test_another_code_adds_nothing():
    other = candidate("xx", code_key="1.000894")
    assert score(query(code="1.001193"), other) == 0.0
    assert score(query(code_prefix="1.0011"), other) == 0.0
    assert other.coverage == 0.0


def test_a_code_match_keeps_its_full_coverage_when_no_group_is_in_the_title():
    found = candidate("zz", code_key="9.9")
    # 100 − 0.25·ln(1 + 1): "zz" is not explained by the query.
    assert score(query(group("aa"), code="9.9"), found) == pytest.approx(100 - 0.25 * math.log(2))
    assert found.coverage == 1.0


# --- score: title coverage, phrase, exact title ---------------------------------------------------


def test_an_exact_title_gets_coverage_phrase_and_exact():
    found = candidate("aa bb")
    assert score(query(group("aa bb")), found) == pytest.approx(4 + 2 + 1.5)
    assert found.coverage == 1.0


def test_stopwords_in_the_title_neither_spoil_exactness_nor_count_as_extra_words():
    # "thu tuc" (thủ tục) is a stopword.
    assert score(query(group("aa bb")), candidate("thu tuc aa bb")) == pytest.approx(7.5)


def test_two_groups_named_as_a_phrase_in_order():
    assert score(query(group("aa"), group("bb")), candidate("aa bb")) == pytest.approx(7.5)


def test_two_groups_named_in_the_wrong_order_get_neither_phrase_nor_exact():
    assert score(query(group("aa"), group("bb")), candidate("bb aa")) == pytest.approx(4.0)


def test_a_one_word_query_gets_no_phrase_bonus():
    assert score(query(group("aa")), candidate("aa")) == pytest.approx(4 + 1.5)


def test_a_phrase_split_by_another_word_is_not_found_in_the_title():
    found = candidate("aa cc bb")
    # Nothing covered; three unexplained words: −0.25·ln 4.
    assert score(query(group("aa bb")), found) == pytest.approx(-0.25 * math.log(4))
    assert found.coverage == 0.0


def test_extra_words_cost_a_quarter_of_the_log_of_their_count():
    # Coverage 4 + phrase 2, not exact; "cc", "dd" unexplained: −0.25·ln 3.
    assert score(query(group("aa bb")), candidate("aa bb cc dd")) == pytest.approx(6 - 0.25 * math.log(3))


def test_extra_words_weigh_by_rarity_and_never_below_zero():
    rarity = {"cc": 1.0, "dd": 3.0, "ee": 0.5, "ff": -5.0}.get
    q = query(group("aa bb"))
    assert score(q, candidate("aa bb cc dd"), word_weight=rarity) == pytest.approx(6 - 0.25 * math.log(5))
    assert score(q, candidate("aa bb ee"), word_weight=rarity) == pytest.approx(6 - 0.25 * math.log(1.5))
    assert score(q, candidate("aa bb ff"), word_weight=rarity) == pytest.approx(6.0)


def test_only_the_title_without_its_parentheses_counts_extra_words():
    q = query(group("aa"))
    assert score(q, candidate("aa bb cc", unscoped="aa")) == pytest.approx(4.0)
    assert score(q, candidate("aa bb cc")) == pytest.approx(4 - 0.25 * math.log(3))


def test_a_synonym_found_in_the_title_covers_the_group():
    found = candidate("bb")
    assert score(query(group("aa", "bb")), found) == pytest.approx(4 + 1.5)
    assert found.coverage == 1.0


# --- score: the query's core as a phrase when not every group is in the title ----------------------


def test_the_core_as_a_phrase_counts_when_a_group_is_missing():
    found = candidate("aa bb")
    # One of two groups: 4·½; the core "aa bb" is in the title: +2; "bb" unexplained: −0.25·ln 2.
    q = query(group("aa"), group("qq"), core="aa bb")
    assert score(q, found) == pytest.approx(2 + 2 - 0.25 * math.log(2))
    assert found.coverage == 0.5


def test_without_a_core_the_tokens_are_the_phrase():
    q = query(group("aa"), group("qq"), tokens="aa bb")
    assert score(q, candidate("aa bb")) == pytest.approx(2 + 2 - 0.25 * math.log(2))


def test_a_one_word_core_is_no_phrase():
    assert score(query(group("aa"), group("qq"), core="aa"), candidate("aa")) == pytest.approx(2.0)


def test_a_core_not_in_the_title_adds_nothing():
    q = query(group("aa"), group("qq"), core="aa qq")
    assert score(q, candidate("aa")) == pytest.approx(2.0)


# --- score: weights, optional groups, broader terms -----------------------------------------------


def test_group_weights_share_the_coverage():
    found = candidate("aa")
    assert score(query(group("aa"), group("bb")), found, weights=[2.0, 1.0]) == pytest.approx(4 * 2 / 3)
    assert found.coverage == pytest.approx(2 / 3)


def test_weights_must_match_the_groups():
    with pytest.raises(ValueError):
        score(query(group("aa"), group("bb")), candidate("aa"), weights=[1.0, 1.0, 1.0])
    with pytest.raises(ValueError):
        score(query(group("aa"), group("bb")), candidate("aa"), weights=[1.0])


def test_zero_weights_score_nothing_and_never_divide_by_zero():
    assert score(query(group("aa")), candidate("aa"), weights=[0.0]) == pytest.approx(1.5)


def test_an_optional_group_weighs_three_tenths_and_never_counts_towards_the_coverage():
    q = query(group("aa"), group("bb", optional=True))
    with_person = candidate("aa bb")
    assert score(q, with_person) == pytest.approx(4 + 2 + 1.5)
    assert with_person.coverage == 1.0
    without_person = candidate("aa")
    assert score(q, without_person) == pytest.approx(4 / 1.3)
    assert without_person.coverage == 1.0
    only_person = candidate("bb")
    assert score(q, only_person) == pytest.approx(4 * 0.3 / 1.3)
    assert only_person.coverage == 0.0


def test_a_query_of_people_only_is_fully_covered_whatever_the_title():
    found = candidate("zz")
    score(query(group("bb", optional=True)), found)
    assert found.coverage == 1.0


def test_a_broader_term_counts_half():
    q = query(group("aa", "bb", narrow=1))
    broader = candidate("bb")
    assert score(q, broader) == pytest.approx(4 * 0.5 + 1.5)
    assert broader.coverage == 0.5
    narrow = candidate("aa")
    assert score(q, narrow) == pytest.approx(4 + 1.5)
    assert narrow.coverage == 1.0
    # A narrow group named nowhere: only the unexplained word.
    assert score(q, candidate("zz")) == pytest.approx(-0.25 * math.log(2))


def test_a_broader_term_halves_the_groups_own_weight():
    q = query(group("aa", "bb", narrow=1), group("cc"))
    found = candidate("bb cc")
    # Weights 2 and 1: "bb" counts 2·½, "cc" 1, of 3; both named as a phrase, and exactly.
    assert score(q, found, weights=[2.0, 1.0]) == pytest.approx(4 * 2 / 3 + 2 + 1.5)
    assert found.coverage == pytest.approx(2 / 3)


def test_the_second_synonym_is_no_broader_term_when_the_group_has_none():
    assert score(query(group("aa", "bb")), candidate("bb")) == pytest.approx(5.5)


# --- score: sector and body ----------------------------------------------------------------------


def test_a_group_named_by_the_sector_counts_a_half_and_covers_the_group():
    found = candidate("aa", sector="bb cc")
    assert score(query(group("aa"), group("bb")), found) == pytest.approx(4 * 0.5 + 0.5 * 0.5)
    assert found.coverage == 1.0


def test_a_phrase_in_the_sector_needs_all_its_words_in_any_order():
    q = query(group("aa"), group("bb cc"))
    assert score(q, candidate("aa", sector="cc bb dd")) == pytest.approx(2.25)
    half = candidate("aa", sector="bb dd")
    assert score(q, half) == pytest.approx(2.0)
    assert half.coverage == 0.5


def test_every_group_named_by_the_sector_counts():
    assert score(query(group("aa"), group("bb"), group("cc")), candidate("aa", sector="bb cc")) == pytest.approx(
        4 / 3 + 0.5 * 2 / 3
    )


def test_a_group_in_the_title_and_the_sector_counts_in_both():
    found = candidate("aa", sector="aa")
    assert score(query(group("aa")), found) == pytest.approx(4 + 0.5 + 1.5)
    assert found.coverage == 1.0


def test_a_group_found_only_in_the_body_counts_a_quarter_towards_the_coverage():
    q = query(group("aa"), group("bb"))
    found = [lambda page_id: False, lambda page_id: page_id == 7]
    in_body = candidate("aa", page_id=7)
    # Title 4·½ + body 1·½; coverage (1 + ¼) / 2.
    assert score(q, in_body, found=found) == pytest.approx(2.5)
    assert in_body.coverage == pytest.approx(0.625)
    elsewhere = candidate("aa", page_id=8)
    assert score(q, elsewhere, found=found) == pytest.approx(2.0)
    assert elsewhere.coverage == 0.5


def test_every_group_found_in_the_body_counts_by_its_weight():
    q = query(group("aa"), group("bb"), group("cc"))
    found = candidate("aa")
    everywhere = [lambda page_id: True] * 3
    # Title 4·2/6, body 1·4/6; coverage (2 + ¼·2 + ¼·2) / 6.
    assert score(q, found, weights=[2.0, 2.0, 2.0], found=everywhere) == pytest.approx(4 / 3 + 2 / 3)
    assert found.coverage == pytest.approx(0.5)


def test_a_group_in_the_title_is_not_looked_for_in_the_body():
    q = query(group("aa"))
    found = candidate("aa")
    assert score(q, found, found=[lambda page_id: True]) == pytest.approx(5.5)
    assert found.coverage == 1.0


def test_a_person_found_in_the_body_ranks_but_never_covers():
    q = query(group("aa"), group("bb", optional=True))
    found = candidate("aa")
    assert score(q, found, found=[lambda page_id: True, lambda page_id: True]) == pytest.approx(4.3 / 1.3)
    assert found.coverage == 1.0


# --- score: variants and the base case -----------------------------------------------------------


def test_an_unasked_variant_costs_one_and_a_half():
    # "luu dong" (lưu động) is a variant; its two words are not explained: −0.25·ln 3.
    assert score(query(group("aa")), candidate("aa luu dong")) == pytest.approx(4 - 1.5 - 0.25 * math.log(3))


def test_an_asked_variant_costs_nothing():
    q = query(group("aa"), asked=["luu dong"])
    assert score(q, candidate("aa luu dong")) == pytest.approx(4 - 0.25 * math.log(3))


def test_a_variant_the_situation_asks_for_adds_one():
    q = query(group("aa"), asked=["cap lai"], situation=["cap lai"])
    assert score(q, candidate("cap lai aa")) == pytest.approx(4 + 1 - 0.25 * math.log(3))
    assert score(q, candidate("cap aa lai")) == pytest.approx(4 - 0.25 * math.log(3))


def test_a_base_case_adds_a_half_and_explains_its_words():
    assert score(query(group("aa")), candidate("aa lan dau")) == pytest.approx(4.5)


def test_half_a_base_marker_is_no_base_case():
    assert score(query(group("aa")), candidate("aa lan")) == pytest.approx(4 - 0.25 * math.log(2))


def test_no_base_case_when_the_query_asks_for_a_variant():
    q = query(group("aa"), asked=["cap lai"])
    assert score(q, candidate("aa lan dau")) == pytest.approx(4 - 0.25 * math.log(3))


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("aa luu dong", 1),
        ("luu dong", 1),
        ("aa luu", 0),
        ("dong luu aa", 0),
        ("aa", 0),
    ],
)
def test_unasked_variant(title, expected):
    words = title.split()
    assert unasked_variant(query(group("aa")), words) == expected
    assert unasked_variant(query(group("aa")), words, set(words)) == expected


def test_an_asked_variant_is_not_unasked():
    assert unasked_variant(query(group("aa"), asked=["luu dong"]), ["aa", "luu", "dong"]) == 0


@pytest.mark.parametrize(
    ("title", "expected"),
    [("cap lai aa", True), ("aa cap lai", True), ("cap aa lai", False), ("lai cap", False), ("aa", False)],
)
def test_asked_variant(title, expected):
    words = title.split()
    q = query(group("aa"), situation=["cap lai"])
    assert asked_variant(q, words) is expected
    assert asked_variant(q, words, set(words)) is expected


def test_a_one_word_variant_the_situation_asks_for():
    q = query(group("aa"), situation=["huy"])
    assert asked_variant(q, ["huy", "aa"]) is True
    assert asked_variant(q, ["aa"]) is False


def test_no_situation_asks_for_no_variant():
    assert asked_variant(query(group("aa")), ["cap", "lai"]) is False


# --- rerank and is_good_match --------------------------------------------------------------------


def test_rerank_puts_the_best_first_and_keeps_the_order_of_equals():
    q = query(group("aa bb"))
    first, second, exact, third = (
        candidate("aa bb cc", page_id=1),
        candidate("aa bb dd", page_id=2),
        candidate("aa bb", page_id=3),
        candidate("zz", page_id=4),
    )
    ranked = rerank(q, [first, second, exact, third])
    assert [c.page_id for c in ranked] == [3, 1, 2, 4]
    assert exact.score == pytest.approx(7.5)
    assert first.score == pytest.approx(6 - 0.25 * math.log(2))


def test_rerank_uses_the_weights():
    q = query(group("aa"), group("bb"))
    ranked = rerank(q, [candidate("aa", page_id=1), candidate("bb", page_id=2)], weights=[1.0, 3.0])
    assert [c.page_id for c in ranked] == [2, 1]
    assert ranked[0].score == pytest.approx(3.0)


def test_rerank_uses_the_word_weights():
    q = query(group("aa"))
    ranked = rerank(
        q, [candidate("aa cc", page_id=1), candidate("aa dd", page_id=2)], word_weight={"cc": 9.0, "dd": 0.0}.get
    )
    assert [c.page_id for c in ranked] == [2, 1]
    assert ranked[0].score == pytest.approx(4.0)


def test_rerank_uses_the_body():
    q = query(group("aa"), group("bb"))
    found = [lambda page_id: False, lambda page_id: page_id == 2]
    ranked = rerank(q, [candidate("aa", page_id=1), candidate("aa", page_id=2)], found=found)
    assert [c.page_id for c in ranked] == [2, 1]
    assert ranked[0].score == pytest.approx(2.5)


def test_rerank_of_nothing_is_nothing():
    assert rerank(query(group("aa")), []) == []


def covered(coverage):
    found = candidate("aa")
    found.coverage = coverage
    return found


@pytest.mark.parametrize(
    ("coverages", "expected"),
    [
        ([0.6], True),
        ([0.59], False),
        ([1.0, 0.0], True),
        ([0.1, 0.9], False),  # only the best result counts
        ([], False),
    ],
)
def test_a_good_match_names_six_tenths_of_the_query(coverages, expected):
    assert is_good_match(query(group("aa")), [covered(c) for c in coverages]) is expected
