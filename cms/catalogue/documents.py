"""What each row of a procedure's "thành phần hồ sơ" asks of the citizen.

The national catalogue lists, in one table, papers to upload, papers only shown at the one-stop
counter, papers needed in a stated case, the online declaration itself and paragraphs of advice
("Lưu ý"). A submission flow must tell them apart: under Decree 61/2018/NĐ-CP (as amended by
Decree 107/2021/NĐ-CP) and Decree 45/2020/NĐ-CP on online procedures, a citizen uploads the papers
of the dossier, shows identity papers at the counter instead of handing copies in, and fills the
electronic declaration ("Mẫu … điện tử tương tác", Circular 01/2022/TT-BTP for civil status)
online instead of uploading it.

``classify_document`` is pure so that the importer and the data migration
``procedure_document_kind`` give the same answer; editors correct it in the admin.
"""

from __future__ import annotations

import re

# The values of ``cms.models.DocumentKind`` (kept free of Django so that the parser runs alone).
REQUIRED = "required"
CONDITIONAL = "conditional"
PRESENT = "present"
NOTE = "note"
EFORM = "eform"
KINDS = (REQUIRED, CONDITIONAL, PRESENT, NOTE, EFORM)

CONDITION_MAX = 500

# A list marker before the words that matter: "a)", "(iii)", "(1.3)", "I.", "2.", "-", "+", "*".
_MARKER = r"(?:\(?(?:[a-zđ]|[ivx]+|[IVX]+|\d+(?:\.\d+)*)[.)]\s*|[-–+*•·.]+\s*)*"
_CASE_WORDS = (
    r"(?:trường hợp|đối với trường hợp|đối với|nếu|khi"
    r"|tùy từng trường hợp|tuỳ từng trường hợp|ngoài ra, tùy từng trường hợp)"
)

NOTE_RE = re.compile(r"^" + _MARKER + r"lưu ý\b", re.IGNORECASE)
# "Mẫu hộ tịch điện tử tương tác đăng ký khai sinh", "Biểu mẫu điện tử tương tác …",
# "Phiếu này là biểu mẫu điện tử, công dân kê khai đối với trường hợp nộp hồ sơ trực tuyến."
EFORM_RE = re.compile(
    r"^" + _MARKER + r"(?:(?:biểu )?mẫu\b[^.;]{0,60}điện tử tương tác|phiếu này là biểu mẫu điện tử)", re.IGNORECASE
)
# "Trong đó cung cấp rõ số thuê bao …": the crawl cut a paper's description off its name.
CONTINUATION_RE = re.compile(r"^trong đó\b", re.IGNORECASE)
PRESENT_GROUP_RE = re.compile(r"^" + _MARKER + r"(?:các )?giấy tờ (?:phải |cần )?xuất trình\b", re.IGNORECASE)
PRESENT_NAME_RE = re.compile(r"^" + _MARKER + r"xuất trình\b(?! hoặc gửi)", re.IGNORECASE)
CASE_START_RE = re.compile(r"^" + _MARKER + r"\(?\s*" + _CASE_WORDS + r"\b", re.IGNORECASE)
# A condition inside the name: "… trong trường hợp ủy quyền …", "… (nếu có)."
INNER_CASE_RE = re.compile(r"(?:\btrong trường hợp|\bđối với trường hợp)\s+([^.;()]+)", re.IGNORECASE)
# Only a parenthesis that closes the name or its first sentence: "(nếu có)" inside a list of
# details ("địa chỉ thư điện tử (nếu có) và …") qualifies that detail, not the paper.
INNER_IF_RE = re.compile(r"\(\s*(?:[^()]*?,\s*)?(nếu [^()]+)\)\s*(?:[.;]|$)", re.IGNORECASE)
# Names that are a paper, not a sentence about papers (used for rows whose quantity is zero).
PAPER_RE = re.compile(
    r"^" + _MARKER + r"(?:\d+\s*)?(?:\(?\d+\)?\s*)?(?:một \(01\) |một hoặc một số |các )?"
    r"(?:tờ khai|giấy|bản|văn bản|đơn|hợp đồng|hóa đơn|hoá đơn|vận tải đơn|chứng từ|phiếu|quyết định|sổ|"
    r"biên bản|danh sách|bảng kê|công văn|báo cáo|thẻ|hộ chiếu|tài liệu|ảnh|bản đồ|trích lục|chứng chỉ|phụ lục)\b",
    re.IGNORECASE,
)
# Where a leading case clause ends: "Trường hợp trẻ em bị bỏ rơi thì phải có …".
CLAUSE_END_RE = re.compile(
    r",\s*(?:hồ sơ|kèm theo)\b|\s+thì\s|(?<!không)\s+phải\s|\s+nộp thêm\b|\s+gồm\b|\s+bao gồm\b"
    r"|:|;|\.\s|\.$|,\s+(?=[A-ZĐ])"
)


def is_zero_quantity(quantity: str) -> bool:
    """ "0 bản chính" or "0 bản chính, 0 bản sao": the catalogue asks for no copy of it."""
    return bool(quantity.strip()) and not re.search(r"[1-9]", quantity)


def classify_document(name: str, group: str = "", quantity: str = "") -> tuple[str, str]:
    """The kind of one catalogue row and, for a conditional one, the case it applies in.

    In order: a "Lưu ý" group or row is a note; the interactive electronic declaration is the
    online form (eform); a row ending with ":" that names no paper introduces a list and a row
    starting "Trong đó …" describes the paper above it, both notes; the group
    "Giấy tờ phải xuất trình" or a row starting "Xuất trình …" is shown at the counter (its
    zero-quantity rows are advice, notes); a zero-quantity row is a paper asked only when it
    exists (conditional) if it names a paper, else a note; a row stating its case ("Trường hợp
    …", "… trong trường hợp …", "(nếu …)") or a group stating one ("Đối với trường hợp …") is
    conditional; anything else is required of everyone.
    """
    name = " ".join((name or "").split())
    group = " ".join((group or "").split())
    if NOTE_RE.match(group) or NOTE_RE.match(name):
        return NOTE, ""
    if EFORM_RE.match(name):
        return EFORM, ""
    zero = is_zero_quantity(quantity or "")
    if CONTINUATION_RE.match(name) or (name.endswith(":") and (zero or not PAPER_RE.match(name))):
        return NOTE, ""
    if PRESENT_GROUP_RE.match(group) or PRESENT_NAME_RE.match(name):
        return (NOTE, "") if zero else (PRESENT, "")
    if zero:
        if PAPER_RE.match(name):
            return CONDITIONAL, _name_condition(name) or "Nếu có"
        return NOTE, ""
    condition = _name_condition(name)
    if condition:
        return CONDITIONAL, condition
    if CASE_START_RE.match(group):
        return CONDITIONAL, _clause(group)
    return REQUIRED, ""


def _name_condition(name: str) -> str:
    if CASE_START_RE.match(name):
        return _clause(name)
    match = INNER_CASE_RE.search(name)
    if match:
        return _sentence(f"Trường hợp {match.group(1)}")
    match = INNER_IF_RE.search(name)
    if match:
        return _sentence(match.group(1))
    return ""


def _strip_marker(text: str) -> str:
    return re.sub(r"^" + _MARKER, "", text).strip(" ()")


def _clause(text: str) -> str:
    """The leading case clause of ``text``, without its list marker and what follows "thì"."""
    text = _strip_marker(text)
    start = 0
    while True:
        match = CLAUSE_END_RE.search(text, start)
        if match is None:
            clause = text
            break
        clause = text[: match.start()]
        # "Trường hợp (1): Khai quyết toán …": a numbered case is named by what follows.
        if len(clause) > 20 or match.end() >= len(text):
            break
        start = match.end()
    return _sentence(clause)


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:.-")
    if len(text) > CONDITION_MAX:
        cut = text[: CONDITION_MAX - 1]
        text = cut[: cut.rfind(" ")] + "…" if " " in cut else cut + "…"
    return text[:1].upper() + text[1:]
