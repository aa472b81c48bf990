"""The fields an import writes, as plain comparable values, their fingerprints and their text.

An import compares three things per field: what the national record says, what the page holds
now, and what the import last wrote (its fingerprint, kept in ``ProcedureImportState``). Values
are JSON-friendly so that a proposal can keep the national value until an editor accepts it.
Names (sector, agencies, audiences) are compared by their normalised key, so "Công an cấp Xã"
and "Công an cấp xã" are the same value.
"""

from __future__ import annotations

import hashlib
import json

from cms.catalogue.agencies import agency_key
from cms.catalogue.documents import CONDITIONAL, EFORM, NOTE, PRESENT, REQUIRED

# ProcedureData fields copied as they are onto ProcedurePage fields of the same name.
SCALAR_FIELDS = (
    "title",
    "official_title",
    "processing_days",
    "processing_time",
    "fees",
    "conditions",
    "result",
    "service_level",
    "online_mode",
    "postal_submission",
    "postal_return",
    "national_portal_url",
    "decision_number",
    "procedure_type",
    "implementation_level",
    "receiving_address",
)
NAME_FIELDS = {"sector": "sector_name", "agencies": "agency_names", "audiences": "audience_names"}
# Page StreamField -> (block type, block value keys).
STREAM_FIELDS = {
    "steps": ("step", ("title", "description")),
    "channels": ("channel", ("kind", "processing_time", "fee", "description")),
    "legal_basis": ("document", ("title", "number")),
}
DOCUMENT_KEYS = ("group", "name", "quantity", "template_name", "kind", "condition")
FEE_KEYS = ("kind", "name", "amount", "unit", "case", "channel", "per_copy")
ALL_FIELDS = (*SCALAR_FIELDS, *NAME_FIELDS, *STREAM_FIELDS, "documents", "fee_items")

KIND_LABELS = {
    REQUIRED: "bắt buộc nộp",
    CONDITIONAL: "nộp trong trường hợp cụ thể",
    PRESENT: "chỉ xuất trình",
    NOTE: "lưu ý",
    EFORM: "tờ khai điện tử",
}


def national_values(data) -> dict[str, object]:
    """The values a parsed record (``cms.importer.ProcedureData``) gives, for the fields it provides."""
    provided = data.provided
    values: dict[str, object] = {name: getattr(data, name) for name in SCALAR_FIELDS if name in provided}
    for name, source in NAME_FIELDS.items():
        if source in provided:
            value = getattr(data, source)
            values[name] = value if name == "sector" else list(value)
    for name, (block, keys) in STREAM_FIELDS.items():
        if name in provided:
            values[name] = [[block, {key: getattr(item, key) for key in keys}] for item in getattr(data, name)]
    if "documents" in provided:
        values["documents"] = [
            {key: (getattr(d, key)[:255] if key == "quantity" else getattr(d, key)) for key in DOCUMENT_KEYS}
            for d in data.documents
        ]
    if "fee_items" in provided:
        values["fee_items"] = [
            {
                "kind": item.kind,
                "name": item.name[:255],
                "amount": item.amount,
                "unit": item.unit[:100],
                "case": item.case,
                "channel": item.channel,
                "per_copy": False,
            }
            for item in data.fee_items
        ]
    return values


def page_values(page, names) -> dict[str, object]:
    """The same values as the page holds them now."""
    values: dict[str, object] = {}
    for name in names:
        if name in SCALAR_FIELDS:
            values[name] = getattr(page, name)
        elif name == "sector":
            values[name] = page.sector.name if page.sector_id else ""
        elif name in NAME_FIELDS:
            values[name] = [obj.name for obj in getattr(page, name).all()]
        elif name in STREAM_FIELDS:
            values[name] = [[item["type"], dict(item["value"])] for item in getattr(page, name).raw_data]
        elif name == "documents":
            values[name] = [{key: getattr(d, key) for key in DOCUMENT_KEYS} for d in page.required_documents.all()]
        elif name == "fee_items":
            values[name] = [{key: getattr(item, key) for key in FEE_KEYS} for item in page.fee_items.all()]
    return values


def fingerprint(name: str, value) -> str:
    """A short hash of ``value`` that ignores what does not matter (name spelling, list order of names)."""
    if name == "sector":
        value = agency_key(value or "")
    elif name in NAME_FIELDS:
        value = sorted({agency_key(item) for item in value or []})
    elif name == "documents":
        value = [[document.get(key, "") for key in DOCUMENT_KEYS] for document in value or []]
    elif name == "fee_items":
        value = [[item.get(key, "") for key in FEE_KEYS] for item in value or []] or None
    elif value in ("", None, []):
        value = None
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def field_label(name: str) -> str:
    """The field's name as editors see it in the page editor ("Phí, lệ phí")."""
    from cms.models import ProcedurePage

    if name == "documents":
        label = "thành phần hồ sơ"
    elif name == "fee_items":
        label = "các khoản phí, lệ phí"
    else:
        label = str(ProcedurePage._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def field_text(name: str, value) -> str:
    """``value`` as readable text, one item a line, for the difference shown to editors."""
    if value in (None, "", []):
        return "(trống)"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if name in NAME_FIELDS and isinstance(value, list):
        return "\n".join(value)
    if name in STREAM_FIELDS:
        lines = []
        for _block, item in value:
            parts = [str(v) for v in item.values() if v not in (None, "")]
            lines.append(" – ".join(parts))
        return "\n".join(lines)
    if name == "documents":
        lines = []
        for document in value:
            line = f"- {document['name']}"
            if document.get("quantity"):
                line += f" ({document['quantity']})"
            line += f" [{KIND_LABELS.get(document.get('kind'), document.get('kind', ''))}]"
            if document.get("condition"):
                line += f" – {document['condition']}"
            lines.append(line)
        return "\n".join(lines)
    if name == "fee_items":
        return "\n".join(_fee_line(item) for item in value)
    return str(value)


def _fee_line(item: dict) -> str:
    from cms.models import FeeChannel, FeeKind

    amount = f"{item['amount']:,} đồng".replace(",", ".") if item["amount"] else "Miễn"
    line = f"- {item.get('name') or FeeKind(item['kind']).label}: {amount}"
    if item.get("unit"):
        line += f"/{item['unit']}"
    if item.get("channel"):
        line += f" [{FeeChannel(item['channel']).label}]"
    if item.get("case"):
        line += f" – {item['case']}"
    return line
