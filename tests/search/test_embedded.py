"""The embedded backend through ``procedure_search``: ranking, facets, filters, pagination."""

import pytest

from search.services import SearchError, procedure_search, procedure_suggest
from search.types import SearchFilters
from tests.factories import agency_make, procedure_make, sector_make

pytestmark = pytest.mark.django_db


def codes(results):
    return [hit.code for hit in results.hits]


def test_facets_count_all_matches_and_combine(procedure_index):
    civil, land = sector_make("Hộ tịch"), sector_make("Đất đai")
    commune = agency_make("Ủy ban nhân dân cấp xã")
    for i in range(3):
        procedure_make(title=f"Đăng ký hộ tịch số {i}", sector=civil, online_mode="full", postal_submission=i == 0)
    procedure_make(
        title="Đăng ký đất đai lần đầu", sector=land, online_mode="none", postal_submission=False, postal_return=False
    )

    results = procedure_search("đăng ký")
    assert results.total == 4
    sectors = {v.value: v.count for v in results.facets["sector"]}
    assert sectors == {civil.slug: 3, land.slug: 1}
    assert {v.value: v.count for v in results.facets["agency"]} == {commune.slug: 4}
    assert {v.value: v.count for v in results.facets["online"]} == {"full": 3, "none": 1}

    narrowed = procedure_search("đăng ký", SearchFilters(sector=(civil.slug,), postal=("submission",)))
    assert narrowed.total == 1
    assert narrowed.facets["sector"][0].selected
    either = procedure_search("đăng ký", SearchFilters(sector=(civil.slug, land.slug)))
    assert either.total == 4
    online = procedure_search("đăng ký", SearchFilters(online=("full", "partial")))
    assert online.total == 3


def test_filters_alone_list_procedures_by_title(procedure_index):
    sector = sector_make("Chứng thực")
    procedure_make(title="B chứng thực", sector=sector)
    procedure_make(title="A chứng thực", sector=sector)
    procedure_make(title="Khác")
    results = procedure_search("", SearchFilters(sector=(sector.slug,)))
    assert [hit.title for hit in results.hits] == ["A chứng thực", "B chứng thực"]


def test_pagination_is_stable_and_complete(procedure_index):
    for i in range(7):
        procedure_make(title=f"Cấp giấy phép số {i}")
    first = procedure_search("cấp giấy phép", page=1, page_size=3)
    second = procedure_search("cấp giấy phép", page=2, page_size=3)
    third = procedure_search("cấp giấy phép", page=3, page_size=3)
    assert first.total == 7 and first.page_count == 3
    seen = codes(first) + codes(second) + codes(third)
    assert len(seen) == 7 and len(set(seen)) == 7
    assert procedure_search("cấp giấy phép", page=4, page_size=3).hits == []


@pytest.mark.parametrize(("page", "page_size"), [(0, 10), (1, 0), (1, 51), (1001, 10)])
def test_bad_paging_is_refused(db, page, page_size):
    with pytest.raises(SearchError):
        procedure_search("khai sinh", page=page, page_size=page_size)


def test_too_long_query_is_refused(db):
    with pytest.raises(SearchError):
        procedure_search("a" * 201)


def test_no_results_offers_suggestions(procedure_index):
    procedure_make(title="Đăng ký khai sinh")
    results = procedure_search("khai sinh xyzzy quux")
    assert results.total >= 1 and results.approximate
    nothing = procedure_search("xyzzy")
    assert nothing.total == 0 and nothing.hits == []
    assert procedure_search("khai xyzzy").total == 1  # any-group fall back
    assert procedure_search("đăng xyzzyq").suggestions or procedure_search("đăng xyzzyq").total


def test_suggest_prefix_of_the_last_word(procedure_index):
    procedure_make(title="Đăng ký khai sinh", code="1.001193")
    procedure_make(title="Đăng ký kết hôn", code="1.000894")
    assert [s.code for s in procedure_suggest("dang ky kha")] == ["1.001193"]
    assert {s.code for s in procedure_suggest("Đăng")} == {"1.001193", "1.000894"}
    assert procedure_suggest("   ") == []
    assert len(procedure_suggest("đ", limit=50)) <= 8


def test_a_long_query_matches_three_quarters_of_its_words(procedure_index):
    # Five words that are neither thesaurus phrases nor word pairs of any title: five groups.
    procedure_make(title="Đăng ký khai sinh lưu động")  # 4 of the 5 words
    procedure_make(title="Đăng ký khai tử")  # 2 of 5: not enough
    results = procedure_search("sinh khai động lưu tử")
    assert [hit.title for hit in results.hits] == ["Đăng ký khai sinh lưu động"]
    assert not results.approximate


def test_a_procedure_indexed_after_a_search_is_found_by_the_next(procedure_index):
    procedure_make(title="Chứng thực bản sao từ bản chính")
    assert procedure_search("chứng thực").total == 1
    procedure_make(title="Chứng thực chữ ký")
    assert procedure_search("chứng thực").total == 2


def test_facets_of_many_matches_count_the_same_both_ways(procedure_index, monkeypatch):
    from search.backends import embedded

    civil, land = sector_make("Hộ tịch"), sector_make("Đất đai")
    for i in range(5):
        procedure_make(title=f"Cấp bản sao số {i}", sector=civil if i % 2 else land, postal_submission=i < 2)
    filters = SearchFilters(postal=("submission",))
    by_ids = procedure_search("cấp bản sao"), procedure_search("cấp bản sao", filters)
    monkeypatch.setattr(embedded, "FACET_MASKS_FROM", 0)
    by_masks = procedure_search("cấp bản sao"), procedure_search("cấp bản sao", filters)
    for ids, masks in zip(by_ids, by_masks, strict=True):
        assert ids.total == masks.total
        assert ids.facets == masks.facets
    assert by_masks[1].total == 2


@pytest.mark.parametrize(("count", "size"), [(2, 10**9), (2048, 1)])
def test_term_id_sets_stay_within_their_budget(procedure_index, monkeypatch, count, size):
    from search import bitsets
    from search.backends import embedded

    for title in ("Đăng ký khai sinh", "Đăng ký kết hôn", "Chứng thực chữ ký", "Cấp bản sao trích lục"):
        procedure_make(title=title)
    monkeypatch.setattr(embedded, "TERM_MASKS", count)
    monkeypatch.setattr(embedded, "TERM_MASK_BYTES", size)
    for query in ("đăng ký khai sinh", "kết hôn", "chứng thực chữ ký", "trích lục"):
        assert procedure_search(query).total >= 1
        state = embedded._states["current"]
        assert len(state["term_masks"]) <= count
        assert state["term_mask_bytes"] == sum(bitsets.size(mask) for mask in state["term_masks"].values()) <= size
    # The factory's procedures all give "Giấy khai sinh" as their result: the title decides.
    assert procedure_search("đăng ký khai sinh").hits[0].title == "Đăng ký khai sinh"
    assert [hit.title for hit in procedure_search("chứng thực chữ ký").hits] == ["Chứng thực chữ ký"]


def test_after_a_write_the_first_search_reads_the_commonest_id_sets_again(procedure_index, monkeypatch):
    """Solr-style autowarming: the previous generation's largest id sets are read at the new
    generation's first search, from the index as written, not copied from before the write."""
    from search.backends import embedded

    for title in ("Đăng ký khai sinh", "Đăng ký khai tử", "Chứng thực chữ ký"):
        procedure_make(title=title)
    procedure_search("đăng ký")
    procedure_search("chứng thực")
    before = embedded._states["current"]["term_masks"]
    commonest = max(before, key=lambda term: before[term].bit_count())
    assert commonest == "dang ki" and before[commonest].bit_count() == 2
    monkeypatch.setattr(embedded, "AUTOWARM", 1)
    procedure_make(title="Đăng ký kết hôn")  # a write: a new generation
    procedure_search("chứng thực")  # a first search that does not ask for "đăng ký"
    after = embedded._states["current"]["term_masks"]
    assert list(after)[0] == "dang ki" and after["dang ki"].bit_count() == 3
    assert "khai sinh" not in after  # only the AUTOWARM largest
