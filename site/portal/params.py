"""Numbers read from requests: one parser for every query parameter that becomes an integer.

``str.isdigit()`` says yes to "²", "①" and the Arabic-Indic digits, and ``int()`` then fails or
reads them as numbers; a value of a few thousand digits makes ``int()`` raise (Python caps the
conversion) or the database overflow. Only ASCII digits, at most ``MAX_DIGITS`` of them, within
the caller's bounds, are numbers here; anything else is "no number".
"""

from __future__ import annotations

from collections.abc import Sequence

# More than any page number, size or primary key the portal uses (bigint has 19 digits).
MAX_DIGITS = 18
_ASCII_DIGITS = frozenset("0123456789")


def parse_int(value: object, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """``value`` as an integer when it is ASCII digits within [minimum, maximum], else ``None``.

    Surrounding ASCII spaces are ignored; a sign, a decimal point, Unicode digits and values
    longer than ``MAX_DIGITS`` are not numbers. A list (duplicated query parameter, from
    ``QueryDict.getlist``) counts only when all its non-empty values agree.
    """
    if isinstance(value, Sequence) and not isinstance(value, str):
        found = {str(item).strip(" ") for item in value} - {""}
        if len(found) != 1:
            return None
        value = found.pop()
    if not isinstance(value, str):
        return None
    text = value.strip(" ")
    if not text or len(text) > MAX_DIGITS or not set(text) <= _ASCII_DIGITS:
        return None
    number = int(text)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        return None
    return number


def int_param(
    value: object, default: int | None = None, *, minimum: int | None = None, maximum: int | None = None
) -> int | None:
    """``value`` parsed as by ``parse_int``, or ``default`` when it is missing or not a number in range."""
    number = parse_int(value, minimum=minimum, maximum=maximum)
    return default if number is None else number
