"""Amounts in Vietnamese words, as a receipt writes them under the figure ("Bằng chữ: …").

Rules of written Vietnamese numbers: groups of three digits named nghìn, triệu, then tỷ (the count
of billions read as a number: "một nghìn hai trăm tỷ"); inside a group "mười" for 10-19, "mươi"
after 2-9 tens, "mốt" for a final 1 and "lăm" for a final 5 after "mươi"/"mười", "linh" for a
missing tens digit ("một trăm linh năm"); a group after the first says its zero hundreds ("một
triệu không trăm năm mươi nghìn").
"""

from __future__ import annotations

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
SCALES = ["", "nghìn", "triệu"]
BILLION = 1_000_000_000


def _group_words(number: int, *, leading: bool) -> list[str]:
    """Words for 0 < number < 1000; ``leading`` leaves out zero hundreds of the first group."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words: list[str] = []
    if hundreds or not leading:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(DIGITS[units])
    return words


def _below_billion(number: int, *, leading: bool) -> list[str]:
    words: list[str] = []
    for scale in (2, 1, 0):
        group = number // 1000**scale % 1000
        if group:
            words += _group_words(group, leading=leading and not words)
            if SCALES[scale]:
                words.append(SCALES[scale])
    return words


def _words(number: int, *, leading: bool = True) -> list[str]:
    # Above a billion the count of billions is read as a number of its own: "một nghìn hai trăm tỷ".
    if number >= BILLION:
        rest = number % BILLION
        return [*_words(number // BILLION, leading=leading), "tỷ", *_below_billion(rest, leading=False)]
    return _below_billion(number, leading=leading)


def amount_in_words(amount: int) -> str:
    """ "Hai mươi nghìn đồng" for 20000: the sentence a receipt prints, capitalised."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    words = _words(amount) if amount else [DIGITS[0]]
    sentence = " ".join([*words, "đồng"])
    return sentence[:1].upper() + sentence[1:]
