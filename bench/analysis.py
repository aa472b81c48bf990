"""Query analysis without its cache: how long ``search.analysis.analyze_query`` takes for a query
it has not seen (a live site sees mostly new queries; bench/search.py repeats the same ones, so
its rounds after the first read the analysis from the cache).

Every query of search/data/eval/*.tsv, analysed once to load the rule files, then 20 times.

    .venv/bin/python bench/analysis.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    from search.analysis import analyze_query
    from search.evaluation import EVAL_DIR, read_queries

    queries = [query.text for path in sorted(EVAL_DIR.glob("*.tsv")) for query in read_queries(path)]
    analyse = analyze_query.__wrapped__  # without the lru_cache
    for text in queries:
        analyse(text)
    rounds = []
    for _ in range(20):
        started = time.perf_counter()
        for text in queries:
            analyse(text)
        rounds.append((time.perf_counter() - started) / len(queries) * 1e6)
    print(
        f"{len(queries)} queries; uncached analysis per query: median {statistics.median(rounds):.0f} µs, "
        f"best round {min(rounds):.0f} µs"
    )


if __name__ == "__main__":
    main()
