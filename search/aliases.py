"""The procedures' everyday names: short phrases a resident would type for each procedure (issue #14).

``data/aliases.tsv`` holds, per procedure code, 1–8 phrases written from the procedure's own
record (its title, steps, documents and result), never from a query set: "làm giấy khai sinh cho
con", "mở quán cà phê". It is a data file of the repository, reviewed like code. Each line is
``code<TAB>phrase``; ``# code title`` lines and blank lines are comments (the title says which
procedure the phrases below it are for). Indexing puts a procedure's phrases into its index
document (``IndexDocument.aliases``): both backends match them like the title, weighted below it
and above the body.

``aliases_merge`` (``manage.py search_aliases_merge``) merges files written in parts into one,
sorted by code.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from search import analysis

ALIASES_FILE = analysis.DATA_DIR / "aliases.tsv"
# Phrases kept per procedure, and their length in characters: a phrase is what a resident types.
MAX_PER_PROCEDURE = 8
MAX_LENGTH = 120


def _key(code: str) -> str:
    """Codes compared without their dot ("1.001193" and "1001193" are the same procedure)."""
    return analysis.code_key(code) or code.strip()


def read_aliases(lines: Iterable[str]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Parse alias lines: ``({code: [phrases in order]}, {code: title from its comment line})``.

    Phrases that fold the same (case, diacritics, spacing) are kept once; lines that are not
    ``code<TAB>phrase`` are ignored.
    """
    phrases: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    seen: dict[str, set[str]] = {}
    for raw in lines:
        line = raw.rstrip("\n").rstrip("\r")
        if line.startswith("#"):
            code, _, title = line[1:].strip().partition(" ")
            if analysis.code_key(code) and title.strip():
                titles.setdefault(code, title.strip())
            continue
        code, tab, phrase = line.partition("\t")
        code, phrase = code.strip(), " ".join(phrase.split())
        if not tab or not code or not phrase or not analysis.code_key(code):
            continue
        folded = analysis.fold(phrase)
        if not folded or folded in seen.setdefault(code, set()):
            continue
        seen[code].add(folded)
        phrases.setdefault(code, []).append(phrase[:MAX_LENGTH])
    return phrases, titles


def merge(paths: Iterable[Path | str]) -> str:
    """The text of one alias file made of ``paths``: every code's phrases (first file first, at
    most ``MAX_PER_PROCEDURE``), codes sorted, each under its ``# code title`` line."""
    phrases: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for path in paths:
        found, named = read_aliases(Path(path).read_text(encoding="utf-8").splitlines())
        for code, items in found.items():
            kept = phrases.setdefault(code, [])
            folded = {analysis.fold(p) for p in kept}
            kept += [p for p in items if analysis.fold(p) not in folded]
        for code, title in named.items():
            titles.setdefault(code, title)
    lines = [
        "# Everyday names of the procedures, written from each procedure's own record (search/aliases.py).",
        "# code<TAB>phrase; '# code title' lines say which procedure the phrases below are for.",
    ]
    for code in sorted(phrases, key=lambda c: (_key(c), c)):
        lines.append(f"# {code} {titles.get(code, '')}".rstrip())
        lines += [f"{code}\t{phrase}" for phrase in phrases[code][:MAX_PER_PROCEDURE]]
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    if not ALIASES_FILE.is_file():
        return {}
    found, _ = read_aliases(ALIASES_FILE.read_text(encoding="utf-8").splitlines())
    return {_key(code): tuple(items[:MAX_PER_PROCEDURE]) for code, items in found.items()}


def procedure_aliases(code: str) -> tuple[str, ...]:
    """The everyday phrases of the procedure with ``code`` (with or without its dot), as written."""
    if not code:
        return ()
    return _table().get(_key(code), ())
