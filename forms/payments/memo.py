"""The transfer memo (nội dung chuyển khoản) of a dossier's fee, and finding a dossier code in one.

This module is the one place the memo's form is decided: the VietQR plugin writes it, the
reconciliation of bank statements reads it back.

The memo is the dossier code itself, diacritics folded and upper-cased: ``23098-261206-0001``.
A code is ``PREFIX-YYMMDD-NNNN`` (``forms.intake.services.dossier_code_next``): the prefix is the
commune code of the settings (at most 10 characters) or ``HS``, so a code has at most
10 + 1 + 6 + 1 + 5 = 23 characters and fits VietQR's 25-character memo (tag 62-08, EMVCo v1.1).
Characters a memo cannot carry (anything but Latin letters, digits and ``-``) are dropped; a code
that would still be too long keeps its date, its number and the end of its prefix.

What comes back on a bank statement is rarely the memo as sent: banks put their own reference
before it (``MBVCB.3278.23098-261206-0001.CT tu ...``), glue it to their text, upper-case it, and
some drop the hyphens or turn them into spaces or dots. ``dossier_codes_in_memo`` accepts ``-``,
``.``, ``_``, spaces or nothing between the three parts and returns every code the text may carry,
most likely first; ``dossier_for_memo`` looks them up among the dossiers.
"""

from __future__ import annotations

import re

from forms.payments.vietqr import MEMO_MAX_LENGTH, clean_memo, fold_vietnamese

# "-YYMMDD-NNNN" is 11 or 12 characters; what is left of the 25 is the longest prefix a memo carries.
PREFIX_MAX_IN_MEMO = MEMO_MAX_LENGTH - 12
# Prefix, date (YYMMDD) and number of the day, with or without separators. The prefix is greedy,
# so digits run together leave the number its 4 digits; separated, it may have 5.
_CODE_RE = re.compile(r"(?<![0-9A-Z])([0-9A-Z]+)[-._ ]*([0-9]{6})[-._ ]*([0-9]{4,5})(?![0-9])")


def _normalise(text: str) -> str:
    return fold_vietnamese(text or "").upper()


def payment_memo(dossier_or_code) -> str:
    """The transfer memo for a dossier (or its code): ASCII, at most 25 characters."""
    code = getattr(dossier_or_code, "code", dossier_or_code)
    memo = re.sub(r"[^0-9A-Z-]", "", _normalise(code))
    if len(memo) > MEMO_MAX_LENGTH:
        prefix, day, number = memo.rsplit("-", 2)
        memo = f"{prefix[-(MEMO_MAX_LENGTH - len(day) - len(number) - 2) :]}-{day}-{number}"
    return clean_memo(memo)


def _valid_day(yymmdd: str) -> bool:
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31


def _matches(text: str) -> list[tuple[str, str, str]]:
    """(letters and digits before the date, date, number) of each code-like run in ``text``."""
    return [match.groups() for match in _CODE_RE.finditer(_normalise(text)) if _valid_day(match.group(2))]


def dossier_codes_in_memo(text: str) -> list[str]:
    """The dossier codes (``PREFIX-YYMMDD-NNNN``, upper-case) ``text`` may carry, most likely first.

    A prefix glued to a bank's text (``CT23098-...``) cannot be told from it, so every tail of
    what stands before the date, up to the longest prefix a memo carries, is a candidate.
    """
    codes: list[str] = []
    for run, day, number in _matches(text):
        for length in range(min(len(run), PREFIX_MAX_IN_MEMO), 0, -1):
            code = f"{run[-length:]}-{day}-{number}"
            if code not in codes:
                codes.append(code)
    return codes


def dossier_code_in_memo(text: str) -> str | None:
    """The most likely dossier code in ``text`` (the first of ``dossier_codes_in_memo``), or None."""
    codes = dossier_codes_in_memo(text)
    return codes[0] if codes else None


def dossier_for_memo(text: str, *, queryset=None):
    """The dossier whose memo ``text`` carries, or None (none found, or two equally likely).

    A dossier matches when the text has its date and number and, just before them, the prefix
    its memo carries (``payment_memo``); of two matches the longer prefix wins (``23098`` over
    ``3098`` in ``CT23098-...``).
    """
    from forms.models import Dossier

    matches = _matches(text)
    if not matches:
        return None
    queryset = Dossier.objects.all() if queryset is None else queryset
    # Date and number narrow the search to a handful of rows; prefixes are compared in Python.
    tails = "|".join(rf"{day}-{number}" for _run, day, number in matches)
    best: list = []
    best_length = 0
    for dossier in queryset.filter(code__iregex=rf"-({tails})$"):
        prefix, day, number = payment_memo(dossier.code).rsplit("-", 2)
        if not any(run.endswith(prefix) and (d, n) == (day, number) for run, d, n in matches):
            continue
        if len(prefix) > best_length:
            best, best_length = [dossier], len(prefix)
        elif len(prefix) == best_length:
            best.append(dossier)
    return best[0] if len(best) == 1 else None
