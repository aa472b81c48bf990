"""Implementing agencies (cơ quan thực hiện) read from the catalogue, and only agencies.

The crawl's agency cell sometimes carries sentences of another section ("* Ghi đầy đủ lời chứng
theo mẫu quy định", "+ Không yêu cầu người yêu cầu chứng thực nộp …") and names cut at their
inner comma ("Bộ Văn hóa" / "Thể thao và Du lịch"). An agency name starts with the word of a
body or an office holder (Bộ, Cục, Sở, Ủy ban nhân dân, Công an, Chủ tịch …); a piece that does
not continues the name before it, and a piece that looks like a sentence is dropped.
"""

from __future__ import annotations

import re
import unicodedata

from cms.text import unit_name_case
from search.analysis import canonical

# First words of a body or an office holder in the national catalogue (lower case, canonical).
HEAD_WORDS = (
    "bộ",
    "cục",
    "tổng cục",
    "sở",
    "chi cục",
    "chi nhánh",
    "ủy ban",
    "ubnd",
    "hđnd",
    "công an",
    "phòng",
    "trung tâm",
    "ngân hàng",
    "thuế",
    "kho bạc",
    "hải quan",
    "cảng vụ",
    "tòa án",
    "viện",
    "văn phòng",
    "ban",
    "cơ quan",
    "các cơ quan",
    "chủ tịch",
    "thủ tướng",
    "hội đồng",
    "bảo hiểm",
    "biên phòng",
    "bộ đội",
    "tổ chức",
    "cơ sở",
    "người đứng đầu",
    "người có thẩm quyền",
    "giám đốc",
    "đơn vị",
    "thi hành án",
    "tổng công ty",
    "công ty",
    "kiểm toán",
    "mặt trận",
    "quỹ",
    "vụ",
    "thanh tra",
    "bộ phận",
    "doanh nghiệp",
    "đại diện",
    "chủ đầu tư",
    "công đoàn",
    "trường",
    "bệnh viện",
    "đồn",
    "trạm",
    "hạt kiểm lâm",
    "kiểm lâm",
    "cảnh sát",
    "lực lượng",
    "đội",
    "ủy ban nhân dân",
    "văn phòng đăng ký",
    "cấp",
    "khu quản lý",
)
_HEAD_RE = re.compile(r"^(?:các\s+)?(?:" + "|".join(sorted(map(re.escape, HEAD_WORDS), key=len, reverse=True)) + r")\b")
# Signs of a sentence rather than a name: a list bullet, a clause, an instruction.
_SENTENCE_RE = re.compile(r"^[*+•\-–]|:\s*$|\b(?:thì|nếu|phải|không yêu cầu|ghi rõ|đóng dấu)\b")
NAME_MAX = 255
_EMPTY = {"không có thông tin", "không có", "--", "-"}


def agency_key(name: str) -> str:
    """The key two spellings of one agency share: NFC, old tone placement, lower case, one space.

    "Công an cấp Xã" = "Công an cấp xã", "Uỷ ban nhân dân cấp xã" = "Ủy ban nhân dân cấp xã",
    "UBND cấp xã" = "Ủy ban nhân dân cấp xã".
    """
    text = canonical(" ".join(unicodedata.normalize("NFC", name).split())).strip(" .;,")
    text = re.sub(r"\bubnd\b", "ủy ban nhân dân", text)
    text = re.sub(r"\bhđnd\b", "hội đồng nhân dân", text)
    return re.sub(r"\s*-\s*", " - ", text)


def is_agency_name(name: str) -> bool:
    """Whether ``name`` reads as the name of a body or an office holder, not as a sentence."""
    key = agency_key(name)
    if not key or key in _EMPTY or len(name) > NAME_MAX:
        return False
    if _SENTENCE_RE.search(key.strip()) or name.strip()[:1] in "*+•-–":
        return False
    return bool(_HEAD_RE.match(key))


def agency_names(text: str) -> list[str]:
    """The agencies named in a catalogue cell: one a line, or separated by commas or semicolons.

    A piece in lower case or that does not start like an agency continues the one before it
    ("Bộ Văn hóa, Thể thao và Du lịch", "Thuế tỉnh, thành phố"); what still does not read as an
    agency is dropped.
    """
    names: list[str] = []
    for line in unicodedata.normalize("NFC", text or "").replace("\r", "").split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        merged: list[str] = []
        for piece in split_outside_brackets(line):
            piece = piece.strip(" .")
            if not piece:
                continue
            if merged and (piece[0].islower() or not _HEAD_RE.match(agency_key(piece))):
                merged[-1] = f"{merged[-1]}, {piece}"
            else:
                merged.append(piece)
        names.extend(merged)
    seen: set[str] = set()
    result = []
    for name in names:
        key = agency_key(name)
        if is_agency_name(name) and key not in seen:
            seen.add(key)
            # One rule for unit names (Decree 30/2020/NĐ-CP): "Công an cấp Xã" → "Công an cấp xã".
            result.append(unit_name_case(name))
    return result


def split_outside_brackets(line: str) -> list[str]:
    """Split one line on commas and semicolons outside parentheses: "A, B (x, y); C" → A, B (x, y), C."""
    pieces, current, depth = [], [], 0
    for char in line:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if char in ",;" and depth == 0:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    pieces.append("".join(current))
    return pieces


COMMUNE_RE = re.compile(r"cấp xã\b|\b(?:ủy ban nhân dân|công an) (?:xã|phường|thị trấn)\b")


def is_commune_level(*, level: str, agencies: list[str]) -> bool:
    """Whether a procedure is carried out at commune level (cấp xã).

    The crawl says so in ``cap_thuc_hien`` ("Cấp xã", "Cấp tỉnh, Cấp xã"); the portal's xlsx
    exports only name the implementing agencies ("Ủy ban nhân dân cấp xã", "Công an cấp Xã").
    """
    if level.strip():
        return "cấp xã" in canonical(level)
    return any(COMMUNE_RE.search(agency_key(name)) for name in agencies)
