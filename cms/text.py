"""Capitalisation of Vietnamese administrative unit names, in imported and configured text.

One rule, that of Decree 30/2020/NĐ-CP (Appendix II, capital letters in administrative documents):
the word for the level of an administrative unit (xã, phường, thị trấn, huyện, quận, thị xã,
thành phố, tỉnh; "cấp xã", "cấp tỉnh" …) is written in lower case after another word, inside a
name or a sentence ("Công an cấp xã", "Ủy ban nhân dân cấp tỉnh", "Cổng dịch vụ công xã Hàm Chính,
tỉnh Bình Thuận"), and takes a capital only where a name starts ("Xã Hàm Chính"). The proper name
after it keeps its own capitals, and "Ủy ban nhân dân" is written so wherever it stands.

The national catalogue and the list of administrative units write "Công an cấp Xã", "Bảo hiểm xã
hội cấp Tỉnh", "Ủy ban Nhân dân xã" or "Tỉnh Bình Thuận" in the middle of a line; the portal shows
them one way.
"""

import re
import unicodedata

# Longest first, so that "thị xã" is one level word and not "xã" after "thị".
_LEVEL_WORDS = r"thị\s+trấn|thị\s+xã|thành\s+phố|phường|huyện|quận|tỉnh|xã"
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
