"""Ranking of the embedded backend on a handful of real catalogue records (published once)."""

import pytest

from search.models import ProcedureIndexEntry
from search.services import procedure_search


def codes(results):
    return [hit.code for hit in results.hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("đăng ký khai sinh", "1.001193"),
        ("dang ky khai sinh", "1.001193"),
        ("đăng kí kết hôn", "1.000894"),
        ("khai tủ", "1.000656"),
        ("giấy độc thân", "1.004873"),
        ("xac nhan tinh trang hon nhan", "1.004873"),
        ("1.001193", "1.001193"),
        ("1001193", "1.001193"),
        ("nhập hộ khẩu", "1.004222"),
        ("CCCD cho người dưới 14 tuổi", "1.014062"),
        ("làm căn cước cho người từ đủ 14 tuổi", "1.014061"),
    ],
)
def test_ranking_on_real_records(real_catalogue, db, query, expected):
    assert codes(procedure_search(query))[0] == expected


def test_results_carry_highlights_and_display_fields(real_catalogue, db):
    hit = procedure_search("dang ky khai sinh").hits[0]
    assert hit.title_html == "Thủ tục <mark>đăng</mark> <mark>ký</mark> <mark>khai</mark> <mark>sinh</mark>"
    assert hit.url.startswith("/thu-tuc-hanh-chinh/")
    assert hit.sector == "Hộ tịch"
    assert hit.online_mode in {"full", "partial", "none"}


def test_equally_good_titles_come_before_the_rest(real_catalogue, db):
    # Both "chứng thực chữ ký …" procedures name the query in full; which is first is a judgement call.
    assert set(codes(procedure_search("chứng thực chữ ký"))[:2]) == {"2.000884", "2.000992"}


def test_repeat_searches_give_the_same_answer(real_catalogue, db):
    assert codes(procedure_search("kết hôn")) == codes(procedure_search("kết hôn"))
    assert ProcedureIndexEntry.objects.count() == len(real_catalogue)


def test_stale_term_statistics_never_break_the_ranking():
    """A word counted in more titles than the index holds weighs below zero: the page still ranks."""
    from search.analysis import analyze_query
    from search.ranking import Candidate, rerank

    query = analyze_query("khai sinh")
    candidates = [
        Candidate(
            page_id=1, title_folded="dang ky khai sinh luu dong", sector_folded="ho tich", code_key="1", engine_score=1
        ),
        Candidate(page_id=2, title_folded="dang ky khai sinh", sector_folded="ho tich", code_key="2", engine_score=1),
    ]
    ranked = rerank(query, candidates, word_weight=lambda word: -5.0)
    assert [c.page_id for c in ranked] == [2, 1]
