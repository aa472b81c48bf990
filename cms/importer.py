"""Parse the national procedure catalogue (DVCQG) into plain data, without touching the database.

Two sources exist (see data/tthc/SOURCES.md):

* JSON lines (``.jsonl`` or ``.jsonl.gz``), one crawled record a line, whose table cells were
  flattened without separators ("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1Miễn phí…").
  The parsers below re-split those tables into channels, documents and legal documents.
* The portal's own xlsx exports ("DANH SÁCH THỦ TỤC HÀNH CHÍNH"): code, name, issuing body,
  implementing agencies (one a line) and sector, with a title block above the header row.

``read_records`` turns a file into raw dicts (jsonl keys; xlsx rows mapped onto the same keys) and
``parse_record`` turns one raw dict into a ``ProcedureData``. A record that cannot become a
procedure raises ``RecordError`` with a one-line reason; everything else is best effort, because
the catalogue is messy and a partly parsed procedure is still useful to a citizen.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from cms.catalogue.agencies import agency_names, split_outside_brackets
from cms.catalogue.documents import REQUIRED, classify_document

EMPTY_MARKERS = {"không có thông tin", "không có", "--", "-"}
CODE_RE = re.compile(r"^\d\.\d{6}$")

CHANNEL_KINDS = {"Trực tiếp": "in_person", "Trực tuyến": "online", "Dịch vụ bưu chính": "postal"}
CHANNEL_LABELS = {"in_person": "Trực tiếp", "online": "Trực tuyến", "postal": "Dịch vụ bưu chính"}

ONLINE_FULL = "full"
ONLINE_PARTIAL = "partial"
ONLINE_NONE = "none"

# ProcedureData field -> the raw keys it is derived from. A field is "provided" by a record when
# at least one of its keys is present, so that a poorer source (an xlsx export) never blanks
# what a richer one (the jsonl crawl) imported before.
SOURCE_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("ten_thu_tuc",),
    "official_title": ("ten_thu_tuc",),
    "sector_name": ("linh_vuc",),
    "agency_names": ("co_quan_thuc_hien", "co_quan_co_tham_quyen"),
    "audience_names": ("doi_tuong_thuc_hien",),
    "steps": ("trinh_tu_thuc_hien",),
    "channels": ("cach_thuc_thuc_hien",),
    "documents": ("thanh_phan_ho_so",),
    "processing_days": ("cach_thuc_thuc_hien",),
    "processing_time": ("cach_thuc_thuc_hien",),
    "fees": ("cach_thuc_thuc_hien",),
    "fee_items": ("cach_thuc_thuc_hien",),
    "conditions": ("yeu_cau_dieu_kien",),
    "result": ("ket_qua_xu_ly",),
    "legal_basis": ("can_cu_phap_ly",),
    "service_level": ("cach_thuc_thuc_hien", "thanh_phan_ho_so"),
    "online_mode": ("cach_thuc_thuc_hien",),
    "postal_submission": ("cach_thuc_thuc_hien",),
    "postal_return": ("cach_thuc_thuc_hien",),
    "national_portal_url": ("detail_url",),
    "decision_number": ("so_quyet_dinh",),
    "procedure_type": ("loai_thu_tuc",),
    "implementation_level": ("cap_thuc_hien",),
    "receiving_address": ("dia_chi_tiep_nhan",),
}
ALL_FIELDS = frozenset(SOURCE_KEYS)
TEXT_KEYS = sorted({key for keys in SOURCE_KEYS.values() for key in keys} | {"ma_thu_tuc"})

TITLE_MAX = 255


class RecordError(ValueError):
    """A record that cannot become a procedure; the message is one line saying why."""


@dataclass(frozen=True)
class Step:
    """One step of the procedure (trình tự thực hiện); title is "Bước N" or empty."""

    title: str
    description: str


@dataclass(frozen=True)
class Channel:
    """One way to submit (cách thức thực hiện): kind in_person / online / postal, time, fee, note."""

    kind: str
    processing_time: str
    fee: str
    description: str


@dataclass(frozen=True)
class Document:
    """One required document (thành phần hồ sơ), with the heading of its table as ``group``.

    ``kind`` and ``condition`` say what the row asks of the citizen (see
    ``cms.catalogue.documents.classify_document``).
    """

    name: str
    quantity: str = ""
    template_name: str = ""
    group: str = ""
    kind: str = REQUIRED
    condition: str = ""

    @property
    def is_required(self) -> bool:
        return self.kind == REQUIRED


@dataclass(frozen=True)
class LegalDocument:
    """One legal document of the procedure's legal basis (căn cứ pháp lý)."""

    title: str
    number: str = ""


@dataclass
class ProcedureData:
    """One procedure as plain data, ready for ``cms.services.procedure_upsert``.

    ``provided`` names the fields the source actually carried (all of them by default); the
    upsert leaves the other fields of an existing page alone.
    """

    code: str
    title: str
    official_title: str = ""
    sector_name: str = ""
    agency_names: list[str] = field(default_factory=list)
    audience_names: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    processing_days: int | None = None
    processing_time: str = ""
    fees: str = ""
    # Structured fees (``cms.catalogue.fees``): filled only when every cell was read plainly;
    # ``fee_problems`` says what an editor must read instead.
    fee_items: list = field(default_factory=list)
    fee_problems: list[str] = field(default_factory=list)
    conditions: str = ""
    result: str = ""
    legal_basis: list[LegalDocument] = field(default_factory=list)
    service_level: int = 1
    online_mode: str = ONLINE_NONE
    postal_submission: bool = False
    postal_return: bool = False
    national_portal_url: str = ""
    decision_number: str = ""
    procedure_type: str = ""
    implementation_level: str = ""
    receiving_address: str = ""
    provided: frozenset[str] = ALL_FIELDS


# --------------------------------------------------------------------------------------------
# Reading files


class CatalogueFileError(ValueError):
    """A file that cannot be read as a catalogue; the message is one Vietnamese line naming it."""


def read_records(path: str | Path) -> Iterator[dict]:
    """Yield the raw records of a ``.jsonl``, ``.jsonl.gz`` or ``.xlsx`` file.

    Every dict carries ``_line`` (line or sheet row number). A line that is not valid JSON is
    yielded as ``{"_line": n, "_error": reason}`` so that the caller can report and skip it;
    ``parse_record`` raises ``RecordError`` for it. A file that cannot be read at all (another
    format, random bytes, a truncated archive, an xlsx without its "Mã số" or "Tên" column)
    raises ``CatalogueFileError`` with one line saying which file and why.
    """
    path = Path(path)
    try:
        yield from _records(path)
    except CatalogueFileError:
        raise
    except UnicodeDecodeError as exc:
        raise CatalogueFileError(_unreadable(path, "nội dung không phải văn bản UTF-8")) from exc
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise CatalogueFileError(_unreadable(path, "tệp nén .gz bị hỏng hoặc không trọn vẹn")) from exc
    except (zipfile.BadZipFile, KeyError) as exc:
        raise CatalogueFileError(_unreadable(path, "không phải tệp Excel .xlsx hợp lệ")) from exc
    except OSError as exc:
        raise CatalogueFileError(_unreadable(path, exc.strerror or "lỗi đọc tệp")) from exc


def _unreadable(path: Path, reason: str) -> str:
    return f"Không đọc được tệp {path.name}: {reason}."


def _records(path: Path) -> Iterator[dict]:
    name = path.name.lower()
    if name.endswith(".xlsx"):
        yield from _read_xlsx(path)
    elif name.endswith((".jsonl.gz", ".json.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            yield from _read_jsonl(handle)
    elif name.endswith((".jsonl", ".json", ".ndjson")):
        with path.open(encoding="utf-8") as handle:
            yield from _read_jsonl(handle)
    else:
        raise CatalogueFileError(_unreadable(path, "chỉ hỗ trợ .jsonl, .jsonl.gz và .xlsx"))


def _read_jsonl(handle) -> Iterator[dict]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield {"_line": number, "_error": f"dòng không phải JSON hợp lệ ({exc.msg})"}
            continue
        if isinstance(value, dict):
            yield {**value, "_line": number}
        else:
            yield {"_line": number, "_error": "bản ghi không phải đối tượng JSON"}


XLSX_COLUMNS = {
    "mã số": "ma_thu_tuc",
    "mã thủ tục": "ma_thu_tuc",
    "tên": "ten_thu_tuc",
    "tên thủ tục": "ten_thu_tuc",
    "cơ quan thực hiện": "co_quan_thuc_hien",
    "lĩnh vực": "linh_vuc",
}


# The export's title block takes a dozen rows; a sheet without the header row by then has none.
XLSX_HEADER_SEARCH_ROWS = 30


def _read_xlsx(path: Path) -> Iterator[dict]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except InvalidFileException as exc:
        raise CatalogueFileError(_unreadable(path, "không phải tệp Excel .xlsx hợp lệ")) from exc
    header_found = False
    try:
        for sheet in workbook.worksheets:
            columns: dict[int, str] | None = None
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = ["" if value is None else value for value in row]
                if columns is None:
                    # The export puts a title block ("CỘNG HÒA XÃ HỘI …") above the header row.
                    labels = {i: clean_text(str(v)).lower() for i, v in enumerate(cells)}
                    found = {i: XLSX_COLUMNS[label] for i, label in labels.items() if label in XLSX_COLUMNS}
                    if "ma_thu_tuc" in found.values() and "ten_thu_tuc" in found.values():
                        columns = found
                        header_found = True
                    elif number >= XLSX_HEADER_SEARCH_ROWS:
                        break
                    continue
                if not any(str(v).strip() for v in cells):
                    continue
                record: dict = {"_line": number, "_sheet": sheet.title}
                for i, key in columns.items():
                    value = cells[i] if i < len(cells) else ""
                    if isinstance(value, float) and key == "ma_thu_tuc":
                        value = f"{value:.6f}"  # a code typed as a number lost its trailing zeros
                    record[key] = str(value)
                yield record
    finally:
        workbook.close()
    if not header_found:
        raise CatalogueFileError(_unreadable(path, "không có dòng tiêu đề với cột «Mã số» và cột «Tên» (tên thủ tục)"))


# --------------------------------------------------------------------------------------------
# Small text helpers


def clean_text(text: str | None) -> str:
    """Normalise to NFC, trim each line, drop blank lines and the "Không có thông tin" marker."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text)).replace("\xa0", " ").replace("\r", "")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(line for line in lines if line)
    if text.lower().strip(" .") in EMPTY_MARKERS:
        return ""
    return text


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", clean_text(text)).strip()


def split_names(text: str) -> list[str]:
    """Split "A, B (x, y), C" on commas outside parentheses (and on new lines).

    A piece that starts with a lower-case letter continues the previous name, so that
    "Cán bộ, công chức, viên chức" or "Thuế tỉnh, thành phố" stay whole.
    """
    names: list[str] = []
    for line in clean_text(text).split("\n"):
        pieces = split_outside_brackets(line)
        merged: list[str] = []
        for piece in (p.strip() for p in pieces):
            if not piece:
                continue
            if merged and piece[0].islower():
                merged[-1] = f"{merged[-1]}, {piece}"
            else:
                merged.append(piece)
        names.extend(merged)
    seen: set[str] = set()
    result = []
    for name in names:
        name = re.sub(r"\s+", " ", name).strip(" .")[:255]
        if name and name.lower() not in EMPTY_MARKERS and name not in seen:
            seen.add(name)
            result.append(name)
    return result


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary so that it fits in ``limit`` characters, ending with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + "…"


def _balanced_end(text: str, start: int) -> int:
    """Index just after the parenthesis group opening at ``start`` (or the text end if unclosed)."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


# --------------------------------------------------------------------------------------------
# Channels: "Hình thức nộpThời gianPhí, lệ phíMô tả" + (kind, time, fee, description)*

CHANNEL_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
_KIND = r"(Trực tiếp|Trực tuyến|Dịch vụ bưu chính)"
_UNIT = r"(?:Ngày làm việc|Ngày|Giờ làm việc|Giờ|Tháng|Năm|Tuần|Phút)"
_CURRENCY = r"(?:Việt Nam Đồng|VNĐ|VND|Đồng|đồng|USD)"
# A kind starts a row only when glued to its time cell, which starts with a digit or a capital:
# "Trực tuyến1Miễn phí", "Trực tiếp7 Ngày…", "Trực tuyếnKhông phải trả kết quả…". Descriptions
# say "Trực tiếp tại …", "Trực tuyến: …" or "nộp trực tuyến", with a separator or in lower case.
KIND_RE = re.compile(_KIND)
TIME_RE = re.compile(
    r"(?:\d+(?:[.,]\d+)?\s*" + _UNIT + r"|Không có thông tin|Không quy định"
    r"|\d+(?:[.,]\d+)?(?![\d.,]|\s*" + _CURRENCY + r"))"
)
FEE_FIRST_RE = re.compile(r"(?:Miễn phí|Không có thông tin|Không quy định|\d[\d.,]*\s*" + _CURRENCY + ")")
FEE_MORE_RE = re.compile(r"(?:\d[\d.,]*\s*" + _CURRENCY + ")")
GLUED_TIME_FEE_RE = re.compile(r"\d\d[\d.,]*\s*" + _CURRENCY)
DAYS_RE = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(Ngày làm việc|Ngày|Giờ làm việc|Giờ|Tháng|Năm|Tuần|Phút)?$", re.IGNORECASE)


def _unwrap(text: str) -> str:
    """Drop parentheses around the whole text: "((áp dụng …))" → "áp dụng …"."""
    while text.startswith("(") and _balanced_end(text, 0) == len(text):
        text = text[1:-1].strip()
    return text


def _fee_items(text: str, pos: int) -> tuple[list[str], int]:
    items: list[str] = []
    pattern = FEE_FIRST_RE
    while True:
        match = pattern.match(text, pos)
        if not match:
            break
        item = match.group(0)
        pos = match.end()
        if pos < len(text) and text[pos] == "(":
            end = _balanced_end(text, pos)
            note = _unwrap(text[pos + 1 : end - 1].strip())
            pos = end
            if note:
                item = f"{item} ({note})"
        items.append(item)
        pattern = FEE_MORE_RE
    return items, pos


def _format_time(raw: str) -> str:
    raw = clean_text(raw).rstrip(".")
    if raw.lower() == "không":
        return ""
    if raw.lower() == "không quy định":
        return "Không quy định"
    match = DAYS_RE.match(raw)
    if not match:
        return raw
    number, unit = match.groups()
    return f"{number} {(unit or 'ngày').lower()}"


def _starts_cell(char: str) -> bool:
    return char.isdigit() or char.isupper()


def parse_channels(text: str) -> list[Channel]:
    """Re-split the flattened "cách thức thực hiện" table into channels."""
    text = unicodedata.normalize("NFC", text or "").strip()
    if text.startswith(CHANNEL_HEADER):
        text = text[len(CHANNEL_HEADER) :]
    starts = [m for m in KIND_RE.finditer(text) if m.end() < len(text) and _starts_cell(text[m.end()])]
    channels = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        pos = match.end()
        time_match = TIME_RE.match(text, pos)
        time_raw = ""
        if time_match:
            time_raw, pos = time_match.group(0), time_match.end()
        elif GLUED_TIME_FEE_RE.match(text, pos):
            # The portal never leaves the time cell empty: in "Trực tuyến120 VNĐ(20.000 vnđ/tờ
            # khai)" the first digit is the time (1 day) and the rest the fee.
            time_raw, pos = text[pos], pos + 1
        else:
            # A free-text time cell ("Không phải trả kết quả…"): it runs up to the fee cell.
            fee_match = FEE_FIRST_RE.search(text, pos, end)
            if fee_match:
                time_raw, pos = text[pos : fee_match.start()], fee_match.start()
        fees, pos = _fee_items(text[:end], pos)
        fee = "; ".join(clean_text(f) for f in fees if clean_text(f))
        description = clean_text(text[pos:end])
        description = _unwrap(description)
        channels.append(
            Channel(
                kind=CHANNEL_KINDS[match.group(1)],
                processing_time=_format_time(time_raw),
                fee=fee,
                description=description,
            )
        )
    return channels


def channel_days(processing_time: str) -> int | None:
    """Working days of one channel's time: days as written (a part of one rounded up), hours
    rounded up to 8-hour days, a week five working days.

    Months and years are not converted (a month is not a fixed number of working days), nor is
    "Không quy định"; they give ``None``.
    """
    match = DAYS_RE.match(processing_time.strip())
    if not match:
        return None
    number = float(match.group(1).replace(",", "."))
    unit = (match.group(2) or "ngày").lower()
    # A part of a day is rounded up, never down: the counter has until the end of that working
    # day, and a due date earlier than the law's would mark a dossier late that is not.
    if unit.startswith("ngày"):
        return math.ceil(number) if number >= 1 else None
    if unit.startswith("giờ"):
        # Rounded up on the hours as written: "8,5 giờ" is two working days, not one.
        return math.ceil(number / 8) if number >= 8 else None
    if unit == "tuần":
        return math.ceil(number * 5)
    return None


def _summarise(channels: list[Channel], attribute: str) -> str:
    values = [getattr(c, attribute) for c in channels]
    distinct = list(dict.fromkeys(v for v in values if v))
    if not distinct:
        return ""
    if len(distinct) == 1:
        return distinct[0]
    parts = []
    for channel in channels:
        value = getattr(channel, attribute)
        if value:
            part = f"{CHANNEL_LABELS[channel.kind]}: {value}"
            if part not in parts:
                parts.append(part)
    return "; ".join(parts)


# --------------------------------------------------------------------------------------------
# Documents: [group heading] "Tên giấy tờMẫu đơn, tờ khaiSố lượng" (name [template] quantity)*

DOCUMENT_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
# Quantities are one digit when glued to a digit ("…TT-BTC1 bản chính", "Mẫu 021 bản chính").
QUANTITY_RE = re.compile(
    r"(?:(?<=\d)\d|(?<!\d)\d{1,2}) bản (?:chính|sao)(?:\s*,\s*\d{1,2} bản (?:chính|sao))?"
    r"|(?<=[^\W\d_])\d{1,2} bản (?:chính|sao)"
)
TEMPLATE_EXT_RE = re.compile(r"\.(docx?|pdf|xlsx?|rtf|odt|ods|zip|rar)$", re.IGNORECASE)


def _template_start(segment: str) -> int | None:
    """Where the template file name begins in "name+file" text glued without a separator.

    Strong signs: a non-space character glued after ")", ";", ":", "”" or a sentence "." (not
    after a digit: "40.2024" is a number and "1.Mau…" a numbered file name). Weaker: a
    lower-case letter glued to an upper-case one ("sảnMau 03") or an acronym glued to a
    capitalised word ("NĐ-CPMus06"). The last strong sign wins, else the first weak one.
    """
    strong, weak = None, None
    for i in range(1, len(segment)):
        prev, char = segment[i - 1], segment[i]
        if char.isspace() or not char.isalnum():
            continue
        if prev in ');:”"]':
            strong = i
        elif prev == "." and not (i >= 2 and segment[i - 2].isdigit()):
            strong = i
        elif weak is None and prev.islower() and char.isupper():
            weak = i
        elif (
            weak is None
            and prev.isupper()
            and char.isupper()
            and i + 1 < len(segment)
            and segment[i + 1].islower()
            and i >= 2
            and (segment[i - 2].isupper() or segment[i - 2] == "-")
        ):
            weak = i
    return strong if strong is not None else weak


def _split_template(row: str) -> tuple[str, str]:
    match = TEMPLATE_EXT_RE.search(row)
    if not match:
        return row, ""
    stem = row[: match.start()]
    start = _template_start(stem)
    if start is None or match.start() - start < 2:
        return row, ""
    return row[:start], row[start:]


def _clean_document_name(text: str) -> str:
    text = one_line(text)
    text = re.sub(r"^[\s\-–+*•·]+", "", text)
    return text.strip(" ;,")


def _clean_group(text: str) -> str:
    text = one_line(text)
    text = re.sub(r"^[\s\-–+*•·]+", "", text).strip(" :")
    if not text or text.lower() in EMPTY_MARKERS or text in {"Thành phần hồ sơ", "Thành phần hồ sơ gồm"}:
        return ""
    return shorten(text, 500)


def _document(text: str, quantity: str, group: str) -> Document | None:
    name, template = _split_template(text.strip())
    name = _clean_document_name(name)
    if not name:
        return None
    quantity = one_line(quantity).replace(",", ", ").replace(",  ", ", ")
    kind, condition = classify_document(name, group, quantity)
    return Document(
        name=name,
        quantity=quantity,
        template_name=one_line(template)[:255],
        group=group,
        kind=kind,
        condition=condition,
    )


def parse_documents(text: str) -> list[Document]:
    """Re-split the flattened "thành phần hồ sơ" tables, one group per table, into documents."""
    text = unicodedata.normalize("NFC", text or "")
    if DOCUMENT_HEADER not in text:
        return []
    segments = text.split(DOCUMENT_HEADER)
    group = _clean_group(segments[0])
    documents: list[Document] = []
    for index, segment in enumerate(segments[1:], start=1):
        last = index == len(segments) - 1
        pos = 0
        for match in QUANTITY_RE.finditer(segment):
            document = _document(segment[pos : match.start()], match.group(0), group)
            if document:
                documents.append(document)
            pos = match.end()
        tail = segment[pos:]
        if last:
            document = _document(tail, "", group)
            if document:
                documents.append(document)
        else:
            # Whatever follows the last row of a table is the heading of the next table.
            group = _clean_group(tail)
    return documents


# --------------------------------------------------------------------------------------------
# Legal basis: "Tên văn bản pháp lýMã văn bản" + (title number)*

LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
# "40/2025/TT-BTC", "51/2005/QH11", "190/2025/NQ-QH15", "9354/QĐ-BCA-C06", "1109/QĐ-BTC".
# Digits follow letters only in a National Assembly session ("QH11") or a unit code ("C06"), so
# the number stops before the digits of the next number glued to it ("NĐ-CP126/2020/NĐ-CP").
_NUMBER_PART = r"(?:[A-ZĐ]*QH\d{2}|[A-Z]\d{2}(?!\d)|[A-ZĐ]+)"
LEGAL_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?/(?:\d{4}/)?" + _NUMBER_PART + r"(?:-" + _NUMBER_PART + r")*")
# A number cell written "Luật 47/2014/QH13" leaves "Luật" glued to the end of the title.
DOC_TYPE_TAIL_RE = re.compile(r"(?<=[^\W\d_])(?:Luật|Nghị định|Thông tư|Quyết định|Nghị quyết)(?: số)?\s*$")
_VOWELS = set("AĂÂEÊIOÔƠUƯY")
_TITLE_WORDS = {"ngày", "của", "về", "năm", "và", "sửa", "quy", "hướng", "ban", "được", "tại", "theo"}
_ONSETS = {"Ch", "Gh", "Gi", "Kh", "Ng", "Nh", "Ph", "Qu", "Th", "Tr"}


def _base(char: str) -> str:
    return unicodedata.normalize("NFD", char)[0].upper()


def _trim_number(number: str, following: str) -> str:
    """Give back the capital that starts the next title ("…TT-BTCThông tư" → "TT-BTC")."""
    if number.endswith("LU") and following.startswith("ẬT"):
        return number[:-2]  # "…NĐ-CPLUẬT Bảo hiểm xã hội"
    if not following or not following[0].islower() or not number[-1].isalpha():
        return number
    last = number[-1]
    if re.match(r"[^\W\d_]+", following).group(0) in _TITLE_WORDS:
        return number
    if _base(last) in _VOWELS or last + following[0] in _ONSETS or _base(following[0]) in _VOWELS:
        return number[:-1].rstrip("-")
    return number


def _split_glued_number(title_part: str, start: int, number: str) -> tuple[int, str]:
    """Give the title back a year that ran into the number ("… Doanh nghiệp 202076/2025/QH15")."""
    lead = number.split("/")[0].split(".")[0]
    if len(lead) >= 5 and lead[:2] in {"19", "20"}:
        return start + 4, number[4:]
    return start, number


def parse_legal_basis(text: str) -> list[LegalDocument]:
    """Re-split the flattened "căn cứ pháp lý" table into (title, number) pairs.

    The number cell is glued to the end of its title cell ("…đường bộ60/2023/TT-BTC") and to the
    start of the next title, whereas numbers inside a title stand after a space ("Luật số
    43/2024/QH15 ngày …"). So a number ends an item when it is glued on at least one side.
    """
    text = unicodedata.normalize("NFC", text or "").strip()
    if text.startswith(LEGAL_HEADER):
        text = text[len(LEGAL_HEADER) :]
    if not clean_text(text):
        return []
    items: list[LegalDocument] = []
    pos = 0
    for match in LEGAL_NUMBER_RE.finditer(text):
        start = match.start()
        number = _trim_number(match.group(0), text[match.end() : match.end() + 12])
        end = start + len(number)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else ""
        glued_before = not before.isspace() and before not in "(“\"'"
        # Glued to a following digit means "title number" + "number cell": the next match ends it.
        # A glued capital starts the next title; a glued lower-case word ("…TT-BCAngày") is a typo
        # inside the title.
        glued_after = after == "" or after.isupper()
        if start < pos or after.isdigit() or not (glued_before or glued_after):
            continue
        start, number = _split_glued_number(text[pos:start], start, number)
        title = DOC_TYPE_TAIL_RE.sub("", one_line(text[pos:start])).strip(" ;,")
        items.append(LegalDocument(title=shorten(title or number, 1000), number=number[:255]))
        pos = end
    rest = one_line(text[pos:]).strip(" ;,")
    if rest:
        items.append(LegalDocument(title=shorten(rest, 1000), number=""))
    return items


# --------------------------------------------------------------------------------------------
# Steps and result

STEP_RE = re.compile(r"(?:^|(?<=[\s.;:]))(Bước\s*\d+)\s*[:.\-–]?\s*", re.IGNORECASE)


def parse_steps(text: str) -> list[Step]:
    """Split "Bước 1: … Bước 2: …" into steps; text without step markers is one untitled step."""
    text = clean_text(text)
    if not text:
        return []
    matches = list(STEP_RE.finditer(text))
    if not matches:
        return [Step(title="", description=text)]
    steps = []
    preamble = text[: matches[0].start()].strip()
    # A bare list marker ("a)", "+") before "Bước 1" is not a step of its own.
    if len(re.findall(r"\w", preamble)) > 3:
        steps.append(Step(title="", description=preamble))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        description = text[match.end() : end].strip()
        title = re.sub(r"\s+", " ", match.group(1)).capitalize()
        if description:
            steps.append(Step(title=title, description=description))
    return steps


RESULT_NOISE_RE = re.compile(r"Từ khóa.*$|Chọn cơ quan thực hiện.*$", re.DOTALL)
RESULT_CODE_RE = re.compile(r"Mã:\s*KQ(?:\.[A-Z]?\d+)+")


def parse_result(text: str) -> str:
    """The result(s) of a procedure, one a line, without the portal's "Mã: KQ…" codes and UI text."""
    text = unicodedata.normalize("NFC", text or "")
    text = RESULT_NOISE_RE.sub("", text)
    items = [clean_text(part) for part in RESULT_CODE_RE.split(text)]
    return "\n".join(dict.fromkeys(item for item in items if item))


# --------------------------------------------------------------------------------------------
# The record


POSTAL_RETURN_RE = re.compile(r"(trả|nhận)\s+kết quả[^.;\n]{0,60}bưu chính", re.IGNORECASE)


def online_mode_for(title: str, channels: list[Channel]) -> str:
    """Decree 42/2022 online scope, derived from the channels since the crawl lacks the flag.

    * no online channel → ``none``;
    * an online channel and either the name says "toàn trình" or online is the only way to
      submit (no counter, no post) → ``full``: the whole procedure is done online;
    * any other online channel → ``partial``: the dossier can be sent online but the citizen
      still comes to the counter (originals, fee or result).
    """
    kinds = {c.kind for c in channels}
    if "online" not in kinds:
        return ONLINE_NONE
    folded = re.sub(r"\s+", " ", title.lower())
    if "toàn trình" in folded or kinds == {"online"}:
        return ONLINE_FULL
    return ONLINE_PARTIAL


def service_level_for(online_mode: str, documents: list[Document]) -> int:
    """Service level 1–4 as in DESIGN.md: 4 full online, 3 partial online, 2 forms to download, 1."""
    if online_mode == ONLINE_FULL:
        return 4
    if online_mode == ONLINE_PARTIAL:
        return 3
    if any(d.template_name for d in documents):
        return 2
    return 1


def normalise_code(value) -> str:
    return re.sub(r"\s+", "", str(value or ""))


def parse_record(raw: dict) -> ProcedureData:
    """Turn one raw record (jsonl object or xlsx row) into a ``ProcedureData``.

    Raises ``RecordError`` when the record is not an object, has no code or name, or its code is
    not of the catalogue's shape ("1.001193").

    A "Dịch vụ bưu chính" channel sets both ``postal_submission`` and ``postal_return``: under
    Decision 45/2016/QĐ-TTg the public postal service (BCCI) carries the dossier in and the
    result back, and the catalogue has one channel row for both. ``postal_return`` is also set
    when a description says the result is returned by post.
    """
    if not isinstance(raw, dict):
        raise RecordError("bản ghi không phải đối tượng JSON")
    if raw.get("_error"):
        raise RecordError(raw["_error"])
    code = normalise_code(raw.get("ma_thu_tuc"))
    if not code:
        raise RecordError("thiếu mã thủ tục (ma_thu_tuc)")
    for key in TEXT_KEYS:
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise RecordError(f"trường {key} phải là chuỗi văn bản, không phải {type(raw[key]).__name__}")
    if not CODE_RE.match(code):
        raise RecordError(f"mã thủ tục «{shorten(code, 40)}» không đúng dạng 1.001193")
    full_title = one_line(raw.get("ten_thu_tuc") or "")
    if not full_title:
        raise RecordError("thiếu tên thủ tục (ten_thu_tuc)")

    provided = frozenset(name for name, keys in SOURCE_KEYS.items() if any(k in raw for k in keys))

    channels = parse_channels(raw.get("cach_thuc_thuc_hien", ""))
    documents = parse_documents(raw.get("thanh_phan_ho_so", ""))
    days = [d for d in (channel_days(c.processing_time) for c in channels) if d is not None]
    online_mode = online_mode_for(full_title, channels)
    postal = any(c.kind == "postal" for c in channels)
    postal_return = postal or any(POSTAL_RETURN_RE.search(c.description) for c in channels)

    agencies = agency_names(raw.get("co_quan_thuc_hien", ""))
    if not agencies:
        agencies = agency_names(raw.get("co_quan_co_tham_quyen", ""))

    url = clean_text(raw.get("detail_url", ""))
    fee_items, fee_problems = _fee_reading(raw)
    return ProcedureData(
        code=code,
        title=shorten(full_title, TITLE_MAX),
        official_title=full_title,
        sector_name=shorten(one_line(raw.get("linh_vuc", "")), 255),
        agency_names=agencies,
        audience_names=split_names(raw.get("doi_tuong_thuc_hien", "")),
        steps=parse_steps(raw.get("trinh_tu_thuc_hien", "")),
        channels=channels,
        documents=documents,
        # The slowest channel: a citizen is never promised a date the office may not meet.
        processing_days=max(days) if days else None,
        processing_time=shorten(_summarise(channels, "processing_time"), 500),
        fees=_summarise(channels, "fee"),
        fee_items=fee_items,
        fee_problems=fee_problems,
        conditions=clean_text(raw.get("yeu_cau_dieu_kien", "")),
        result=parse_result(raw.get("ket_qua_xu_ly", "")),
        legal_basis=parse_legal_basis(raw.get("can_cu_phap_ly", "")),
        service_level=service_level_for(online_mode, documents),
        online_mode=online_mode,
        postal_submission=postal,
        postal_return=bool(postal_return),
        national_portal_url=url[:500] if url.startswith(("http://", "https://")) else "",
        decision_number=shorten(one_line(raw.get("so_quyet_dinh", "")), 255),
        procedure_type=shorten(one_line(raw.get("loai_thu_tuc", "")), 255),
        implementation_level=shorten(one_line(raw.get("cap_thuc_hien", "")), 255),
        receiving_address=clean_text(raw.get("dia_chi_tiep_nhan", "")),
        provided=provided,
    )


def _fee_reading(raw: dict) -> tuple[list, list[str]]:
    """The fee items of a record when its text states every amount plainly, else none, and the problems.

    A partial reading is not written: a channel left without items would read as free of charge
    in the wizard, so an editor enters the items of such a procedure.
    """
    from cms.catalogue.fees import record_fees  # it reads channels with this module's parser

    if "cach_thuc_thuc_hien" not in raw:
        return [], []
    reading = record_fees(raw)
    if not reading.complete:
        return [], list(reading.problems) or ["không đọc được mức thu."]
    return [_without_channel_case(item) for item in reading.items], []


# "Trường hợp công dân nộp hồ sơ qua cổng dịch vụ công trực tuyến" beside the online item only
# restates its channel; kept as a case, the citizen would have to choose it to owe anything.
CHANNEL_CASE_WORDS = {"online": ("trực tuyến",), "in_person": ("trực tiếp",), "postal": ("bưu chính",)}


def _without_channel_case(item):
    words = CHANNEL_CASE_WORDS.get(item.channel, ())
    case = item.case.lower()
    if case and "nộp hồ sơ" in case and any(word in case for word in words):
        return replace(item, case="")
    return item


def record_label(raw) -> str:
    """How to name a raw record in a skip message: its line and, when readable, its code."""
    if not isinstance(raw, dict):
        return "bản ghi"
    parts = []
    if raw.get("_line"):
        sheet = f" ({raw['_sheet']})" if raw.get("_sheet") else ""
        parts.append(f"dòng {raw['_line']}{sheet}")
    code = normalise_code(raw.get("ma_thu_tuc"))
    if code:
        parts.append(f"mã {shorten(code, 40)}")
    return ", ".join(parts) or "bản ghi"
