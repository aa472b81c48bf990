"""The one Vietnamese normalisation every backend shares, rule by rule."""

import pytest

from search import analysis
from search.analysis import analyze_query, canonical, code_key, excerpt, fold, highlight, synonym_groups


def test_nfc_and_lower_case():
    decomposed = "Đăng Ky\u0301"  # "ý" as y + combining acute
    assert canonical(decomposed) == "đăng ký"
    assert fold(decomposed) == fold("ĐĂNG KÝ") == "dang ki"


@pytest.mark.parametrize(("new", "old"), [("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("uỷ ban", "ủy ban")])
def test_new_tone_placement_becomes_old(new, old):
    assert canonical(new) == old
    assert fold(new) == fold(old)


def test_tone_placement_leaves_closed_syllables_and_qu_alone():
    assert canonical("hoàn thành") == "hoàn thành"
    assert canonical("quý") == "quý"


def test_diacritics_folded_including_d_bar():
    assert fold("Đăng ký đất đai") == "dang ki dat dai"
    assert fold("Ủy ban nhân dân") == "uy ban nhan dan"


@pytest.mark.parametrize(
    ("variant", "standard"), [("kí", "ký"), ("lí lịch", "lý lịch"), ("mĩ thuật", "mỹ thuật"), ("qui định", "quy định")]
)
def test_i_y_spelling_variants_match(variant, standard):
    assert fold(variant) == fold(standard)


def test_y_after_a_vowel_is_not_an_i():
    assert fold("tay") == "tay"
    assert fold("uỷ") == "uy"


def test_wrong_tone_mark_folds_to_the_same_word():
    assert fold("khai tủ") == fold("khai tử") == "khai tu"


@pytest.mark.parametrize("text", ["1.001193", "1001193", " 1.001193 "])
def test_codes_with_or_without_dots(text):
    assert code_key(text) == "1001193"
    assert fold(text) == "1001193"


def test_code_key_rejects_words():
    assert code_key("đăng ký 1") is None
    assert code_key("") is None


def test_synonym_dictionary_is_data_with_enough_entries():
    groups = synonym_groups()
    assert len(groups) >= 60
    members = {member for group in groups for member in group}
    for required in [
        "cccd",
        "cmnd",
        "ubnd",
        "tthc",
        "bhxh",
        "bhyt",
        "hkd",
        "gcn qsdd",
        "so do",
        "giay doc than",
        "nhap ho khau",
        "cat khau",
        "cong chung ban sao",
        "vneid",
    ]:
        assert required in members, required


def test_abbreviation_expands_to_its_long_form():
    query = analyze_query("BHXH")
    assert ("bao", "hiem", "xa", "hoi") in query.groups[0].alternatives
    assert ("bhxh",) in query.groups[0].alternatives


def test_colloquial_phrase_expands_longest_match_first():
    query = analyze_query("giấy độc thân")
    assert len(query.groups) == 1
    assert ("xac", "nhan", "tinh", "trang", "hon", "nhan") in query.groups[0].alternatives


def test_stopwords_dropped_only_when_written_as_stopwords():
    # "con" is who the procedure is for: it ranks but is never required.
    assert [(g.alternatives, g.optional) for g in analyze_query("làm giấy khai sinh cho con").groups][-1] == (
        (("con",),),
        True,
    )
    # "lâm" (forestry) is not "làm" (to do); without diacritics it is ambiguous and dropped.
    assert [g.alternatives[0] for g in analyze_query("lâm nghiệp").groups] == [("lam",), ("nghiep",)]
    assert [g.alternatives[0] for g in analyze_query("lam nghiep").groups] == [("nghiep",)]


def test_query_of_only_stopwords_still_searches():
    assert analyze_query("thủ tục").groups


def test_empty_query():
    query = analyze_query("   ")
    assert query.is_empty
    assert query.code is None


def test_highlight_marks_folded_matches_and_escapes():
    html = highlight("Đăng ký <b>khai</b> tử", {"dang", "khai"})
    assert html == "<mark>Đăng</mark> ký &lt;b&gt;<mark>khai</mark>&lt;/b&gt; tử"


def test_highlight_never_marks_inside_entities():
    assert highlight("a & b", {"amp"}) == "a &amp; b"


def test_excerpt_windows_around_the_first_match():
    text = " ".join(["chữ"] * 80) + " đăng ký khai sinh cho trẻ em"
    snippet = excerpt(text, {"khai"}, size=60)
    assert snippet.startswith("… ")
    assert "<mark>khai</mark>" in snippet
    assert len(snippet) < 120


def test_data_files_have_no_duplicate_groups():
    lines = [line for line in analysis._data_lines("synonyms.txt")]
    assert len(lines) == len(set(lines))
