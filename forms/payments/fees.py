"""The amount due for a dossier, computed from the procedure's fee items (``cms.ProcedureFee``).

A procedure's items may differ by channel (Circular 75/2022/TT-BTC: 7,000 đồng online, 10,000 at
the counter for a temporary residence) and by case ("miễn" for poor households is an item of
zero for that case). The citizen chooses the case that applies to them; an item without a case
applies to everyone unless a case-specific item of the same kind replaces it. Items charged per
copy are multiplied by the extra copies asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class DueLine:
    """One line of the amount due as the citizen reads it on the review step and the receipt."""

    label: str
    amount: int


@dataclass(frozen=True)
class AmountDue:
    """The total in đồng and the lines it is made of."""

    total: int
    lines: tuple[DueLine, ...]


def applicable_items(items: Iterable, *, channel: str) -> list:
    """The items of ``channel`` ("online", "postal", "in_person"), or the every-channel items if it has none."""
    items = list(items)
    own = [item for item in items if item.channel == channel]
    return own or [item for item in items if not item.channel]


def fee_cases(items: Iterable, *, channel: str) -> list[str]:
    """The cases the citizen chooses among, in catalogue order ("" is not one of them)."""
    cases: list[str] = []
    for item in applicable_items(items, channel=channel):
        if item.case and item.case not in cases:
            cases.append(item.case)
    return cases


def amount_due(*, items: Sequence, channel: str, case: str = "", extra_copies: int = 0) -> AmountDue:
    """The amount due for a dossier: the items of its channel and case, per-copy items times the copies.

    ``items`` are ``ProcedureFee`` rows (or anything with ``kind``, ``name``, ``amount``, ``unit``,
    ``case``, ``channel`` and ``per_copy``). An item of the chosen case replaces the general items
    of the same kind; with no case chosen only general items count.
    """
    if extra_copies < 0:
        raise ValueError("extra_copies must not be negative")
    chosen = [item for item in applicable_items(items, channel=channel) if not item.case or item.case == case]
    kinds_with_case = {item.kind for item in chosen if item.case}
    lines = []
    for item in chosen:
        if not item.case and item.kind in kinds_with_case:
            continue
        if item.per_copy:
            if extra_copies == 0:
                continue
            amount = item.amount * extra_copies
            label = f"{item.name or 'Phí cấp bản sao'} ({extra_copies} bản)"
        else:
            amount = item.amount
            label = item.name or _kind_label(item.kind)
        lines.append(DueLine(label=label, amount=amount))
    return AmountDue(total=sum(line.amount for line in lines), lines=tuple(lines))


def _kind_label(kind: str) -> str:
    from cms.models import FeeKind

    return FeeKind(kind).label if kind in FeeKind.values else "Phí, lệ phí"


def format_dong(amount: int) -> str:
    """ "70.000 đồng": Vietnamese thousands separator (a dot), as on every receipt."""
    return f"{amount:,} đồng".replace(",", ".")


# Dossier.channel → the fee item's channel (``cms.models.FeeChannel``).
SUBMISSION_FEE_CHANNELS = {"online": "online", "post": "postal", "counter": "in_person"}
NO_CASE_LABEL = "Không thuộc trường hợp nào trên"


def fee_channel(submission_channel: str) -> str:
    """The fee channel of a dossier sent by ``submission_channel`` ("online", "post", "counter")."""
    return SUBMISSION_FEE_CHANNELS[submission_channel]


def procedure_amount_due(
    *, procedure, submission_channel: str, case: str = "", extra_copies: int = 0, site=None
) -> AmountDue:
    """The amount due for a dossier of ``procedure``, read from its fee items in the database.

    With ``site`` (the commune the dossier is submitted to, issue #17) the commune's own fee items
    replace the catalogue's when it has any (``cms.selectors.procedure_fee_items``).
    Raises ``ValueError`` for a case that is not one of the procedure's cases for that channel (a
    posted form must not choose an item of another channel or a made-up case).
    """
    if site is not None:
        from cms.selectors import procedure_fee_items

        items = list(procedure_fee_items(procedure, site))
    else:
        items = list(procedure.fee_items.all())
    channel = fee_channel(submission_channel)
    if case and case not in fee_cases(items, channel=channel):
        raise ValueError("unknown fee case")
    return amount_due(items=items, channel=channel, case=case, extra_copies=extra_copies)
