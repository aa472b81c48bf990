"""How many catalogue records' fees read fully into items (``cms.catalogue.fees``).

Reads the 588 commune-level records and the 2,642 national ones from the repository's copies
(tests/data/tthc, SOURCES.md there says where they come from), and prints per corpus: records read
fully (every channel's fee became items, nothing left for an editor), of which free of charge,
records without any fee information, records with something left unread, the most frequent
problems, the time taken, and what the importer writes (items only for records read fully;
the rest are reported for editors). On main (no parser) it says so and prints nothing else.

    .venv/bin/python bench/fees.py [--show-problems 10]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPORA = {
    "cap_xa (588)": [ROOT / "tests/data/tthc/cap_xa.jsonl.gz"],
    "national (2,642)": [ROOT / "tests/data/tthc/national_2642.jsonl.gz"],
}


def _records(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-problems", type=int, default=8)
    args = parser.parse_args()
    try:
        from cms.catalogue.fees import record_fees
    except ImportError:
        print("cms.catalogue.fees is missing: no record's fees are read as data (0 of every corpus).")
        return
    for name, candidates in CORPORA.items():
        path = next((p for p in candidates if p.exists()), None)
        if path is None:
            print(f"{name}: no file")
            continue
        records = _records(path)
        started = time.perf_counter()
        readings = [record_fees(record) for record in records]
        elapsed = time.perf_counter() - started
        complete = [r for r in readings if r.complete]
        free = [r for r in complete if all(item.amount == 0 for item in r.items)]
        no_info = [r for r in readings if r.no_information]
        partial = [r for r in readings if not r.complete and not r.no_information]
        with_amount = [r for r in readings if any(item.amount > 0 for item in r.items)]
        total = len(records)
        print(f"{name} from {path.relative_to(ROOT.parent)}")
        print(f"  read fully:        {len(complete):5d} / {total} ({100 * len(complete) / total:.1f} %)")
        print(f"    of which free:   {len(free):5d}")
        print(f"    with an amount:  {len(complete) - len(free):5d}")
        print(f"  no fee info:       {len(no_info):5d}")
        print(f"  left for editors:  {len(partial):5d} ({len(with_amount)} records have at least one amount read)")
        print(f"  time: {1000 * elapsed:.0f} ms ({1e6 * elapsed / total:.0f} µs a record)")
        counter = collections.Counter(
            re.sub(r"\(.*", "(…)", re.sub(r"\d[\d,.]*", "N", problem))
            for reading in partial
            for problem in reading.problems
        )
        for problem, count in counter.most_common(args.show_problems):
            print(f"    {count:4d}  {problem[:110]}")
        _import_figures(records)


def _import_figures(records: list[dict]) -> None:
    """What the importer writes: items only for records read fully (``cms.importer.parse_record``)."""
    try:
        from cms.importer import parse_record
    except ImportError:
        return
    parsed = [parse_record(record) for record in records]
    filled = [data for data in parsed if data.fee_items]
    items = sum(len(data.fee_items) for data in filled)
    cases = sum(1 for data in filled for item in data.fee_items if item.case)
    print(f"  importer fills items for {len(filled)} / {len(parsed)} procedures ({items} items, {cases} with a case);")
    print(f"  left for editors, with a report line each: {len(parsed) - len(filled)}")


if __name__ == "__main__":
    main()
