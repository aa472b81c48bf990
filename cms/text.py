"""Capitalisation of Vietnamese administrative unit names, in imported and configured text.

One rule, that of Decree 30/2020/NĐ-CP (Appendix II, capital letters in administrative documents):
the word for the level of an administrative unit (xã, phường, thị trấn, đặc khu, huyện, quận, thị
xã, thành phố, tỉnh; "cấp xã", "cấp tỉnh" …) is written in lower case after another word, inside a
name or a sentence ("Công an cấp xã", "Ủy ban nhân dân cấp tỉnh", "Cổng dịch vụ công xã Hàm Chính,
tỉnh Bình Thuận"), and takes a capital only where a name starts ("Xã Hàm Chính"). The proper name
after it keeps its own capitals, and "Ủy ban nhân dân" is written so wherever it stands.

The national catalogue and the list of administrative units write "Công an cấp Xã", "Bảo hiểm xã
hội cấp Tỉnh", "Ủy ban Nhân dân xã" or "Tỉnh Bình Thuận" in the middle of a line; the portal shows
them one way.
"""

import re
import unicodedata

# Longest first, so that "thị xã" is one level word and not "xã" after "thị". "Đặc khu" is the
# special-zone unit at commune level of the 2025 reform (Law 72/2025/QH15 on local government).
_LEVEL_WORDS = r"thị\s+trấn|thị\s+xã|thành\s+phố|đặc\s+khu|phường|huyện|quận|tỉnh|xã"
_LEVEL = re.compile(
    rf"(?<!\w)(?<!tác\s)"  # "hợp tác xã" (a cooperative) is no unit
    rf"(?:cấp\s+(?:trung\s+ương|cơ\s+sở|bộ|huyện|tỉnh|xã)|{_LEVEL_WORDS})"
    r"(?!\w)(?!\s+(?:hội|ủy|uỷ|viên|đội)(?!\w))",  # xã hội, Tỉnh ủy, Huyện ủy, xã viên, Xã đội
    re.IGNORECASE,
)
_PEOPLES_COMMITTEE = re.compile(r"(?<!\w)(?:ủy|uỷ)(\s+)ban(\s+)nhân(\s+)dân(?!\w)", re.IGNORECASE)
# What may stand between the start of a name and its first word: spaces, quotes, brackets, bullets.
_OPENING = " \t\"'“‘([-–•*"


def unit_name_case(text: str, *, in_sentence: bool = False) -> str:
    """``text`` with the level words of administrative units in the one case the portal uses.

    A level word after another word is lower case ("Công an cấp Xã" → "Công an cấp xã", "UBND Xã
    Hàm Chính" → "UBND xã Hàm Chính"); one that starts the name, a line or a sentence gets a capital
    ("xã Hàm Chính" → "Xã Hàm Chính"), unless ``in_sentence`` says the name is itself written inside
    a sentence ("Cổng dịch vụ công " + "xã Hàm Chính"). Text written all in capitals stays as it is.
    Applying it twice changes nothing more.
    """
    if not text:
        return text
    text = unicodedata.normalize("NFC", text)
    if text.upper() == text:
        return text
    text = _PEOPLES_COMMITTEE.sub(lambda m: f"Ủy{m[1]}ban{m[2]}nhân{m[3]}dân", text)

    def recase(match: re.Match) -> str:
        word = match[0].lower()
        if not in_sentence and _starts_name(text, match.start()):
            return word[0].upper() + word[1:]
        return word

    return _LEVEL.sub(recase, text)


def _starts_name(text: str, position: int) -> bool:
    before = text[:position].rstrip(_OPENING)
    return not before or before.endswith(("\n", ".", "!", "?"))


# The level word a commune-level unit's name starts with (the list of units after the 2025 reform:
# "Xã Hàm Liêm", "Phường Tiến Thành", "Đặc khu Phú Quý"; "Thị trấn …" in older data).
_COMMUNE_LEVEL = re.compile(r"^\s*(?:thị\s+trấn|đặc\s+khu|phường|xã)\s+", re.IGNORECASE)


def unit_name_in_sentence(name: str) -> str:
    """A unit's name written inside a sentence: "Xã Hàm Liêm" → "xã Hàm Liêm", "Đặc khu Phú Quý" →
    "đặc khu Phú Quý" ("Cổng dịch vụ công " + it, "Ủy ban nhân dân " + it)."""
    return unit_name_case((name or "").strip(), in_sentence=True)


def committee_of(name: str) -> str:
    """The People's Committee of the unit ``name``: "Phường Tiến Thành" → "Ủy ban nhân dân phường
    Tiến Thành"; "Ủy ban nhân dân" alone for an empty name."""
    return f"Ủy ban nhân dân {unit_name_in_sentence(name)}".strip()


def unit_place_name(name: str) -> str:
    """The place name of a commune-level unit without its level word ("Xã Hàm Chính" → "Hàm
    Chính"), as the place and date line of official papers writes it (Decree 30/2020/NĐ-CP)."""
    name = unicodedata.normalize("NFC", name or "").strip()
    return _COMMUNE_LEVEL.sub("", name, count=1).strip()
