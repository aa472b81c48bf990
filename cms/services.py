"""Business actions of the cms app: importing procedures from the national catalogue."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from modelsearch.signal_handlers import post_save_signal_handler

from django.db import transaction
from django.db.models.signals import post_save
from django.utils.text import slugify

from wagtail.models import ReferenceIndex
from wagtail.search import index
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms.importer import ProcedureData, RecordError, parse_record, record_label
from cms.models import Agency, Audience, ProcedureDocument, ProcedureIndexPage, ProcedurePage, Sector

SLUG_MAX = 80

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


@dataclass
class ImportResult:
    """What one import run did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    skip_reasons: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"Đã tạo: {self.created}, cập nhật: {self.updated}, không đổi: {self.unchanged}, bỏ qua: {self.skipped}"


class ImportCache:
    """Snippets by name and slugs by parent, loaded once per run instead of once per record."""

    def __init__(self) -> None:
        self._snippets: dict[type, dict[str, object]] = {}
        self._slugs: dict[int, set[str]] = {}

    def snippet(self, model, name: str):
        """The snippet called ``name``, created if missing; "Công an cấp Xã" is "Công an cấp xã"."""
        by_key = self._snippets.get(model)
        if by_key is None:
            by_key = self._snippets[model] = {_name_key(obj.name): obj for obj in model.objects.all()}
        key = _name_key(name)
        obj = by_key.get(key)
        if obj is None:
            obj, _ = model.objects.get_or_create(name=name)
            by_key[key] = obj
        return obj

    def clear(self) -> None:
        # A rolled back record may have created snippets or slugs that no longer exist.
        self._snippets.clear()
        self._slugs.clear()

    def sibling_slugs(self, parent) -> set[str]:
        slugs = self._slugs.get(parent.pk)
        if slugs is None:
            slugs = self._slugs[parent.pk] = set(parent.get_children().values_list("slug", flat=True))
        return slugs


def _name_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def slug_for(title: str) -> str:
    """An ASCII slug of a Vietnamese title: diacritics dropped, đ → d, cut at a word boundary."""
    text = unicodedata.normalize("NFC", title).replace("đ", "d").replace("Đ", "D")
    slug = slugify(text)
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0]
    return slug or "thu-tuc"


def _unique_slug(title: str, code: str, taken: set[str]) -> str:
    base = slug_for(title)
    if base not in taken:
        return base
    # Same title under the same parent: the code tells them apart, and stays stable across runs.
    slug = f"{base}-{code.replace('.', '-')}"
    n = 2
    while slug in taken:
        slug, n = f"{base}-{code.replace('.', '-')}-{n}", n + 1
    return slug


def _stream(items, block_type: str, names: tuple[str, ...]) -> list[tuple[str, dict]]:
    return [(block_type, {name: getattr(item, name) for name in names}) for item in items]


def _stream_state(stream) -> list[tuple[str, dict]]:
    return [(item["type"], dict(item["value"])) for item in stream.raw_data]


def _document_state(documents) -> list[tuple]:
    return [(d.group, d.name, d.quantity, d.template_name, d.kind, d.condition) for d in documents]


def _wanted(data: ProcedureData, cache: ImportCache) -> dict:
    """The page state ``data`` asks for, limited to the fields its source provided."""
    provided = data.provided
    wanted: dict = {name: getattr(data, name) for name in SCALAR_FIELDS if name in provided}
    if "sector_name" in provided:
        wanted["sector"] = cache.snippet(Sector, data.sector_name) if data.sector_name else None
    if "agency_names" in provided:
        wanted["agencies"] = [cache.snippet(Agency, name) for name in data.agency_names]
    if "audience_names" in provided:
        wanted["audiences"] = [cache.snippet(Audience, name) for name in data.audience_names]
    if "steps" in provided:
        wanted["steps"] = _stream(data.steps, "step", ("title", "description"))
    if "channels" in provided:
        wanted["channels"] = _stream(data.channels, "channel", ("kind", "processing_time", "fee", "description"))
    if "legal_basis" in provided:
        wanted["legal_basis"] = _stream(data.legal_basis, "document", ("title", "number"))
    if "documents" in provided:
        wanted["documents"] = data.documents
    return wanted


def _differs(page: ProcedurePage, wanted: dict) -> bool:
    for name, value in wanted.items():
        if name == "sector":
            if page.sector_id != (value.pk if value else None):
                return True
        elif name in ("agencies", "audiences"):
            current = sorted(getattr(page, name).values_list("pk", flat=True))
            if current != sorted(obj.pk for obj in value):
                return True
        elif name in ("steps", "channels", "legal_basis"):
            if _stream_state(getattr(page, name)) != value:
                return True
        elif name == "documents":
            if _document_state(page.required_documents.all()) != _document_state(value):
                return True
        elif getattr(page, name) != value:
            return True
    return False


def _apply(page: ProcedurePage, wanted: dict) -> None:
    for name, value in wanted.items():
        if name == "documents":
            # Keep a template file an editor attached, as long as the document is still there.
            templates = {d.name: d.template_id for d in page.required_documents.all() if d.template_id}
            page.required_documents = [
                ProcedureDocument(
                    group=d.group,
                    name=d.name,
                    quantity=d.quantity[:255],
                    template_name=d.template_name,
                    kind=d.kind,
                    condition=d.condition,
                    template_id=templates.get(d.name),
                    sort_order=i,
                )
                for i, d in enumerate(value)
            ]
        else:
            setattr(page, name, value)


def procedure_upsert(
    *,
    data: ProcedureData,
    parent: ProcedureIndexPage,
    user=None,
    cache: ImportCache | None = None,
) -> tuple[ProcedurePage, bool]:
    """Create or update the procedure page with ``data.code`` and publish it through a revision.

    Idempotent by code: an existing page (wherever it lives) is updated in place, keeping its slug
    so that links keep working; a new page goes under ``parent`` with a slug made from its title
    (unique among its siblings). Fields the source did not provide keep their current value, and
    when nothing changed no revision is written. Returns the page and whether it was created.

    Runs in one transaction. ``cache`` lets a caller that upserts many procedures look snippets
    and sibling slugs up once (``procedures_import`` does).
    """
    with transaction.atomic():
        page, outcome = _upsert(data=data, parent=parent, user=user, cache=cache or ImportCache())
    return page, outcome == CREATED


CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def _upsert(*, data: ProcedureData, parent, user, cache: ImportCache) -> tuple[ProcedurePage, str]:
    # Every save below (page, revision, each document) would refresh the reference index on its
    # own; refreshing it once at the end gives the same index for a fraction of the queries.
    with disable_reference_index_auto_update():
        page, outcome = _write(data=data, parent=parent, user=user, cache=cache)
    if outcome != UNCHANGED:
        ReferenceIndex.create_or_update_for_object(page)
    return page, outcome


def _write(*, data: ProcedureData, parent, user, cache: ImportCache) -> tuple[ProcedurePage, str]:
    wanted = _wanted(data, cache)
    page = ProcedurePage.objects.filter(code=data.code).first()
    if page is None:
        taken = cache.sibling_slugs(parent)
        page = ProcedurePage(code=data.code, slug=_unique_slug(data.title, data.code, taken))
        # Plain fields first, relations after add_child: the relations are then written once, by
        # publish(), instead of once by add_child and again by publish.
        _apply(page, {k: v for k, v in wanted.items() if k in SCALAR_FIELDS or k == "sector"})
        parent.add_child(instance=page)
        taken.add(page.slug)
        _apply(page, {k: v for k, v in wanted.items() if k not in SCALAR_FIELDS and k != "sector"})
        outcome = CREATED
    elif _differs(page, wanted):
        _apply(page, wanted)
        outcome = UPDATED
    else:
        return page, UNCHANGED
    # The caller decides who may import; ``user`` is recorded as the author of the revision. A new
    # page was validated by add_child just before.
    revision = page.save_revision(user=user, log_action=True, clean=outcome != CREATED)
    revision.publish(user=user, skip_permission_checks=True)
    # publish() saved a copy restored from the revision: read the page back as it now is.
    return ProcedurePage.objects.get(pk=page.pk), outcome


def procedures_import(
    *,
    records: Iterable[dict],
    parent: ProcedureIndexPage,
    user=None,
    on_skip: Callable[[str], None] | None = None,
) -> ImportResult:
    """Import raw catalogue records (see ``cms.importer.read_records``) under ``parent``.

    Each record is parsed and upserted in its own transaction; a malformed record is skipped
    with one line naming it (line number, code) and saying why, and the others still import.
    """
    result = ImportResult()
    cache = ImportCache()
    with _admin_search_index_once_per_page() as index_page:
        for raw in records:
            _import_one(
                raw, parent=parent, user=user, cache=cache, result=result, on_skip=on_skip, index_page=index_page
            )
    return result


def _import_one(raw, *, parent, user, cache: ImportCache, result: ImportResult, on_skip, index_page) -> None:
    label = record_label(raw)
    try:
        data = parse_record(raw)
        with transaction.atomic():
            page, outcome = _upsert(data=data, parent=parent, user=user, cache=cache)
            if outcome != UNCHANGED:
                index_page(page)
    except RecordError as exc:
        _skip(result, on_skip, f"Bỏ qua {label}: {exc}")
        return
    except Exception as exc:
        # One record the database refuses must not stop the rest of the catalogue.
        cache.clear()
        reason = re.sub(r"\s+", " ", str(exc)).strip()[:200] or type(exc).__name__
        _skip(result, on_skip, f"Bỏ qua {label}: lỗi khi lưu ({reason})")
        return
    setattr(result, outcome, getattr(result, outcome) + 1)


@contextmanager
def _admin_search_index_once_per_page():
    """Index each imported page once in Wagtail's admin search instead of on each of its saves.

    add_child, save_revision and publish each save the page, and each save re-indexes it. While
    a batch runs, the post_save handler is disconnected for ProcedurePage and the caller indexes
    the page once; management commands run one batch per process, so no other save is missed.
    """
    disconnected = post_save.disconnect(post_save_signal_handler, sender=ProcedurePage)
    try:
        yield index.insert_or_update_object if disconnected else (lambda page: None)
    finally:
        if disconnected:
            post_save.connect(post_save_signal_handler, sender=ProcedurePage)


def _skip(result: ImportResult, on_skip: Callable[[str], None] | None, message: str) -> None:
    result.skipped += 1
    result.skip_reasons.append(message)
    if on_skip:
        on_skip(message)
