"""The details of a citizen's case rank but never restrict (issue 14): relations after "cho", the
reason after "vì", a number with its unit, an age against a title's age bound, worn-out cards, a
title holding a phrase's words apart, and the everyday words for a shop and a chip card.

Rule tests need no index; the catalogue tests index the 588 commune-level records once for the
module (as test_understanding does). Expected codes were read from the catalogue.
"""

import math
from dataclasses import replace

import pytest

from search.analysis import AnalyzedQuery, TermGroup, age_within, analyze_query
from search.ranking import AGE, EXTRA_WORDS, SCATTERED, TITLE_COVERAGE, VARIANT, Candidate, score
from search.services import procedure_search


def matter(text: str) -> list[tuple[str, ...]]:
    return [group.alternatives[0] for group in analyze_query(text).required]


def details(text: str) -> list[tuple[str, ...]]:
    return [group.alternatives[0] for group in analyze_query(text).groups if group.optional]


# --- analysis ------------------------------------------------------------------------------------


def test_a_relation_after_cho_is_kept_whole_and_the_thesaurus_phrase_stops_before_it():
    # "nhập hộ khẩu cho con" is a thesaurus phrase, but "con dâu" is the person.
    assert matter("nhập hộ khẩu cho con dâu") == [("nhap", "ho", "khau")]
    assert details("nhập hộ khẩu cho con dâu") == [("con",), ("dau",)]
    assert details("làm giấy khai sinh cho con rể") == [("con",), ("re",)]
    # Without "cho", a relation inside a thesaurus phrase is the matter ("nhận cha" is a procedure).
    assert matter("nhận cha mẹ con") == [("nhan", "cha", "me", "con")]
    assert matter("nhận cha cho con")[0] == ("nhan", "cha")


@pytest.mark.parametrize(
    ("query", "people"),
    [
        ("đăng ký thường trú cho bố chồng", [("bo",), ("chong",)]),
        ("giấy khai sinh của bạn gái", [("ban",), ("gai",)]),
        ("làm căn cước cho ông cụ", [("ong",), ("cu",)]),
    ],
)
def test_relations_by_marriage_and_friends_are_people(query, people):
    assert details(query) == people


def test_what_follows_a_reason_word_ranks_but_is_not_the_matter():
    assert matter("đổi tên cho con vì tên cũ bị bạn bè trêu") == [("doi", "ten")]
    assert details("đổi tên cho con vì tên cũ bị bạn bè trêu") == [
        ("con",),
        ("ten",),
        ("cu",),
        ("ban",),
        ("be",),
        ("treu",),
    ]
    assert matter("xin cấp lại sổ bảo hiểm bởi vì bị cháy nhà")[-1] != ("chay",)
    # Typed without diacritics, "vi" may be "vi phạm": no reason there.
    assert matter("vi pham hanh chinh") == [("vi",), ("pham",), ("hanh",), ("chinh",)]
    assert matter("đổi tên vi bị trêu") == [("doi", "ten"), ("vi",), ("treu",)]


def test_a_number_with_its_unit_ranks_and_a_number_alone_may_name_the_matter():
    assert matter("tạm nghỉ bán 3 tháng") == [("tam", "nghi", "ban")]
    assert details("tạm nghỉ bán 3 tháng") == [("3",), ("thang",)]
    assert analyze_query("tạm nghỉ bán 3 tháng").age is None
    # "bằng cấp 3" is a high school diploma: the number stays.
    assert ("3",) in matter("làm lại bằng tốt nghiệp cấp 3")
    # Number words before a unit too, but never "một" ("bảo hiểm xã hội một lần").
    assert details("đi làm ăn xa nửa năm") == [("nua",), ("nam",)]
    assert details("nghỉ bán vài tháng") == [("vai",), ("thang",)]
    assert ("mot",) in matter("rút bảo hiểm một lần")
    # A query of figures only asks for them.
    assert matter("3 tháng") == [("3",), ("thang",)]
    # A code is never a detail.
    assert analyze_query("thủ tục 1.001193 lần 2").code == "1001193"


@pytest.mark.parametrize(
    ("query", "age", "asks_under_14"),
    [
        ("con tôi 10 tuổi có làm căn cước được không", 10, True),
        ("làm căn cước cho bé 13 tuổi", 13, True),
        # "làm căn cước cho con" asks for "dưới 14 tuổi" (thesaurus); the age given decides.
        ("làm căn cước cho con", None, True),
        ("làm căn cước cho con 14 tuổi", 14, False),
        ("đổi căn cước khi đủ 25 tuổi", 25, False),
        ("làm căn cước cho mẹ", None, False),
    ],
)
def test_an_age_asks_for_the_variant_it_falls_within(query, age, asks_under_14):
    analysed = analyze_query(query)
    assert analysed.age == age
    assert (("duoi", "14", "tuoi") in analysed.asked_variants) is asks_under_14


@pytest.mark.parametrize(
    ("title", "age", "within"),
    [
        ("cap the can cuoc cho nguoi duoi 14 tuoi", 13, True),
        ("cap the can cuoc cho nguoi duoi 14 tuoi", 14, False),
        ("cap the can cuoc cho nguoi tu du 14 tuoi tro len", 14, True),
        ("cap the can cuoc cho nguoi tu du 14 tuoi tro len", 13, False),
        ("tro cap cho nguoi tu 80 tuoi", 80, True),
        ("nguoi tren 60 tuoi", 60, False),
        ("nguoi tren 60 tuoi", 61, True),
        ("dang ky khai sinh", 5, None),
    ],
)
def test_age_within_reads_the_first_age_bound_of_a_title(title, age, within):
    assert age_within(title, age) is within
    assert age_within(tuple(title.split()), age) is within


@pytest.mark.parametrize(
    ("query", "variants"),
    [
        ("thẻ bhyt bị rách nát", {("cap", "lai"), ("cap", "doi")}),
        ("thẻ căn cước bị gãy", {("cap", "lai"), ("cap", "doi")}),
        ("căn cước bị mờ ảnh", {("cap", "doi")}),
    ],
)
def test_a_worn_out_card_is_a_situation_that_asks_for_a_new_one(query, variants):
    analysed = analyze_query(query)
    assert variants <= analysed.situation_variants
    assert all(word not in {"rach", "nat", "gay", "mo"} for alt in matter(query) for word in alt)


def test_everyday_words_for_a_chip_card_and_a_family_shop():
    assert ("can", "cuoc") in analyze_query("thẻ chip").groups[0].alternatives
    eatery = analyze_query("đổi địa chỉ quán ăn").groups[-1]
    # A family eatery is registered as a household business: its broader term, half the credit.
    assert ("ho", "kinh", "doanh") in eatery.alternatives[eatery.narrow :]


# --- ranking -------------------------------------------------------------------------------------


def _candidate(title: str) -> Candidate:
    return Candidate(page_id=1, title_folded=title, sector_folded="", code_key="1", engine_score=0)


def test_a_title_outside_the_age_given_loses_AGE():
    query = analyze_query("căn cước 70 tuổi")
    children = "cap the can cuoc cho nguoi duoi 14 tuoi"
    adults = "cap the can cuoc cho nguoi tu du 14 tuoi tro len"
    ageless = replace(query, age=None)
    assert score(query, _candidate(children)) == pytest.approx(score(ageless, _candidate(children)) - AGE)
    assert score(query, _candidate(adults)) == pytest.approx(score(ageless, _candidate(adults)))


def test_a_title_holding_every_word_of_a_long_phrase_apart_gets_a_share_of_it():
    card = TermGroup(alternatives=(("doi", "the", "bhyt"),))
    query = AnalyzedQuery(text="đổi thẻ bhyt", tokens=("doi", "the", "bhyt"), groups=(card,), code=None)
    apart = _candidate("cap lai doi dieu chinh thong tin tren so bhxh the bhyt")
    unexplained = {"cap", "lai", "dieu", "chinh", "thong", "tin", "tren", "so", "bhxh"}
    # The title names "cấp lại", a variant this query does not ask for: VARIANT less.
    assert score(query, apart) == pytest.approx(
        TITLE_COVERAGE * SCATTERED - EXTRA_WORDS * math.log1p(len(unexplained)) - VARIANT
    )
    assert apart.coverage == pytest.approx(SCATTERED)
    # Two words apart are no share: "cho tặng" is not "tặng cho … cho Nhà nước".
    gift = TermGroup(alternatives=(("cho", "tang"),))
    query = AnalyzedQuery(text="cho tặng", tokens=("cho", "tang"), groups=(gift,), code=None)
    reversed_title = _candidate("tang cho quyen su dung dat cho nha nuoc")
    score(query, reversed_title)
    assert reversed_title.coverage == 0.0


# --- on the catalogue ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("làm căn cước cho cháu 9 tuổi", "1.014062"),  # Cấp thẻ căn cước cho người dưới 14 tuổi
        ("làm căn cước cho bà 80 tuổi", "1.014061"),  # … từ đủ 14 tuổi trở lên
        ("nhập hộ khẩu cho con rể", "1.004222"),  # Đăng ký thường trú
        ("tạm nghỉ bán 2 tháng", "1.001570"),  # Tạm ngừng kinh doanh … của hộ kinh doanh
        ("tạm nghỉ bán vì mẹ bị ốm", "1.001570"),
        ("làm lại thẻ căn cước vì đánh rơi ví ngoài chợ", "1.014064"),  # Cấp lại thẻ căn cước
        ("thẻ chip", "1.014061"),
    ],
)
def test_the_case_details_rank_the_right_procedure_first(indexed_catalogue, db, query, expected):
    assert procedure_search(query).hits[0].code == expected


def test_elasticsearch_demotes_the_age_bound_the_age_falls_outside_not_the_one_it_falls_within():
    from search.backends.elasticsearch import variant_clauses

    demoted = {clause["match_phrase"]["title"] for clause in variant_clauses(analyze_query("căn cước cho bé 9 tuổi"))}
    assert "duoi 14 tuoi" not in demoted
    demoted = {clause["match_phrase"]["title"] for clause in variant_clauses(analyze_query("căn cước cho con 15 tuổi"))}
    assert "duoi 14 tuoi" in demoted
