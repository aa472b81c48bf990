"""The rules of search/analysis.py one function at a time, with every expected value written out.

No database and no index: the question frames, the "có … không" frame, phrase matching, the
thesaurus look-ups, broader terms, typo correction, codes in a query and the highlighted excerpt
are checked on made-up inputs, so a changed rule fails here in milliseconds (issue #19's mutation
score) instead of moving a ranking measured on the held-out query sets.
"""

from collections import Counter

import pytest

from search import analysis
from search.analysis import (
    Highlighter,
    TermGroup,
    canonical,
    closest_word,
    code_in_query,
    code_key,
    excerpt,
    fold,
    highlight,
    query_rules,
    strip_diacritics,
    tokens,
    with_bigrams,
)

CACHED = (
    analysis._run_tokens,
    analysis.unscoped_title,
    analysis.synonym_groups,
    analysis._synonym_lookup,
    analysis.broader_terms,
    analysis.stopword_phrases,
    analysis.stopwords,
    analysis.query_rules,
    analysis._fold_word,
    analysis.analyze_query,
    analysis._word_tokens,
)


@pytest.fixture(autouse=True)
def fresh_caches():
    """Every test computes afresh: a result memoised by an earlier test (or by the process a
    mutation run forks from) would hide a changed rule."""
    for function in CACHED:
        function.cache_clear()
    yield
    for function in CACHED:
        function.cache_clear()


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """Dictionaries of our own in place of search/data/ (the caches are emptied after the test)."""
    monkeypatch.setattr(analysis, "DATA_DIR", tmp_path)
    return tmp_path


def pairs(text: str) -> list[tuple[str, str]]:
    """(word as typed, folded word) for each blank-separated word, as analyze_query pairs them."""
    return [(word, fold(word)) for word in text.split()]


def frame_removed(text: str) -> str:
    words = pairs(text)
    return " ".join(typed for (typed, _), gone in zip(words, analysis._question_frames(words), strict=True) if gone)


# --- Folding ------------------------------------------------------------------------------------


def test_canonical_is_nfc_lower_case_with_the_old_tone_placement():
    assert canonical("HOÀ BÌNH") == "hòa bình"
    assert canonical("Thuỷ lợi") == "thủy lợi"
    assert canonical("KHOẺ") == "khỏe"
    # Composed again: one code point per letter, as typed on a Vietnamese keyboard.
    assert canonical("Hoa\u0300") == "h\u00f2a"
    assert len(canonical("Hoa\u0300")) == 3
    # "quý", "quỳ": the u belongs to "qu"; a closed syllable keeps its mark ("hoàn", "thuyền").
    assert canonical("QUÝ quỳ Quỷ") == "quý quỳ quỷ"
    assert canonical("hoàn thuyền") == "hoàn thuyền"


def test_strip_diacritics_keeps_case_and_turns_d_bar_into_d():
    assert strip_diacritics("Đặng Thùy Dương đã đến") == "Dang Thuy Duong da den"
    assert strip_diacritics("ĐĂNG KÝ") == "DANG KY"
    assert strip_diacritics("đ") == "d"
    assert strip_diacritics("Đ") == "D"
    # Decomposed input is composed again (Hangul syllables decompose to letters under NFD).
    assert strip_diacritics("\u1100\u1161") == "\uac00"
    assert strip_diacritics("") == ""


def test_tokens_and_fold():
    assert tokens("") == []
    assert tokens(None) == []
    assert tokens("Đăng ký kết hôn, mã 1.001193!") == ["dang", "ki", "ket", "hon", "ma", "1001193"]
    assert tokens("Ky\u0301 te\u0302n") == ["ki", "ten"]
    # Compatibility characters are not unfolded: a ligature is no letter of the index.
    assert tokens("\ufb01le") == ["le"]
    assert fold("  Lý   lịch  tư pháp ") == "li lich tu phap"
    assert fold("") == ""


def test_with_bigrams_appends_each_word_pair():
    assert with_bigrams("khai tu") == "khai tu khai_tu"
    assert with_bigrams("dang ki khai sinh") == "dang ki khai sinh dang_ki ki_khai khai_sinh"
    assert with_bigrams("khai") == "khai"
    assert with_bigrams("") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.001193", "1001193"), ("1001193", "1001193"), (" 2.000884 ", "2000884"), ("12.345678", "12345678")],
)
def test_code_key_of_a_code(text, expected):
    assert code_key(text) == expected


@pytest.mark.parametrize("text", ["", None, "1.00119", "123.456789", "mã 1.001193", "1.0011933"])
def test_code_key_of_anything_else(text):
    assert code_key(text) is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mã 1.013225", ("1013225", None)),
        ("thủ tục 2.000884 chứng thực", ("2000884", None)),
        ("12.345678", ("12345678", None)),
        ("1.0011", (None, "10011")),
        ("2.00063", (None, "200063")),
        ("100112", (None, "100112")),
        ("mã số 2015", (None, "2015")),
        ("thủ tục 1.0011", (None, "10011")),
        # Every code word at once is still only code words.
        ("mã số thủ tục tthc 1.0011", (None, "10011")),
        ("tthc 1.0011 mã", (None, "10011")),
        # A number among other words is a year or a count, not the start of a code.
        ("khai sinh 2015", (None, None)),
        ("1.0011 đăng ký", (None, None)),
        ("đăng ký khai sinh", (None, None)),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_code_in_query(query, expected):
    assert code_in_query(query) == expected


# --- Dictionaries -------------------------------------------------------------------------------


def test_data_lines_skip_comments_and_blank_lines(data_dir):
    (data_dir / "rules.txt").write_text(
        "# a comment\n\n   \n  khai sinh  \nkết hôn # an explanation # with a second hash\n#\nly hôn\n",
        encoding="utf-8",
    )
    assert list(analysis._data_lines("rules.txt")) == ["khai sinh", "kết hôn", "ly hôn"]


def test_phrase_at_finds_the_longest_phrase_written_as_typed():
    phrases = frozenset({("làm",), ("làm", "sao"), ("như", "thế", "nào"), ("giấy", "tờ")})
    assert analysis._phrase_at(pairs("làm sao để"), 0, phrases) == 2
    assert analysis._phrase_at(pairs("làm giấy"), 0, phrases) == 1
    assert analysis._phrase_at(pairs("hỏi như thế nào"), 1, phrases) == 3
    # A phrase must fit in what is left of the query.
    assert analysis._phrase_at(pairs("hỏi như thế"), 1, phrases) == 0
    assert analysis._phrase_at(pairs("giấy tờ"), 0, phrases) == 2
    assert analysis._phrase_at(pairs("giấy tờ"), 1, phrases) == 0
    # Typed without diacritics it matches the folded letters; with other diacritics it does not.
    assert analysis._phrase_at(pairs("lam sao"), 0, phrases) == 2
    assert analysis._phrase_at(pairs("lâm sao"), 0, phrases) == 0
    assert analysis._phrase_at(pairs("nhu thế nao"), 0, phrases) == 3
    assert analysis._phrase_at(pairs("khai sinh"), 0, phrases) == 0
    assert analysis._phrase_at([], 0, phrases) == 0


def test_stopword_length():
    assert analysis._stopword_length(pairs("như thế nào"), 0) == 3
    assert analysis._stopword_length(pairs("hỏi nhu the nao"), 1) == 3
    assert analysis._stopword_length(pairs("thủ tục"), 0) == 2
    assert analysis._stopword_length(pairs("khai sinh"), 0) == 0


def test_contains():
    assert analysis._contains(["lanh", "luong", "huu"], ("luong", "huu"))
    assert analysis._contains(["luong", "huu"], ("luong", "huu"))
    assert analysis._contains(["luong", "huu", "x"], ("luong",))
    assert not analysis._contains(["luong", "x", "huu"], ("luong", "huu"))
    assert not analysis._contains(["huu", "luong"], ("luong", "huu"))
    assert not analysis._contains(["luong"], ("luong", "huu"))
    assert not analysis._contains([], ("luong",))


def test_thesaurus_length_and_at_on_the_real_thesaurus():
    # data/synonyms.txt: "giấy độc thân" and "độc thân" are both phrases of the thesaurus.
    words = "giay doc than cho con".split()
    assert [analysis._thesaurus_length(words, i) for i in range(5)] == [3, 2, 0, 0, 0]
    assert [analysis._thesaurus_at(words, i) for i in range(5)] == [True, True, False, False, False]
    # "bhxh" is a one-word phrase: a length of 1, but no phrase of two words or more.
    assert analysis._thesaurus_length(["bhxh"], 0) == 1
    assert analysis._thesaurus_at(["bhxh"], 0) is False
    assert analysis._thesaurus_length([], 0) == 0
    assert analysis._thesaurus_at([], 0) is False


def test_thesaurus_phrases_count_up_to_eight_words(data_dir):
    (data_dir / "synonyms.txt").write_text(
        "a b c d e f g h | tam\na b c d e f g h i | chin\nx y | hai\n", encoding="utf-8"
    )
    nine = "a b c d e f g h i".split()
    assert analysis._thesaurus_length(nine, 0) == 8
    assert analysis._thesaurus_at(nine, 0) is True
    assert analysis._thesaurus_length(["q", *nine], 1) == 8
    assert analysis._thesaurus_length(["x", "y"], 0) == 2
    assert analysis._thesaurus_at(["x", "y"], 0) is True
    assert analysis._thesaurus_at(["q", "x", "y"], 1) is True
    assert analysis._thesaurus_at(["x", "q", "y"], 0) is False
    assert analysis._thesaurus_length(["x", "q"], 0) == 0
    assert analysis._thesaurus_length(["hai"], 0) == 1
    # Only what follows the start counts: no phrase runs past the end of the query.
    assert analysis._thesaurus_length(["q", "x", "y"], 1) == 2
    assert analysis._thesaurus_length(["q", "q", "hai"], 2) == 1
    assert analysis._thesaurus_at(["q", "hai"], 1) is False


# --- Question frames ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "removed"),
    [
        # data/query_rules.txt: the question word and the frame words around it.
        ("nộp hồ sơ đăng ký kết hôn ở đâu", "ở đâu"),
        ("khai tử cần những giấy tờ gì", "cần những giấy tờ gì"),
        ("giấy phép xây dựng làm ở đâu", "làm ở đâu"),
        ("sổ đỏ giấy tờ gì", "giấy tờ gì"),
        ("tách hộ mất bao lâu", "mất bao lâu"),
        ("ở đâu", "ở đâu"),
        ("đâu", "đâu"),
        # Two-word frame phrases ("thời gian", "lệ phí") are taken whole, also at the start.
        ("khai sinh thời gian bao lâu", "thời gian bao lâu"),
        ("thời gian bao lâu", "thời gian bao lâu"),
        ("lệ phí bao nhiêu", "lệ phí bao nhiêu"),
        ("cấp lại có được không", "có được không"),
        # Frame and question words after the question go with it.
        ("đăng ký ở đâu vậy", "ở đâu vậy"),
        ("khai sinh ở đâu làm", "ở đâu làm"),
        ("nộp ở đâu tiền", "nộp ở đâu tiền"),
        ("có được không ạ", "có được không ạ"),
        ("làm gì ở đâu", "làm gì ở đâu"),
        # A person then "mất": the person died, which is what the query is about.
        ("bố mất thì làm giấy tờ gì", "thì làm giấy tờ gì"),
        ("mẹ tôi mất thì làm gì", "thì làm gì"),
        # Without a person before it, "mất" is a frame word ("mất bao lâu").
        ("mất thì làm giấy tờ gì", "mất thì làm giấy tờ gì"),
        ("ai ký giấy gì", "giấy gì"),
        # Typed with diacritics, a one-word question counts anywhere, even first.
        ("đâu là nơi khai sinh", "đâu là nơi"),
        # Each question of the query, with its own frame.
        ("ở đâu khai sinh bao lâu", "ở đâu bao lâu"),
        # Without diacritics a one-word question counts at the end or after a frame word only.
        ("dang ky tam tru o dau", "o dau"),
        ("giay to gi", "giay to gi"),
        ("o dau nop", "o dau nop"),
        ("can gi", "can gi"),
        ("gi", "gi"),
        ("dau tu xay dung", ""),
        ("gi can", ""),
        ("xay dau nha", ""),
        ("đăng ký khai sinh", ""),
        ("", ""),
    ],
)
def test_question_frames(query, removed):
    assert frame_removed(query) == removed


def test_question_frames_mark_each_word():
    words = pairs("con tôi mất thì nộp hồ sơ ở đâu")
    assert analysis._question_frames(words) == [False, False, False, True, True, True, True, True, True]


@pytest.mark.parametrize(
    ("query", "index", "expected"),
    [
        ("dau tu", 0, False),
        ("o dau", 1, True),
        ("can gi nua", 1, True),
        ("xay dau nha", 1, False),
        ("gi", 0, True),
        ("nha gi", 1, True),
        ("gi nha", 0, False),
        # The word before counts, not the one after.
        ("nha gi lam", 1, False),
        ("o dau nha", 1, True),
    ],
)
def test_a_question_typed_without_diacritics_is_one_at_the_end_or_after_a_frame_word(query, index, expected):
    assert analysis._ascii_question_here(pairs(query), index, query_rules()) is expected


def yes_no(query: str, dropped: list[bool] | None = None) -> list[bool]:
    words = pairs(query)
    dropped = [False] * len(words) if dropped is None else dropped
    analysis._yes_no_frame(words, dropped, query_rules())
    return dropped


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("có cần xin giấy phép xây dựng không", [True, True, False, False, False, False, False, True]),
        ("có phải đăng ký không", [True, True, False, False, True]),
        ("có được cấp lại không", [True, True, False, False, True]),
        ("có giấy không", [True, False, True]),
        ("có không", [True, True]),
        ("co can xin giay phep khong", [True, True, False, False, False, True]),
        # The first opener only.
        ("có cần có được không", [True, True, False, False, True]),
        # No opener, or "không" not at the end: nothing is a yes-or-no frame.
        ("xây nhà không", [False, False, False]),
        ("có không gian", [False, False, False]),
        ("không", [False]),
        ("có", [False]),
    ],
)
def test_yes_no_frame(query, expected):
    assert yes_no(query) == expected


def test_yes_no_frame_skips_words_already_removed():
    # "có" (removed with a question frame) is no opener; the next "có được" is.
    assert yes_no("có xây có được không", [True, False, False, False, False]) == [True, False, True, True, True]
    # When every opener is gone, the closing "không" stays.
    assert yes_no("có xây không", [True, False, False]) == [True, False, False]
    assert yes_no("", []) == []


# --- Broader terms ------------------------------------------------------------------------------


def test_broader_terms_are_appended_once_after_the_group_own_alternatives():
    # data/broader.txt: lương hưu > chế độ bảo hiểm xã hội | bảo hiểm xã hội (a Luật Bảo hiểm xã
    # hội 2024 benefit); "bảo hiểm xã hội" expands to "bhxh" through the thesaurus.
    group = analysis._with_broader(TermGroup((("lanh", "luong", "huu"),)))
    assert group == TermGroup(
        (("lanh", "luong", "huu"), ("che", "do", "bao", "hiem", "xa", "hoi"), ("bao", "hiem", "xa", "hoi"), ("bhxh",)),
        narrow=1,
    )
    # Two alternatives with the same broader terms add them once; one already there is not added.
    group = analysis._with_broader(TermGroup((("khai", "sinh"), ("giay", "khai", "sinh"))))
    assert group == TermGroup(
        (("khai", "sinh"), ("giay", "khai", "sinh"), ("ho", "tich"), ("thong", "tin", "ho", "tich")), narrow=2
    )
    group = analysis._with_broader(TermGroup((("luong", "huu"), ("bao", "hiem", "xa", "hoi"))))
    assert group == TermGroup(
        (("luong", "huu"), ("bao", "hiem", "xa", "hoi"), ("che", "do", "bao", "hiem", "xa", "hoi"), ("bhxh",)),
        narrow=2,
    )


def test_broader_terms_need_the_whole_narrow_phrase():
    # "huu" and "luong" apart, or in the other order, are not "lương hưu".
    assert analysis._with_broader(TermGroup((("huu", "luong"),))) == TermGroup((("huu", "luong"),))
    assert analysis._with_broader(TermGroup((("luong", "x", "huu"),))) == TermGroup((("luong", "x", "huu"),))
    # People and situations, and matters with no broader term, keep none.
    assert analysis._with_broader(TermGroup((("luong", "huu"),), optional=True)) == TermGroup(
        (("luong", "huu"),), optional=True
    )
    assert analysis._with_broader(TermGroup((("hoa", "giai"),))) == TermGroup((("hoa", "giai"),))


def test_broader_terms_from_our_own_dictionary(data_dir):
    (data_dir / "broader.txt").write_text("a b | c > d | e f\nc > a b\n", encoding="utf-8")
    (data_dir / "synonyms.txt").write_text("", encoding="utf-8")
    assert analysis._with_broader(TermGroup((("x", "a", "b"),))) == TermGroup(
        (("x", "a", "b"), ("d",), ("e", "f")), narrow=1
    )
    assert analysis._with_broader(TermGroup((("c",), ("a", "b")))) == TermGroup(
        (("c",), ("a", "b"), ("d",), ("e", "f")), narrow=2
    )
    assert analysis._with_broader(TermGroup((("b", "a"),))) == TermGroup((("b", "a"),))


# --- Typos --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("khaii", "khai"),  # a letter doubled (a Telex key pressed twice)
        ("khi", "khai"),  # a letter dropped
        ("kahi", "khai"),  # two letters swapped
        ("khao", "khai"),  # a letter replaced
        ("khei", "khai"),  # a letter replaced inside the word
        ("khhai", "khai"),  # a letter doubled inside the word
        ("dangf", "dang"),  # a tone key left behind
        ("hưuw", "huu"),  # folded after the edit
        ("ai", None),  # two edits away
        ("khai", None),  # the word itself is no correction
    ],
)
def test_closest_word_one_edit_away(typed, expected):
    assert closest_word(typed, Counter({"khai": 5, "dang": 7, "huu": 2})) == expected


def test_closest_word_takes_the_commonest_then_the_first_in_order():
    assert closest_word("kha", Counter({"khai": 5, "khan": 9, "kho": 1})) == "khan"
    assert closest_word("khau", Counter({"khao": 3, "khai": 3})) == "khai"
    assert closest_word("khau", Counter({"khao": 4, "khai": 3})) == "khao"
    assert closest_word("kha", Counter()) is None
    assert closest_word("", Counter({"a": 1, "b": 2})) == "b"
    assert closest_word("ab", Counter({"ba": 1})) == "ba"
    assert closest_word("abc", Counter({"acb": 1})) == "acb"
    assert closest_word("abc", Counter({"bca": 1, "ab": 1, "cab": 1})) == "ab"


# --- Highlighting -------------------------------------------------------------------------------


def test_highlight_marks_whole_words_whose_folded_form_is_asked_for():
    assert highlight("Đăng ký khai sinh, khai tử", {"khai", "tu"}) == (
        "Đăng ký <mark>khai</mark> sinh, <mark>khai</mark> <mark>tử</mark>"
    )
    # A word is marked only when all its tokens are asked for; a word with none never is.
    assert highlight("mã 1001193 và 1001194", {"1001193"}) == "mã <mark>1001193</mark> và 1001194"
    assert highlight("ab_cd ab", {"ab"}) == "ab_cd <mark>ab</mark>"
    assert highlight("ab_cd", {"ab", "cd"}) == "<mark>ab_cd</mark>"
    assert highlight("a _ b", {"a"}) == "<mark>a</mark> _ b"
    # Escaped first; an entity is never a word, the same letters outside one are.
    assert highlight("a & amp <b>", {"amp", "b"}) == "a &amp; <mark>amp</mark> &lt;<mark>b</mark>&gt;"
    assert highlight("", {"a"}) == ""


def test_highlighter_remembers_each_word_it_judged():
    highlighter = Highlighter({"khai"})
    assert highlighter.words == {"khai"}
    assert highlighter.is_match("Khai") is True
    assert highlighter.is_match("sinh") is False
    assert highlighter.is_match("_") is False
    assert highlighter._matches == {"Khai": True, "sinh": False, "_": False}
    assert highlighter.is_match("Khai") is True
    assert highlighter.highlight("khai Khai") == "<mark>khai</mark> <mark>Khai</mark>"
    # A word judged once is not judged again (the memo is read first).
    highlighter._matches["sinh"] = True
    assert highlighter.is_match("sinh") is True
    assert highlighter.highlight("sinh") == "<mark>sinh</mark>"


EXCERPT_TEXT = "một hai ba bốn năm sáu bảy tám chín mười khai sinh cho trẻ em mới sinh ra ở xã"


@pytest.mark.parametrize(
    ("text", "words", "size", "expected"),
    [
        ("  Đăng   ký\nkhai  sinh ", {"xyz"}, 40, "Đăng ký khai sinh"),
        ("", {"khai"}, 40, ""),
        (None, {"khai"}, 40, ""),
        ("khai sinh cho con", {"khai"}, 40, "<mark>khai</mark> sinh cho con"),
        # A match in the first quarter: the window starts at the text's start.
        ("đăng ký khai sinh cho con", {"khai"}, 40, "đăng ký <mark>khai</mark> sinh cho con"),
        ("ab khai", {"khai"}, 8, "… <mark>khai</mark>"),
        # Further in: a quarter of the window before the match, from the next word on, and the
        # window cut after its last whole word.
        (EXCERPT_TEXT, {"khai"}, 40, "… mười <mark>khai</mark> sinh cho trẻ em mới sinh ra ở …"),
        (EXCERPT_TEXT, {"khai"}, 20, "… <mark>khai</mark> sinh cho trẻ …"),
        (EXCERPT_TEXT, {"ra"}, 24, "… sinh <mark>ra</mark> ở xã"),
        # No blank between the window's start and the match: the window starts mid-word.
        ("abcdefghij-khai", {"khai"}, 8, "… j-<mark>khai</mark>"),
    ],
)
def test_excerpt(text, words, size, expected):
    assert excerpt(text, words, size=size) == expected
    assert Highlighter(words).excerpt(text, size=size) == expected


def test_excerpt_cuts_at_a_word_only_past_half_the_window():
    # The last blank of the 20-character window is at 10 (half): no cut there, the window is kept.
    assert excerpt("abcdefghij klmnopqrstuvwxyz", {"x"}, size=20) == "abcdefghij klmnopqrs …"
    # At 11 it is past half: cut there.
    assert excerpt("abcdefghijk lmnopqrstuvwxyz", {"x"}, size=20) == "abcdefghijk …"


def test_excerpt_adds_an_ellipsis_only_when_text_is_left_out():
    assert excerpt("a" * 10, {"x"}, size=10) == "a" * 10
    assert excerpt("a" * 11, {"x"}, size=10) == "a" * 10 + " …"
    # The default window is 160 characters.
    assert excerpt("b" * 160, {"x"}) == "b" * 160
    assert excerpt("b" * 161, {"x"}) == "b" * 160 + " …"
    assert Highlighter({"x"}).excerpt("b" * 161) == "b" * 160 + " …"
