"""search_eval refuses missing files before touching any database; the evaluation helpers."""

import pytest

from django.core.management import CommandError, call_command

from search.evaluation import EvalQuery, Scores, evaluate, read_queries


def test_search_eval_refuses_a_missing_corpus(tmp_path):
    queries = tmp_path / "queries.tsv"
    queries.write_text("khai sinh\t1.001193\texact\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("search_eval", corpus=str(tmp_path / "none.jsonl"), queries=str(queries))


def test_read_queries_skips_comments(tmp_path):
    path = tmp_path / "queries.tsv"
    path.write_text("# comment\nhộ nghèo\t1.011607,1.011606\tdescriptive\n", encoding="utf-8")
    assert read_queries(path) == [
        EvalQuery(text="hộ nghèo", relevant=frozenset({"1.011607", "1.011606"}), kind="descriptive")
    ]


def test_scores_mrr_and_hits():
    scores = Scores()
    for rank in (1, 2, None, 11):
        scores.add(rank)
    assert scores.mrr == pytest.approx((1 + 0.5) / 4)
    assert scores.hit_at(1) == 0.25
    assert scores.hit_at(5) == 0.5


def test_read_queries_reads_a_nomatch_line_as_no_codes(tmp_path):
    path = tmp_path / "queries.tsv"
    path.write_text("xin giấy phép karaoke\t\tnomatch\n", encoding="utf-8")
    assert read_queries(path) == [EvalQuery(text="xin giấy phép karaoke", relevant=frozenset(), kind="nomatch")]


class _Answer:
    def __init__(self, body):
        self.status_code = 200
        self._body = body

    def json(self):
        return self._body


class _Client:
    """Answers /api/search from a dict: query → (codes, no_good_match)."""

    def __init__(self, answers):
        self.answers = answers

    def get(self, path, params):
        codes, flagged = self.answers[params["q"]]
        return _Answer({"results": [{"code": c} for c in codes], "no_good_match": flagged})


def test_a_nomatch_query_is_right_when_the_page_says_nothing_matches_well():
    queries = [
        EvalQuery(text="karaoke", relevant=frozenset(), kind="nomatch"),
        EvalQuery(text="visa", relevant=frozenset(), kind="nomatch"),
        EvalQuery(text="khai sinh", relevant=frozenset({"1.001193"}), kind="exact"),
    ]
    client = _Client(
        {"karaoke": (["1.001612"], True), "visa": (["1.000894"], False), "khai sinh": (["1.001193"], False)}
    )
    report = evaluate(queries, client)
    assert report.by_kind["nomatch"].mrr == 0.5
    assert report.by_kind["nomatch"].hit_at(1) == 0.5
    assert report.by_kind["exact"].mrr == 1.0
