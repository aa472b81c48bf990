"""search_eval refuses missing files before touching any database; the evaluation helpers."""

import pytest

from django.core.management import CommandError, call_command

from search.evaluation import EvalQuery, Scores, read_queries


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
