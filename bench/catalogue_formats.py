"""Classify national catalogue records by table layout and count how many parse cleanly.

    .venv/bin/python bench/catalogue_formats.py [PATH ...]

Default paths: tests/data/tthc/cap_xa.jsonl.gz and national_2642.jsonl.gz. A record "parses
cleanly" when it is accepted and every table it carries gives items: channels when the channel
table has rows, documents when the document table has a header, legal documents when the legal
basis is not empty. Prints one block per file; not a test, a tool for studying the data.
"""

import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cms.importer import (
    CHANNEL_HEADER,
    DOCUMENT_HEADER,
    EMPTY_MARKERS,
    LEGAL_HEADER,
    QUANTITY_RE,
    RecordError,
    clean_text,
    one_line,
    parse_record,
    read_records,
)

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "tthc"  # kept in the repository


def _time_shape(text: str) -> str:
    if not text:
        return "empty"
    if re.fullmatch(r"[\d.,]+ ngày", text) and "làm việc" not in text:
        return "days"
    return re.sub(r"[\d.,]+", "N", text) if re.match(r"\d", text) else "free text"


def classify(path: Path) -> tuple[Counter, int, int, list[str]]:
    formats: Counter = Counter()
    total = clean = 0
    problems: list[str] = []
    for raw in read_records(path):
        total += 1
        try:
            data = parse_record(raw)
        except RecordError as exc:
            problems.append(f"{raw.get('_line')}: {exc}")
            continue
        if "cach_thuc_thuc_hien" not in raw:
            formats["xlsx row (code, name, agencies, sector)"] += 1
            clean += 1
            continue
        kinds = sorted({c.kind for c in data.channels})
        formats["channels: " + (" + ".join(kinds) or "none")] += 1
        for channel in data.channels:
            formats[f"channel time: {_time_shape(channel.processing_time)}"] += 1
            fee = channel.fee
            formats["channel fee: " + ("free" if fee.startswith("Miễn phí") else "amount" if fee else "none")] += 1
        if len(data.channels) != len({c.kind for c in data.channels}):
            formats["channels: a kind repeated"] += 1
        tables = raw.get("thanh_phan_ho_so", "").count(DOCUMENT_HEADER)
        formats["documents: " + ("no table" if not tables else "one table" if tables == 1 else "grouped tables")] += 1
        if any(d.template_name for d in data.documents):
            formats["documents: with form templates"] += 1
        if any(not d.is_required for d in data.documents):
            formats["documents: with conditional notes"] += 1
        laws = len(data.legal_basis)
        formats["legal basis: " + ("empty" if not laws else "one" if laws == 1 else "many")] += 1
        formats["steps: " + ("none" if not data.steps else "Bước N" if data.steps[-1].title else "plain text")] += 1
        formats["result: " + ("with KQ codes" if "Mã: KQ" in raw.get("ket_qua_xu_ly", "") else "plain")] += 1
        formats[f"online mode: {data.online_mode}"] += 1
        formats[f"service level: {data.service_level}"] += 1
        formats[f"postal submission/return: {data.postal_submission}/{data.postal_return}"] += 1
        channel_rows = raw.get("cach_thuc_thuc_hien", "").replace(CHANNEL_HEADER, "").strip()
        legal_text = clean_text(raw.get("can_cu_phap_ly", "").replace(LEGAL_HEADER, ""))
        rows = [QUANTITY_RE.sub("", part) for part in raw.get("thanh_phan_ho_so", "").split(DOCUMENT_HEADER)[1:]]
        no_documents = all(one_line(row).lower().strip(" .") in EMPTY_MARKERS | {""} for row in rows)
        ok = (
            (data.channels or not channel_rows)
            and (data.documents or no_documents)
            and (data.legal_basis or not legal_text)
        )
        if ok:
            clean += 1
        else:
            problems.append(f"{data.code}: a table gave no items")
    return formats, total, clean, problems


def main(paths: list[str]) -> None:
    for path in [Path(p) for p in paths] or [DATA / "cap_xa.jsonl.gz", DATA / "national_2642.jsonl.gz"]:
        formats, total, clean, problems = classify(path)
        print(f"{path.name}: {total} records, {clean} parse cleanly")
        for name, count in sorted(formats.items()):
            print(f"  {count:6d}  {name}")
        for problem in problems[:20]:
            print(f"  ! {problem}")


if __name__ == "__main__":
    main(sys.argv[1:])
