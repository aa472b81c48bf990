"""Fees as data: read the catalogue's "Phí, lệ phí" cells into items, and say what stays unread.

The national catalogue keeps fees in the flattened "cách thức thực hiện" table (one cell per
channel, re-split by ``cms.importer.parse_channels``): a head the portal's form produced
("Miễn phí", "70,000 VNĐ", "25,000 Việt Nam Đồng") and an optional free-text note in brackets.
Law 97/2015/QH13 on fees and charges (Luật Phí và lệ phí) separates *lệ phí* (a charge for a
State service, e.g. civil-status registration) from *phí* (a charge for a service with costs,
e.g. appraisal or copies); items keep that kind when the text names it.

Only amounts the text states plainly become items; everything else is reported for an editor:

- a head of "Miễn phí" (free) is an amount of zero, unless its note contradicts it: it names the
  provincial People's Council (Hội đồng nhân dân cấp tỉnh) as the one who sets the amount
  (Circular 85/2019/TT-BTC leaves most commune-level charges to it), cites a circular or law for
  the rate without an amount (e.g. 281/2016/TT-BTC for copies, 60/2023/TT-BTC for vehicle
  registration), or states an amount;
- the portal's form often dropped the thousands ("20 VNĐ (20.000 vnđ/tờ khai)"): a head under
  1,000 đồng is read as the note's amount only when that is exactly 1,000 times the head, and
  is reported otherwise;
- a note that states another amount than the head, a percentage (a temporary reduction),
  several amounts (tiers), a non-đồng currency, or a cell without information ("Không có thông
  tin") is reported;
- "Miễn lệ phí cho / đối với …", "Không thu lệ phí … đối với …" and "Không lệ phí trong trường
  hợp …" become zero items for that case.

Nothing here touches the database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from cms.importer import parse_channels

LE_PHI = "le_phi"
PHI = "phi"
UNSPECIFIED = "phi_le_phi"  # the portal's column is "Phí, lệ phí"; the text does not say which
KIND_LABELS = {LE_PHI: "Lệ phí", PHI: "Phí", UNSPECIFIED: "Phí, lệ phí"}
CHANNEL_LABELS = {"in_person": "Trực tiếp", "online": "Trực tuyến", "postal": "Dịch vụ bưu chính", "": "Mọi hình thức"}

# The smallest real fee is a few thousand đồng; a head below this lost its thousands.
MIN_PLAUSIBLE_AMOUNT = 1000

HEAD_FREE = "Miễn phí"
HEAD_AMOUNT_RE = re.compile(r"^(\d[\d.,]*)\s*(Việt Nam Đồng|VNĐ|VND|Đồng|đồng|USD)$")
NOTE_AMOUNT_RE = re.compile(
    r"(?<![\d.,/])(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:đồng|vnđ|vnd|đ)(?!\w)(?:\s*/\s*([^.;,()+]+))?",
    re.IGNORECASE,
)
NOTHING_NOTES = {
    "không",
    "không có",
    "không quy định",
    "chưa quy định",
    "không có thông tin",
    "không thu",
    "miễn phí",
    "miễn lệ phí",
}
# "trong" only as "trong trường hợp": "Miễn lệ phí đăng ký nuôi con nuôi trong nước đối với …" (2.001263)
# must not make "nước đối với …" the case.
EXEMPTION_RE = re.compile(
    r"(?:Miễn|Không thu|Không)\s+(?:lệ\s+)?phí(?:\s+[^.;]*?)?\s+(?:cho|đối với|trong(?=\s+trường\s+hợp))\s+(.+)",
    re.IGNORECASE,
)
COUNCIL_RE = re.compile(r"Hội đồng nhân dân|HĐND", re.IGNORECASE)
REFERENCE_RE = re.compile(
    r"Thông tư|Nghị định|Luật phí|mức thu|mức phí|theo quy định của Luật|áp dụng theo", re.IGNORECASE
)
CASE_START_RE = re.compile(r"^(?:[-+*]\s*)*(trường hợp|đối với|áp dụng (?:cho|đối với))\b", re.IGNORECASE)
NAME_START_RE = re.compile(r"^(?:[-+*]\s*)*(lệ phí|phí)\b", re.IGNORECASE)


@dataclass(frozen=True)
class FeeItem:
    """One amount due: kind, đồng, the case and channel it applies to ("" = every one)."""

    kind: str
    amount: int
    unit: str = ""
    case: str = ""
    channel: str = ""
    name: str = ""


@dataclass
class FeeReading:
    """The items read from one record, and what could not be read (Vietnamese, for editors)."""

    items: list[FeeItem] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    no_information: bool = False

    @property
    def complete(self) -> bool:
        """Every channel's fee was read into items, with nothing left for an editor."""
        return bool(self.items) and not self.problems


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").replace("\xa0", " ").strip()


def _dong(amount: int) -> str:
    """20000 → "20.000 đồng" (Vietnamese groups thousands with dots)."""
    return f"{amount:,} đồng".replace(",", ".")


def _amount(digits: str) -> int:
    return int(re.sub(r"[.,]", "", digits))


def _split_top_level(text: str, separator: str) -> list[str]:
    pieces, current, depth = [], [], 0
    index = 0
    while index < len(text):
        char = text[index]
        depth += char == "("
        depth -= char == ")" and depth > 0
        if depth == 0 and text.startswith(separator, index):
            pieces.append("".join(current))
            current = []
            index += len(separator)
            continue
        current.append(char)
        index += 1
    pieces.append("".join(current))
    return [piece.strip() for piece in pieces if piece.strip()]


def _head_and_note(cell: str) -> tuple[str, str]:
    """ "70,000 VNĐ (70.000 đồng/Giấy chứng nhận)" → ("70,000 VNĐ", "70.000 đồng/Giấy chứng nhận")."""
    match = re.match(r"^(.*?)\s*\((.*)\)\s*$", cell, re.DOTALL)
    if not match:
        return cell.strip(), ""
    note = match.group(2).strip()
    while note.startswith("(") and note.endswith(")"):
        note = note[1:-1].strip()
    return match.group(1).strip(), note


def _sentences(note: str) -> list[str]:
    # Sentences end at full stops and bullets; ";" separates the cases of one sentence.
    parts = re.split(r"(?<=\.)\s+|\s+-\s+|^\s*-\s+|\s+\+\s+", note)
    return [part.strip(" .;:-+") for part in parts if part and part.strip(" .;:-+")]


def _kind(text: str) -> str:
    lowered = text.lower()
    if "lệ phí" in lowered:
        return LE_PHI
    if re.search(r"(?<!\w)phí(?!\w)", lowered):
        return PHI
    return UNSPECIFIED


_CASE_EDGES = " .;:,-+"


def _clean_case(text: str) -> str:
    """A case as a citizen reads it: without the legal basis that follows it, the punctuation at
    its ends, and a bracket left open or closed by the sentence around it; a bracketed part of the
    case itself stays ("người có công với cách mạng (thân nhân liệt sĩ)")."""
    text = re.split(r"\s+(?:theo quy định|quy định tại|theo Thông tư|căn cứ)\b", text)[0].strip(_CASE_EDGES)
    while True:
        if _wrapped(text):
            text = text[1:-1].strip(_CASE_EDGES)
        elif text.startswith("(") and text.count("(") > text.count(")"):
            text = text[1:].strip(_CASE_EDGES)
        elif text.endswith(")") and text.count(")") > text.count("("):
            text = text[:-1].strip(_CASE_EDGES)
        else:
            return text


def _wrapped(text: str) -> bool:
    """Whether the bracket that opens ``text`` is the one that closes it: "(a (b))", not "(a) và (b)"."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return index == len(text) - 1
    return False


@dataclass
class _Cell:
    items: list[FeeItem]
    problems: list[str]
    empty: bool = False


def _read_cell(cell: str, channel: str) -> _Cell:
    """Read one channel's "Phí, lệ phí" cell (head and note); see the module docstring."""
    cell = _nfc(cell)
    if not cell:
        return _Cell([], [], empty=True)
    items: list[FeeItem] = []
    problems: list[str] = []
    heads = _split_top_level(cell, "; ")
    if len(heads) > 1:
        return _Cell([], [f"có nhiều mức thu trong một ô ({cell[:80]}…); cần biên tập viên nhập."])
    head, note = _head_and_note(cell)
    if head.lower() == "không có thông tin":
        return _Cell([], [], empty=True)

    head_amount: int | None = None
    if head == HEAD_FREE:
        head_amount = 0
    else:
        match = HEAD_AMOUNT_RE.match(head)
        if not match:
            return _Cell([], [f"không đọc được mức thu “{head[:60]}”."])
        if match.group(2) == "USD":
            return _Cell([], [f"mức thu tính bằng đô la Mỹ ({head}); cần quy ra đồng."])
        head_amount = _amount(match.group(1))

    kind = UNSPECIFIED
    unit = case = name = ""
    note_amounts: list[int] = []
    exemptions: list[FeeItem] = []
    if note.startswith("/"):
        unit = note[1:].strip(" .")
        note = ""
    for sentence in _sentences(note):
        if sentence.lower() in NOTHING_NOTES:
            continue
        exemption = EXEMPTION_RE.search(sentence)
        if exemption and not NOTE_AMOUNT_RE.search(sentence):
            kind_free = LE_PHI if "lệ phí" in sentence.lower() else UNSPECIFIED
            exemptions.append(FeeItem(kind=kind_free, amount=0, case=_clean_case(exemption.group(1)), channel=channel))
            continue
        if COUNCIL_RE.search(sentence):
            problems.append("mức thu do Hội đồng nhân dân cấp tỉnh quyết định; văn bản không ghi số tiền áp dụng ở xã.")
            continue
        if re.search(r"\d\s*%", sentence):
            problems.append(f"mức thu tính theo tỷ lệ phần trăm ({sentence[:80]}).")
            continue
        amounts = list(NOTE_AMOUNT_RE.finditer(sentence))
        if amounts:
            before = sentence[: amounts[0].start()].strip(" :")
            before = re.sub(r"\s*(?:thu|là|mức thu(?: lệ phí)?)\s*$", "", before, flags=re.IGNORECASE).strip(" :")
            if CASE_START_RE.match(before):
                case = case or _clean_case(before)
            elif NAME_START_RE.match(before):
                name = name or before.strip(" -+")
            kind = _kind(before or sentence) if kind == UNSPECIFIED else kind
            unit = unit or (amounts[0].group(2) or "").strip()
            note_amounts.extend(_amount(m.group(1)) for m in amounts)
            continue
        if REFERENCE_RE.search(sentence):
            problems.append(f"ghi mức thu theo văn bản khác, không ghi số tiền ({sentence[:80]}).")
            continue
        if CASE_START_RE.match(sentence) and not case:
            case = _clean_case(sentence)
            kind = _kind(sentence) if kind == UNSPECIFIED else kind

    distinct = sorted(set(note_amounts))
    if head_amount == 0:
        if distinct:
            problems.append(f"ô ghi “Miễn phí” nhưng ghi chú nêu mức thu {_dong(distinct[0])}.")
    elif len(distinct) > 1:
        problems.append(f"ghi chú nêu nhiều mức thu ({', '.join(_dong(a) for a in distinct)}).")
    elif distinct and distinct[0] != head_amount:
        if head_amount < MIN_PLAUSIBLE_AMOUNT and distinct[0] == head_amount * 1000:
            head_amount = distinct[0]
        else:
            problems.append(f"mức thu {_dong(head_amount)} khác với ghi chú ({_dong(distinct[0])}).")
    elif 0 < head_amount < MIN_PLAUSIBLE_AMOUNT:
        problems.append(f"mức thu {_dong(head_amount)} quá nhỏ, có lẽ thiếu chữ số; cần kiểm tra.")
    if not problems:
        items.append(FeeItem(kind=kind, amount=head_amount, unit=unit, case=case, channel=channel, name=name))
    if problems or head_amount:
        # Beside a free head an exemption says nothing more; beside an amount (or an unread
        # one) it is the case that pays nothing.
        items.extend(exemptions)
    return _Cell(items, problems)


def parse_fees(text: str) -> FeeReading:
    """Read the fee cells of a record's "cách thức thực hiện" text into items and problems.

    When every channel reads to the same items, the items apply to every channel (``channel``
    is ""); otherwise each item names its channel.
    """
    channels = parse_channels(text or "")
    reading = FeeReading()
    if not channels:
        reading.no_information = True
        reading.problems.append("Không tìm thấy bảng cách thức thực hiện, nên không có phí, lệ phí.")
        return reading
    cells = [(channel.kind, _read_cell(channel.fee, channel.kind)) for channel in channels]
    empty = [kind for kind, cell in cells if cell.empty]
    if len(empty) == len(cells):
        reading.no_information = True
        reading.problems.append("Văn bản không có thông tin về phí, lệ phí.")
        return reading
    for kind in empty:
        reading.problems.append(f"{CHANNEL_LABELS[kind]}: không có thông tin về phí, lệ phí.")
    read = [(kind, cell) for kind, cell in cells if not cell.empty]
    seen: dict[str, list[str]] = {}
    for kind, cell in read:
        for problem in cell.problems:
            seen.setdefault(problem, []).append(kind)
    for problem, kinds in seen.items():
        if len(kinds) == len(read):
            reading.problems.append(problem[:1].upper() + problem[1:])
        else:
            reading.problems.append(f"{', '.join(CHANNEL_LABELS[k] for k in kinds)}: {problem}")
    shared = [[_any_channel(item) for item in cell.items] for _, cell in read]
    if not empty and all(items == shared[0] for items in shared):
        reading.items = shared[0]
    else:
        reading.items = [item for _, cell in read for item in cell.items]
    return reading


def _any_channel(item: FeeItem) -> FeeItem:
    return FeeItem(kind=item.kind, amount=item.amount, unit=item.unit, case=item.case, name=item.name)


def record_fees(record: dict) -> FeeReading:
    """The fees of one catalogue record (its ``cach_thuc_thuc_hien`` field)."""
    return parse_fees(record.get("cach_thuc_thuc_hien") or "")
