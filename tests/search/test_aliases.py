"""The procedures' everyday phrases (search/aliases.py, search/data/aliases.tsv, issue #14).

A procedure's phrases are matched like its title, weighted below the title and above the body, in
both backends; a phrase naming the query counts as the procedure being named (no "nothing matches
well" page). The small catalogues here get their phrases from a table the test sets, not from
the data file.
"""

import gzip
import json
import math
from pathlib import Path

import pytest

from django.core.management import call_command

from search import aliases as alias_module
from search.aliases import merge, procedure_aliases, read_aliases
from search.analysis import AnalyzedQuery, TermGroup, analyze_query
from search.backends.elasticsearch import ProcedureDocument, document_body, index_definition, search_body
from search.models import ProcedureIndexEntry
from search.ranking import Candidate, score
from search.services import procedure_search
from search.types import IndexDocument, SearchFilters
from tests.factories import procedure_make

CORPUS = Path(__file__).resolve().parents[1] / "data" / "tthc" / "cap_xa.jsonl.gz"
DATA_FILE = Path(__file__).resolve().parents[2] / "search" / "data" / "aliases.tsv"


@pytest.fixture
def phrases(monkeypatch):
    """Set the phrases indexing reads: ``phrases({"9.000001": ("làng trồng bonsai",)})``."""
    table: dict[str, tuple[str, ...]] = {}
    monkeypatch.setattr(alias_module, "_table", lambda: table)

    def set_phrases(by_code: dict[str, tuple[str, ...]]):
        table.clear()
        table.update({code.replace(".", ""): tuple(items) for code, items in by_code.items()})

    return set_phrases


def codes(results):
    return [hit.code for hit in results.hits]


# --- the file and its reading --------------------------------------------------------------------


def test_read_aliases_keeps_phrases_in_order_once_and_reads_titles():
    found, titles = read_aliases(
        [
            "# 1.001193 Thủ tục đăng ký khai sinh",
            "1.001193\tlàm giấy khai sinh",
            "1.001193\tLàm  giấy khai sinh",  # the same once folded
            "1.001193\tmới sinh con",
            "1.001193 no tab",
            "\tno code",
            "abc\tnot a code",
            "",
        ]
    )
    assert found == {"1.001193": ["làm giấy khai sinh", "mới sinh con"]}
    assert titles == {"1.001193": "Thủ tục đăng ký khai sinh"}


def test_merge_sorts_by_code_and_keeps_each_code_under_its_title(tmp_path):
    part_a = tmp_path / "part-A.tsv"
    part_b = tmp_path / "part-B.tsv"
    part_a.write_text("# 2.000884 Chứng thực chữ ký\n2.000884\tký xác nhận giấy tờ\n", encoding="utf-8")
    part_b.write_text(
        "# 1.001193 Đăng ký khai sinh\n1.001193\tmới sinh con\n1.001193\tlàm giấy khai sinh\n"
        "# 1.000000 Không có cụm từ\n",
        encoding="utf-8",
    )
    text = merge([part_a, part_b])
    assert text.splitlines()[2:] == [
        "# 1.001193 Đăng ký khai sinh",
        "1.001193\tmới sinh con",
        "1.001193\tlàm giấy khai sinh",
        "# 2.000884 Chứng thực chữ ký",
        "2.000884\tký xác nhận giấy tờ",
    ]
    output = tmp_path / "aliases.tsv"
    call_command("search_aliases_merge", str(part_a), str(part_b), output=str(output))
    assert output.read_text(encoding="utf-8") == text


def test_merge_keeps_at_most_eight_phrases_a_procedure(tmp_path):
    part = tmp_path / "part.tsv"
    part.write_text("".join(f"1.001193\tcụm từ số {i}\n" for i in range(10)), encoding="utf-8")
    found, _ = read_aliases(merge([part]).splitlines())
    assert found["1.001193"] == [f"cụm từ số {i}" for i in range(8)]


def test_the_repository_file_names_catalogue_procedures_with_few_short_phrases():
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        known = {json.loads(line)["ma_thu_tuc"] for line in handle}
    found, _ = read_aliases(DATA_FILE.read_text(encoding="utf-8").splitlines())
    assert len(found) >= 100
    assert set(found) <= known
    assert all(1 <= len(items) <= 8 for items in found.values())
    assert all(len(phrase) <= 120 for items in found.values() for phrase in items)
    # Sorted by code, as the merge writes it.
    lines = [line.split("\t")[0] for line in DATA_FILE.read_text(encoding="utf-8").splitlines() if "\t" in line]
    assert lines == sorted(lines, key=lambda code: code.replace(".", ""))


def test_procedure_aliases_reads_the_code_with_or_without_its_dot(phrases):
    phrases({"1.001193": ("mới sinh con",)})
    assert procedure_aliases("1.001193") == ("mới sinh con",)
    assert procedure_aliases("1001193") == ("mới sinh con",)
    assert procedure_aliases("1.000894") == ()
    assert procedure_aliases("") == ()


# --- the ranking, without a database ------------------------------------------------------------


def _query(*words):
    groups = tuple(TermGroup(alternatives=((word,),)) for word in words)
    return AnalyzedQuery(text=" ".join(words), tokens=tuple(words), groups=groups, code=None)


def test_a_group_named_by_a_phrase_counts_below_the_title_and_names_the_procedure():
    # Weights: title coverage 4, phrase 2 (alias phrase 1), alias coverage 2 (three quarters
    # towards a good match), body 1 (a quarter), −0.25·ln(1 + words the query does not explain).
    by_title = Candidate(page_id=1, title_folded="aa", sector_folded="", code_key="1", engine_score=0)
    by_alias = Candidate(page_id=2, title_folded="bb", sector_folded="", code_key="2", engine_score=0, aliases=("aa",))
    by_body = Candidate(page_id=3, title_folded="bb", sector_folded="", code_key="3", engine_score=0)
    query = _query("aa")
    found = [lambda pk: pk == 3]
    assert score(query, by_title, found=found) == pytest.approx(4.0 + 1.5)  # the exact title too
    assert score(query, by_alias, found=found) == pytest.approx(2.0 - 0.25 * math.log(2))
    assert score(query, by_body, found=found) == pytest.approx(1.0 - 0.25 * math.log(2))
    assert by_alias.coverage == 0.75  # named, three quarters towards a good match (0.6)
    assert by_body.coverage == 0.25


def test_the_query_as_a_phrase_of_an_alias_adds_the_alias_phrase_weight():
    candidate = Candidate(
        page_id=1, title_folded="cc", sector_folded="", code_key="1", engine_score=0, aliases=("xx aa bb", "dd")
    )
    assert score(_query("aa", "bb"), candidate) == pytest.approx(2.0 + 1.0 - 0.25 * math.log(2))
    # Two phrases naming a word each: one phrase counts (the first of equal ones), and no phrase
    # weight: common words are found in some phrase of many procedures.
    apart = Candidate(
        page_id=2, title_folded="cc", sector_folded="", code_key="2", engine_score=0, aliases=("aa", "bb")
    )
    assert score(_query("aa", "bb"), apart) == pytest.approx(2.0 * 0.5 - 0.25 * math.log(2))
    assert apart.coverage == pytest.approx(0.75 * 0.5)
    # The phrase naming more of the query is the one that counts.
    fuller = Candidate(
        page_id=3, title_folded="cc", sector_folded="", code_key="3", engine_score=0, aliases=("aa", "bb xx aa")
    )
    assert score(_query("aa", "bb"), fuller) == pytest.approx(2.0 - 0.25 * math.log(2))


def test_a_word_typed_with_diacritics_names_only_the_phrase_word_written_the_same():
    # "tiêm" (an injection) and "tiệm" (a shop) fold to the same letters.
    shop = dict(page_id=1, title_folded="dang ky thanh lap ho kinh doanh", sector_folded="", code_key="9100031")
    folded, written = ("xin giay phep mo tiem",), ("Xin giấy phép mở tiệm",)
    asked = Candidate(engine_score=0, aliases=folded, aliases_written=written, **shop)
    score(analyze_query("tiêm"), asked)
    assert asked.coverage == 0.0
    # Typed without diacritics, "tiem" may be either.
    bare = Candidate(engine_score=0, aliases=folded, aliases_written=written, **shop)
    score(analyze_query("tiem"), bare)
    assert bare.coverage == 0.75
    same = Candidate(engine_score=0, aliases=folded, aliases_written=written, **shop)
    score(analyze_query("tiệm"), same)
    assert same.coverage == 0.75
    # The same letters typed bare elsewhere in the query may be either ("làm ăn xa … công an xã").
    both = Candidate(engine_score=0, aliases=folded, aliases_written=written, **shop)
    score(analyze_query("tiêm tiem"), both)
    assert both.coverage == 0.75
    # A row indexed before the written phrases were kept: the folded phrase counts.
    older = Candidate(engine_score=0, aliases=folded, **shop)
    score(analyze_query("tiêm"), older)
    assert older.coverage == 0.75


@pytest.mark.django_db
def test_the_ranking_reads_the_written_phrases_from_the_index_row_not_the_data_file(procedure_index, phrases):
    phrases({"9.100033": ("xin giấy phép mở tiệm",)})
    procedure_make(title="Đăng ký thành lập hộ kinh doanh", code="9.100033", parent=procedure_index)
    entry = ProcedureIndexEntry.objects.get(code="9.100033")
    assert (entry.aliases, entry.aliases_folded) == ("xin giấy phép mở tiệm", "xin giay phep mo tiem")
    # The file changes after indexing (an edit not yet rebuilt): the row still decides.
    phrases({"9.100033": ("đi tiêm chủng",)})
    assert procedure_search("tiêm").no_good_match
    assert codes(procedure_search("mở tiệm")) == ["9.100033"]


@pytest.mark.django_db
def test_a_phrase_sharing_only_the_letters_of_a_word_is_no_good_match(procedure_index, phrases):
    phrases({"9.100032": ("xin giấy phép mở tiệm",)})
    procedure_make(title="Đăng ký thành lập hộ kinh doanh", code="9.100032", parent=procedure_index)
    # Nothing names the injection: no procedure is "close", the page sends the citizen to the counter.
    for query in ("tiêm", "tiêm chủng cho bé"):
        results = procedure_search(query)
        assert results.no_good_match
        assert (codes(results), results.total, results.facets) == ([], 0, {})
    found = procedure_search("mở tiệm")
    assert codes(found) == ["9.100032"]
    assert not found.no_good_match


def _credits(groups, aliases, *, found_at=None, marks=None, written=(), weights=None):
    """``ranking._alias_credits`` for ``groups`` (TermGroups), folded ``aliases`` and their ``written`` form."""
    from search.ranking import _alias_credits, _phrases

    found = [(_phrases(group), at) for group, at in zip(groups, found_at or [None] * len(groups), strict=True)]
    return _alias_credits(groups, weights or [1.0] * len(groups), found, aliases, marks or {}, written)


def test_a_synonym_later_in_the_group_is_found_in_the_phrase():
    wedding = TermGroup(alternatives=(("giay", "cuoi"), ("ket", "hon")))
    assert _credits([wedding], ("dang ky ket hon",)) == ([1.0], frozenset())


def test_a_broader_term_in_a_phrase_counts_half_and_never_where_the_title_has_it_already():
    # "lương hưu" with its broader term "chế độ" from index 1 (narrow = 1).
    pension = TermGroup(alternatives=(("luong", "huu"), ("che", "do")), narrow=1)
    assert _credits([pension], ("huong che do",)) == ([0.5], frozenset())
    assert _credits([pension], ("linh luong huu",)) == ([1.0], frozenset())
    # The title names the broader term (found at index 1): the phrase adds only the matter itself.
    assert _credits([pension], ("huong che do",), found_at=[1]) == ([], frozenset())
    assert _credits([pension], ("linh luong huu",), found_at=[1]) == ([1.0], frozenset())


def test_of_phrases_naming_as_much_the_first_counts():
    first, second = TermGroup(alternatives=(("aa",),)), TermGroup(alternatives=(("bb",),))
    assert _credits([first, second], ("aa xx", "bb yy")) == ([1.0, 0.0], frozenset())
    assert _credits([first, second], ("bb yy", "aa xx")) == ([0.0, 1.0], frozenset())


def test_a_word_is_misread_only_where_no_phrase_writes_it_as_typed():
    shot = TermGroup(alternatives=(("tiem",),))
    typed = {"tiem": frozenset({"tiêm"})}
    assert _credits([shot], ("mo tiem", "di tiem"), marks=typed, written=("mở tiệm", "đi tiêm")) == (
        [1.0],
        frozenset(),
    )
    assert _credits([shot], ("mo tiem",), marks=typed, written=("mở tiệm",)) == ([], frozenset({0}))


def test_every_word_of_a_phrase_is_compared_as_written_at_its_own_place():
    written = ("xin giấy phép mở tiệm",)
    shop = TermGroup(alternatives=(("mo", "tiem"),))
    typed = {"mo": frozenset({"mở"}), "tiem": frozenset({"tiệm"})}
    assert _credits([shop], ("xin giay phep mo tiem",), marks=typed, written=written) == ([1.0], frozenset())
    injection = {"mo": frozenset({"mở"}), "tiem": frozenset({"tiêm"})}
    assert _credits([shop], ("xin giay phep mo tiem",), marks=injection, written=written) == ([], frozenset({0}))


# --- the embedded backend on a small catalogue -------------------------------------------------


@pytest.fixture
def bonsai_catalogue(procedure_index, phrases):
    """Three procedures and the word "bonsai" (no thesaurus entry): in a title, in a phrase, in a body."""
    phrases({"9.100002": ("làng trồng bonsai", "nghề cây cảnh")})
    procedure_make(title="Đăng ký vườn bonsai", code="9.100001", parent=procedure_index)
    procedure_make(title="Công nhận làng nghề truyền thống", code="9.100002", parent=procedure_index)
    procedure_make(
        title="Cấp giấy chứng nhận an toàn thực phẩm",
        code="9.100003",
        parent=procedure_index,
        conditions="Cơ sở có vườn bonsai",
    )


@pytest.mark.django_db
def test_title_outranks_phrase_and_phrase_outranks_body(bonsai_catalogue):
    results = procedure_search("bonsai")
    assert codes(results) == ["9.100001", "9.100002", "9.100003"]
    assert not results.no_good_match


@pytest.mark.django_db
def test_a_procedure_is_found_by_a_phrase_word_its_title_lacks(bonsai_catalogue):
    results = procedure_search("nghề cây cảnh")
    assert codes(results)[:1] == ["9.100002"]
    assert not results.no_good_match
    # Typed without diacritics, as a question.
    asked = procedure_search("lang trong bonsai thi lam the nao")
    assert codes(asked)[:1] == ["9.100002"]


@pytest.mark.django_db
def test_a_phrase_match_is_a_good_match_and_a_body_match_is_not(procedure_index, phrases):
    phrases({"9.100012": ("làng trồng bonsai",)})
    procedure_make(title="Công nhận làng nghề truyền thống", code="9.100012", parent=procedure_index)
    procedure_make(
        title="Cấp giấy chứng nhận an toàn thực phẩm",
        code="9.100013",
        parent=procedure_index,
        conditions="Cơ sở có vườn bonsai",
    )
    results = procedure_search("bonsai")
    assert codes(results) == ["9.100012", "9.100013"]
    assert not results.no_good_match


@pytest.mark.django_db
def test_without_phrases_the_same_query_is_honestly_no_good_match(procedure_index, phrases):
    phrases({})
    procedure_make(title="Công nhận làng nghề truyền thống", code="9.100022", parent=procedure_index)
    procedure_make(
        title="Cấp giấy chứng nhận an toàn thực phẩm",
        code="9.100023",
        parent=procedure_index,
        conditions="Cơ sở có vườn bonsai",
    )
    results = procedure_search("bonsai")
    assert results.no_good_match
    assert codes(results) == ["9.100023"]


@pytest.mark.django_db
def test_what_no_title_phrase_or_body_names_is_still_no_good_match(bonsai_catalogue):
    # "đăng ký" is in a title, "karaoke" in no title, phrase or body.
    results = procedure_search("đăng ký karaoke")
    assert results.no_good_match
    assert codes(results) == ["9.100001"]
    assert procedure_search("karaoke").total == 0


@pytest.mark.django_db
def test_a_variant_with_phrases_still_ranks_after_its_base(procedure_index, phrases):
    # query_rules.txt: "cấp lại" is a variant; its phrases name the loss it answers.
    phrases({"9.100032": ("làm lại giấy phép bonsai bị mất",)})
    procedure_make(title="Cấp giấy phép bonsai", code="9.100031", parent=procedure_index)
    procedure_make(title="Cấp lại giấy phép bonsai", code="9.100032", parent=procedure_index)
    assert codes(procedure_search("giấy phép bonsai")) == ["9.100031", "9.100032"]
    assert codes(procedure_search("giấy phép bonsai bị mất"))[:1] == ["9.100032"]


@pytest.mark.django_db
def test_phrases_follow_a_rebuild_of_the_index(procedure_index, phrases):
    from search.services import procedure_index_rebuild

    phrases({})
    procedure_make(title="Công nhận làng nghề truyền thống", code="9.100042", parent=procedure_index)
    assert procedure_search("bonsai").total == 0
    phrases({"9.100042": ("làng trồng bonsai",)})
    procedure_index_rebuild()
    assert codes(procedure_search("bonsai")) == ["9.100042"]


# --- Elasticsearch: the mapping and the query ---------------------------------------------------


def test_elasticsearch_maps_the_phrases_with_the_title_analysis():
    properties = index_definition("portal-test-procedures-1", ProcedureDocument).to_dict()["mappings"]["properties"]
    assert properties["aliases"] == {"type": "text", "analyzer": "vi_text", "search_analyzer": "vi_search"}
    assert properties["title"]["analyzer"] == "vi_text" and properties["title"]["search_analyzer"] == "vi_search"


def test_elasticsearch_query_boosts_the_phrases_between_title_and_body():
    body = search_body(analyze_query("mở quán cà phê"), SearchFilters(), 1, 10)
    query = body["query"]["boosting"]["positive"]["bool"] if "boosting" in body["query"] else body["query"]["bool"]
    assert query["must"][0]["multi_match"]["fields"] == ["title^10", "aliases^5", "sector^3", "body"]
    assert {"match_phrase": {"aliases": {"query": "mở quán cà phê", "boost": 2.5}}} in query["should"]


def test_elasticsearch_document_carries_the_phrases():
    document = IndexDocument(
        page_id=7, code="1.001193", title="Đăng ký khai sinh", url="/k/", aliases=("mới sinh con", "làm giấy khai sinh")
    )
    assert document_body(document)["aliases"] == ["mới sinh con", "làm giấy khai sinh"]


def test_phrases_naming_the_matter_complete_a_title_that_names_only_its_class():
    # broader.txt-style group: "aa" is the matter, "zz" its class; the title names the class
    # (half a title's worth), the phrases the matter (half a title's worth: together a whole).
    group = TermGroup(alternatives=(("aa",), ("zz",)), narrow=1)
    query = AnalyzedQuery(text="aa", tokens=("aa",), groups=(group,), code=None)
    both = Candidate(page_id=1, title_folded="zz", sector_folded="", code_key="1", engine_score=0, aliases=("aa",))
    title_only = Candidate(page_id=2, title_folded="zz", sector_folded="", code_key="2", engine_score=0)
    # Both titles are the class exactly (+1.5).
    assert score(query, both) == pytest.approx(4.0 * 0.5 + 2.0 + 1.5)
    assert score(query, title_only) == pytest.approx(4.0 * 0.5 + 1.5)
    assert both.coverage == 0.75 and title_only.coverage == 0.5


@pytest.mark.django_db
def test_the_page_without_a_close_procedure_sends_the_citizen_to_the_counter_once(client, procedure_index, phrases):
    from wagtail.models import Site

    from cms.models import CommuneSettings

    commune = CommuneSettings.for_site(Site.objects.get(is_default_site=True))
    commune.hotline = "0252 3868 123"
    commune.save()
    phrases({"9.100033": ("xin giấy phép mở tiệm",)})
    procedure_make(title="Đăng ký thành lập hộ kinh doanh", code="9.100033", parent=procedure_index)
    html = client.get("/tra-cuu/", {"q": "tiêm chủng cho bé"}).content.decode()
    assert "Không có thủ tục nào khớp rõ với “tiêm chủng cho bé”" in html
    assert "Hãy hỏi trực tiếp Bộ phận Một cửa: cán bộ sẽ chỉ cho bạn thủ tục đúng hoặc nơi giải quyết." in html
    assert "thủ tục gần nhất" not in html
    assert "Đăng ký thành lập hộ kinh doanh" not in html
    # The counter's contact once in the results (the footer has it too, on every page).
    assert html.split("<footer", 1)[0].count("0252 3868 123") == 1
