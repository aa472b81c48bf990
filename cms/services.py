"""Business actions of the cms app: importing the national catalogue without undoing the commune's
work, and the proposed updates editors accept or dismiss.

The commune owns its procedure pages (issue 15). An import writes a field only while it still
holds what the import last wrote (``ProcedureImportState``); a field an editor changed is the
commune's, and a national change to it becomes a ``ProcedureUpdateProposal``. A page with a draft
or a moderation workflow in progress is left alone. Of two sources for one code, the richer
record (more fields: the crawl rather than an xlsx export) keeps the fields it wrote. New pages
are created only for procedures carried out at commune level, unless asked otherwise.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from modelsearch.signal_handlers import post_save_signal_handler

from django.db import models, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import ReferenceIndex, Revision
from wagtail.search import index
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms.catalogue.agencies import agency_key, is_commune_level
from cms.catalogue.fields import (
    NAME_FIELDS,
    SCALAR_FIELDS,
    STREAM_FIELDS,
    field_text,
    fingerprint,
    national_values,
    page_values,
)
from cms.importer import ALL_FIELDS as IMPORTER_FIELDS
from cms.importer import CatalogueFileError, ProcedureData, RecordError, parse_record, read_records, record_label
from cms.models import (
    Agency,
    Audience,
    CatalogueImport,
    ImportStatus,
    ProcedureDocument,
    ProcedureFee,
    ProcedureImportState,
    ProcedureIndexPage,
    ProcedurePage,
    ProcedureUpdateProposal,
    ProposalStatus,
    Sector,
)
from cms.text import unit_name_case
from forms.files.services import private_file_local_path
from forms.files.storage import private_storage

SLUG_MAX = 80

CREATED, UPDATED, PROPOSED, UNCHANGED = "created", "updated", "proposed", "unchanged"
HELD, OTHER_LEVEL, SKIPPED = "held", "other_level", "skipped"
OUTCOME_LABELS = {
    CREATED: "Tạo mới",
    UPDATED: "Cập nhật",
    PROPOSED: "Đề xuất cập nhật",
    UNCHANGED: "Không đổi",
    HELD: "Giữ nguyên (đang có bản nháp hoặc đang duyệt)",
    OTHER_LEVEL: "Không thuộc cấp xã",
    SKIPPED: "Bỏ qua do lỗi",
}
SNIPPET_MODELS = {"sector": Sector, "agencies": Agency, "audiences": Audience}
# Fields imports began to write after pages existed: what such a field holds on a page whose
# import state does not cover it was entered by an editor, not by an earlier import.
LATE_FIELDS = frozenset({"fee_items"})


@dataclass
class ImportResult:
    """What one import run did (or, for a dry run, would do)."""

    created: int = 0
    updated: int = 0
    proposed: int = 0
    unchanged: int = 0
    held: int = 0
    other_level: int = 0
    skipped: int = 0
    skip_reasons: list[str] = field(default_factory=list)
    details: list[dict] = field(default_factory=list)
    # Structured fees (issue 13): procedures whose items the text gave, and per procedure code
    # what it could not read ({"code", "title", "problems"}), for editors to enter by hand.
    fees_read: int = 0
    fees_left: list[dict] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [f"Đã tạo: {self.created}", f"cập nhật: {self.updated}", f"không đổi: {self.unchanged}"]
        if self.proposed:
            parts.append(f"đề xuất cập nhật: {self.proposed}")
        if self.held:
            parts.append(f"giữ nguyên vì đang có bản nháp hoặc đang duyệt: {self.held}")
        if self.other_level:
            parts.append(f"không tạo vì không thuộc cấp xã: {self.other_level}")
        parts.append(f"bỏ qua: {self.skipped}")
        return ", ".join(parts)

    def add(self, other: ImportResult) -> None:
        for name in (CREATED, UPDATED, PROPOSED, UNCHANGED, HELD, OTHER_LEVEL, SKIPPED):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.skip_reasons += other.skip_reasons
        self.details += other.details
        self.fees_read += other.fees_read
        self.fees_left += other.fees_left

    def fee_report(self) -> list[str]:
        """The fee figures, then one line per procedure whose fees were not read: code and problems."""
        if not (self.fees_read or self.fees_left):
            return []
        lines = [f"Phí, lệ phí: đọc được {self.fees_read} thủ tục, để biên tập viên nhập {len(self.fees_left)}."]
        lines += [f"  {row['code']}: {'; '.join(row['problems'])}" for row in self.fees_left]
        return lines

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in OUTCOME_LABELS}


class ImportCache:
    """Snippets by name and slugs by parent, loaded once per run instead of once per record."""

    def __init__(self) -> None:
        self._snippets: dict[type, dict[str, object]] = {}
        self._slugs: dict[int, set[str]] = {}

    def snippet(self, model, name: str):
        """The snippet called ``name``, created if missing; "UBND cấp Xã" is "Ủy ban nhân dân cấp xã"."""
        by_key = self._snippets.get(model)
        if by_key is None:
            by_key = self._snippets[model] = {}
            for obj in model.objects.order_by("pk"):
                by_key.setdefault(agency_key(obj.name), obj)
        key = agency_key(name)
        obj = by_key.get(key)
        if obj is None:
            if model is Agency:  # one rule for unit names (Decree 30/2020/NĐ-CP): "cấp Xã" → "cấp xã"
                name = unit_name_case(name)
            obj, _ = model.objects.get_or_create(name=name[:255])
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


def _apply(page: ProcedurePage, values: dict, cache: ImportCache) -> None:
    """Write plain values (see ``cms.catalogue.fields``) onto the page's fields."""
    for name, value in values.items():
        if name in SCALAR_FIELDS:
            setattr(page, name, value)
        elif name == "sector":
            page.sector = cache.snippet(Sector, value) if value else None
        elif name in NAME_FIELDS:
            setattr(page, name, [cache.snippet(SNIPPET_MODELS[name], item) for item in value])
        elif name in STREAM_FIELDS:
            setattr(page, name, [(block, dict(item)) for block, item in value])
        elif name == "documents":
            # Keep a template file an editor attached, as long as the document is still there.
            templates = {d.name: d.template_id for d in page.required_documents.all() if d.template_id}
            page.required_documents = [
                ProcedureDocument(**document, template_id=templates.get(document["name"]), sort_order=i)
                for i, document in enumerate(value)
            ]
        elif name == "fee_items":
            page.fee_items = [ProcedureFee(**item, sort_order=i) for i, item in enumerate(value)]


@dataclass
class Plan:
    """What an import does to one procedure: values to write, proposals to make, state to keep."""

    outcome: str
    page: ProcedurePage | None = None
    apply: dict = field(default_factory=dict)
    proposals: dict = field(default_factory=dict)
    state: dict | None = None  # the new ProcedureImportState.fields, when it changes
    rank: int = 0


def _rank(data: ProcedureData) -> int:
    # How rich a record is: the number of fields its source carries (crawl ≈ 23, xlsx export 4).
    return len(data.provided)


def _seen(name: str, value, rank: int) -> dict:
    """What the state keeps of a written value: its fingerprint and how rich its source was.

    An empty value ranks lowest, so that the crawl's "Không có thông tin" never takes away the
    agency an xlsx export named, and the export's agency is not undone by the next crawl.
    """
    return {"hash": fingerprint(name, value), "rank": 0 if value in (None, "", []) else rank}


def procedure_plan(*, data: ProcedureData, all_levels: bool = False) -> Plan:
    """Decide, without writing anything, what importing ``data`` does (see the module docstring).

    Per field: on a page that no import state covers, a page last published by an import (no
    user) is taken to hold what that import wrote (by the crawl if it has the crawl's portal
    link), while on a page an editor published every differing field is the commune's. A field
    written by a richer record than ``data`` (or by any record, when ``data`` leaves it empty)
    is kept. A field that still holds what the import wrote takes the new value; one an editor
    changed becomes a proposal when the national value changed too.
    """
    values = national_values(data)
    rank = _rank(data)
    page = ProcedurePage.objects.filter(code=data.code).select_related("sector").first()
    if page is None:
        if not all_levels and not is_commune_level(level=data.implementation_level, agencies=data.agency_names):
            return Plan(OTHER_LEVEL)
        state = {name: _seen(name, value, rank) for name, value in values.items()}
        return Plan(CREATED, apply=values, state=state, rank=rank)
    if page.has_unpublished_changes or page.locked or page.workflow_in_progress:
        return Plan(HELD, page=page)

    stored_state = ProcedureImportState.objects.filter(page=page).first()
    stored = dict(stored_state.fields) if stored_state else {}
    written_by_import = stored_state is not None or _last_published_by_import(page)
    # A page imported before import states existed: take what it holds as what the import wrote,
    # by the crawl when it has the crawl's portal link (an xlsx export has none).
    baseline_rank = len(IMPORTER_FIELDS) if stored_state is None and page.national_portal_url else 0
    current = page_values(page, values)
    plan = Plan(UNCHANGED, page=page, rank=rank)
    state = dict(stored)
    for name, value in values.items():
        new_hash, current_hash = fingerprint(name, value), fingerprint(name, current[name])
        mine = _seen(name, value, rank)
        seen = stored.get(name)
        if seen is None and written_by_import and not (name in LATE_FIELDS and current[name]):
            seen = state[name] = _seen(name, current[name], baseline_rank)
        if seen is None:  # a page an editor wrote, never imported: the commune's
            if current_hash == new_hash:
                state[name] = mine
            else:
                plan.proposals[name] = value
        elif mine["rank"] < seen["rank"]:
            continue  # a poorer source (or an empty value) never undoes what a richer one wrote
        elif current_hash == seen["hash"]:
            if current_hash != new_hash:
                plan.apply[name] = value
            state[name] = mine
        elif current_hash == new_hash:
            state[name] = mine  # the nation now says what the commune wrote
        elif new_hash != seen["hash"]:
            plan.proposals[name] = value  # both changed it: the commune's text stays, editors decide
    if plan.proposals:
        pending = {
            p.field: p.new_hash
            for p in ProcedureUpdateProposal.objects.filter(page=page, status=ProposalStatus.PENDING)
        }
        plan.proposals = {
            name: value for name, value in plan.proposals.items() if pending.get(name) != fingerprint(name, value)
        }
    if state != stored:
        plan.state = state
    if plan.apply:
        plan.outcome = UPDATED
    elif plan.proposals:
        plan.outcome = PROPOSED
    return plan


def _last_published_by_import(page: ProcedurePage) -> bool:
    # Pages imported before import states existed: their revisions have no user (the command).
    revision_id = page.live_revision_id or page.latest_revision_id
    if revision_id is None:
        return True
    return Revision.objects.filter(pk=revision_id, user__isnull=True).exists()


def procedure_upsert(
    *,
    data: ProcedureData,
    parent: ProcedureIndexPage,
    user=None,
    cache: ImportCache | None = None,
    all_levels: bool = True,
) -> tuple[ProcedurePage | None, bool]:
    """Import one procedure (see ``procedure_plan``) and publish what changed through a revision.

    Idempotent by code: an existing page (wherever it lives) is updated in place, keeping its slug
    so that links keep working; a new page goes under ``parent`` with a slug made from its title
    (unique among its siblings). When nothing changed no revision is written. Returns the page
    (``None`` for a procedure of another level, which is not created) and whether it was created.
    """
    with transaction.atomic():
        plan = _execute(data=data, parent=parent, user=user, cache=cache or ImportCache(), all_levels=all_levels)
    return plan.page, plan.outcome == CREATED


def _execute(*, data: ProcedureData, parent, user, cache: ImportCache, all_levels: bool) -> Plan:
    plan = procedure_plan(data=data, all_levels=all_levels)
    if plan.outcome in (HELD, OTHER_LEVEL):
        return plan
    # Every save below (page, revision, each document) would refresh the reference index on its
    # own; refreshing it once at the end gives the same index for a fraction of the queries.
    with disable_reference_index_auto_update():
        if plan.outcome == CREATED:
            plan.page = _create(data=data, plan=plan, parent=parent, user=user, cache=cache)
        elif plan.outcome == UPDATED:
            _apply(plan.page, plan.apply, cache)
            _publish(plan.page, user=user, clean=True)
            plan.page = ProcedurePage.objects.get(pk=plan.page.pk)
    if plan.outcome in (CREATED, UPDATED):
        ReferenceIndex.create_or_update_for_object(plan.page)
    if plan.state is not None:
        ProcedureImportState.objects.update_or_create(page=plan.page, defaults={"fields": plan.state})
    current = page_values(plan.page, plan.proposals) if plan.proposals else {}
    for name, value in plan.proposals.items():
        ProcedureUpdateProposal.objects.update_or_create(
            page=plan.page,
            field=name,
            status=ProposalStatus.PENDING,
            defaults={
                "old_text": field_text(name, current[name]),
                "new_text": field_text(name, value),
                "new_value": value,
                "new_hash": fingerprint(name, value),
                "rank": plan.rank,
            },
        )
    return plan


def _create(*, data: ProcedureData, plan: Plan, parent, user, cache: ImportCache) -> ProcedurePage:
    taken = cache.sibling_slugs(parent)
    page = ProcedurePage(code=data.code, slug=_unique_slug(data.title, data.code, taken))
    # Plain fields first, relations after add_child: the relations are then written once, by
    # publish(), instead of once by add_child and again by publish.
    first = {k: v for k, v in plan.apply.items() if k in SCALAR_FIELDS or k == "sector"}
    _apply(page, first, cache)
    parent.add_child(instance=page)
    taken.add(page.slug)
    _apply(page, {k: v for k, v in plan.apply.items() if k not in first}, cache)
    # A new page was validated by add_child just before.
    _publish(page, user=user, clean=False)
    return ProcedurePage.objects.get(pk=page.pk)


def _publish(page: ProcedurePage, *, user, clean: bool) -> None:
    # The caller decides who may import or accept; ``user`` is recorded as the revision's author.
    revision = page.save_revision(user=user, log_action=True, clean=clean)
    revision.publish(user=user, skip_permission_checks=True)


ProgressCallback = Callable[[int, int], None]


def procedures_import(
    *,
    records: Iterable[dict],
    parent: ProcedureIndexPage,
    user=None,
    on_skip: Callable[[str], None] | None = None,
    on_progress: ProgressCallback | None = None,
    total: int = 0,
    all_levels: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Import raw catalogue records (see ``cms.importer.read_records``) under ``parent``.

    Each record is parsed and imported in its own transaction; a malformed record is skipped with
    one line naming it (line number, code) and saying why, and the others still import. With
    ``dry_run`` nothing is written and the result says what would happen. ``on_progress`` is
    called with (records done, ``total``) every 25 records and at the end.
    """
    result = ImportResult()
    cache = ImportCache()
    done = 0
    with _admin_search_index_once_per_page() as index_page:
        for raw in records:
            _import_one(
                raw,
                parent=parent,
                user=user,
                cache=cache,
                result=result,
                on_skip=on_skip,
                index_page=index_page,
                all_levels=all_levels,
                dry_run=dry_run,
            )
            done += 1
            if on_progress and done % 25 == 0:
                on_progress(done, total)
    if on_progress:
        on_progress(done, total)
    return result


def _import_one(
    raw, *, parent, user, cache: ImportCache, result: ImportResult, on_skip, index_page, all_levels, dry_run
) -> None:
    label = record_label(raw)
    try:
        data = parse_record(raw)
        if dry_run:
            plan = procedure_plan(data=data, all_levels=all_levels)
        else:
            with transaction.atomic():
                plan = _execute(data=data, parent=parent, user=user, cache=cache, all_levels=all_levels)
                if plan.outcome in (CREATED, UPDATED):
                    index_page(plan.page)
    except RecordError as exc:
        _skip(result, on_skip, f"Bỏ qua {label}: {exc}")
        return
    except Exception as exc:
        # One record the database refuses must not stop the rest of the catalogue.
        cache.clear()
        reason = re.sub(r"\s+", " ", str(exc)).strip()[:200] or type(exc).__name__
        _skip(result, on_skip, f"Bỏ qua {label}: lỗi khi lưu ({reason})")
        return
    setattr(result, plan.outcome, getattr(result, plan.outcome) + 1)
    if "fee_items" in data.provided and plan.outcome != OTHER_LEVEL:
        if data.fee_items:
            result.fees_read += 1
        else:
            result.fees_left.append({"code": data.code, "title": data.title, "problems": data.fee_problems})
    result.details.append(
        {
            "code": data.code,
            "title": data.title,
            "outcome": plan.outcome,
            "fields": sorted(plan.apply if plan.outcome == UPDATED else plan.proposals),
            "page": plan.page.pk if plan.page else None,
        }
    )


@contextmanager
def _admin_search_index_once_per_page():
    """Index each imported page once in Wagtail's admin search instead of on each of its saves.

    add_child, save_revision and publish each save the page, and each save re-indexes it. While
    a batch runs, the post_save handler is disconnected for ProcedurePage and the caller indexes
    the page once; the command and the background worker run one batch at a time in their own
    process, so no other save is missed.
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


# --------------------------------------------------------------------------------------------
# Proposed updates


class ProposalError(ValueError):
    """A proposal that cannot be decided now; the message says why, in Vietnamese."""


class CatalogueImportError(ValueError):
    """An admin import that cannot go on now; the message says why, in Vietnamese."""


def proposal_accept(*, proposal: ProcedureUpdateProposal, user) -> ProcedurePage:
    """Write the national value of ``proposal`` onto its page and publish it as ``user``.

    Refused while the page has a draft or a workflow in progress: accepting would publish the
    editor's unfinished work along with it.
    """
    with transaction.atomic():
        proposal = ProcedureUpdateProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != ProposalStatus.PENDING:
            raise ProposalError("Đề xuất này đã được xử lý.")
        page = ProcedurePage.objects.get(pk=proposal.page_id)
        if page.has_unpublished_changes or page.workflow_in_progress:
            raise ProposalError(
                "Trang thủ tục đang có bản nháp hoặc đang chờ duyệt. "
                "Hãy xuất bản hoặc bỏ bản nháp trước khi nhận cập nhật."
            )
        with disable_reference_index_auto_update():
            _apply(page, {proposal.field: proposal.new_value}, ImportCache())
            _publish(page, user=user, clean=True)
        page = ProcedurePage.objects.get(pk=page.pk)
        ReferenceIndex.create_or_update_for_object(page)
        _remember(page, proposal)
        _decide(proposal, status=ProposalStatus.ACCEPTED, user=user)
    return page


def proposal_dismiss(*, proposal: ProcedureUpdateProposal, user) -> None:
    """Keep the commune's text: the same national value is not proposed again."""
    with transaction.atomic():
        proposal = ProcedureUpdateProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != ProposalStatus.PENDING:
            raise ProposalError("Đề xuất này đã được xử lý.")
        _remember(proposal.page, proposal)
        _decide(proposal, status=ProposalStatus.DISMISSED, user=user)


def _remember(page: ProcedurePage, proposal: ProcedureUpdateProposal) -> None:
    state, _ = ProcedureImportState.objects.get_or_create(page=page)
    state.fields = {**state.fields, proposal.field: _seen(proposal.field, proposal.new_value, proposal.rank)}
    state.save(update_fields=["fields", "updated_at"])


def _decide(proposal: ProcedureUpdateProposal, *, status: str, user) -> None:
    proposal.status = status
    proposal.decided_at = timezone.now()
    proposal.decided_by = user if getattr(user, "pk", None) else None
    proposal.save(update_fields=["status", "decided_at", "decided_by"])


# --------------------------------------------------------------------------------------------
# One-off clean-up of the agencies earlier imports created


@dataclass
class AgencyCleanup:
    """What ``agencies_cleanup`` merged and removed: (kept name, merged names) and removed names."""

    merged: list[tuple[str, list[str]]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    pages: int = 0


def agencies_cleanup(*, dry_run: bool = False) -> AgencyCleanup:
    """Merge agencies that are one body spelt differently and remove those that are sentences.

    Earlier imports made an agency of every comma-separated piece of the catalogue's cell
    ("* Ghi đầy đủ lời chứng theo mẫu quy định") and one per spelling ("Công an cấp Xã", "Công an
    cấp xã", "UBND cấp xã"). Duplicates move their procedures to the agency with most of them;
    junk is detached from its procedures and deleted. Changed live procedures are re-indexed.
    """
    from cms.catalogue.agencies import is_agency_name

    report = AgencyCleanup()
    through = ProcedurePage.agencies.through
    counts = {row["agency"]: row["n"] for row in through.objects.values("agency").annotate(n=models.Count("pk"))}
    groups: dict[str, list[Agency]] = {}
    for agency in Agency.objects.order_by("pk"):
        if is_agency_name(agency.name):
            groups.setdefault(agency_key(agency.name), []).append(agency)
        else:
            report.removed.append(agency.name)
    touched: set[int] = set()
    with transaction.atomic():
        for agencies in groups.values():
            if len(agencies) < 2:
                continue
            keeper = max(agencies, key=lambda a: (counts.get(a.pk, 0), -a.pk))
            others = [a for a in agencies if a.pk != keeper.pk]
            report.merged.append((keeper.name, [a.name for a in others]))
            if dry_run:
                continue
            for other in others:
                rows = through.objects.filter(agency=other)
                touched.update(rows.values_list("procedurepage_id", flat=True))
                already = set(through.objects.filter(agency=keeper).values_list("procedurepage_id", flat=True))
                rows.filter(procedurepage_id__in=already).delete()
                rows.update(agency=keeper)
                other.delete()
        if not dry_run and report.removed:
            junk = Agency.objects.filter(name__in=report.removed)
            touched.update(through.objects.filter(agency__in=junk).values_list("procedurepage_id", flat=True))
            junk.delete()
    report.merged.sort()
    report.pages = len(touched)
    if touched:
        from search.services import procedure_index_update

        for page in ProcedurePage.objects.live().filter(pk__in=touched):
            procedure_index_update(page=page)
    return report


# --------------------------------------------------------------------------------------------
# The admin import: an uploaded file, its dry run, then the apply, both in the background

IMPORT_MAX_BYTES = 50 * 1024 * 1024
IMPORT_SUFFIXES = (".jsonl", ".jsonl.gz", ".xlsx")
DETAILS_KEPT = 3000


def catalogue_import_start(*, upload, user, all_levels: bool = False) -> CatalogueImport:
    """Keep an uploaded catalogue file privately and queue its dry run (``catalogue_import_run``).

    Raises ``ValidationError`` for a file of another type or larger than 50 MB.
    """
    from django.core.exceptions import ValidationError
    from django.utils.text import get_valid_filename

    name = get_valid_filename(Path(upload.name).name) or "danh-muc.jsonl"
    if not name.lower().endswith(IMPORT_SUFFIXES):
        raise ValidationError("Chỉ nhận tệp .jsonl, .jsonl.gz hoặc .xlsx.")
    if upload.size > IMPORT_MAX_BYTES:
        raise ValidationError("Tệp lớn hơn 50 MB.")
    # In the private storage (the object storage on several machines, issue #17): the worker that
    # runs the import may be on another machine than the request that received the file.
    stored = private_storage.save(f"catalogue-imports/{uuid.uuid4().hex}/{name}", upload)
    run = CatalogueImport.objects.create(
        file_name=name, path=stored, all_levels=all_levels, created_by=user, status=ImportStatus.QUEUED
    )
    _enqueue(run, dry_run=True)
    return run


def catalogue_import_apply(*, run: CatalogueImport, user) -> CatalogueImport:
    """Queue the import of a previewed file; refused unless its dry run finished."""
    updated = CatalogueImport.objects.filter(pk=run.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.QUEUED, processed=0
    )
    if not updated:
        raise CatalogueImportError("Chỉ áp dụng được lượt nhập đã xem trước xong và chưa áp dụng.")
    run.refresh_from_db()
    _enqueue(run, dry_run=False)
    run.refresh_from_db()
    return run


def _enqueue(run: CatalogueImport, *, dry_run: bool) -> None:
    from cms.tasks import catalogue_import_task

    # The worker must see the row: enqueue once this transaction (if any) is committed.
    transaction.on_commit(lambda: catalogue_import_task.enqueue(run_id=run.pk, dry_run=dry_run))


def catalogue_import_run(*, run_id: int, dry_run: bool) -> None:
    """Run one admin import (or its dry run), recording progress and the outcome on the row.

    Called by the background worker (``cms.tasks``). The file's own problems (unreadable, a
    missing column) end the run as failed with the reader's one-line message.
    """
    run = CatalogueImport.objects.get(pk=run_id)
    CatalogueImport.objects.filter(pk=run_id).update(status=ImportStatus.RUNNING, processed=0, error="")
    try:
        with private_file_local_path(run.path) as path:
            records = list(read_records(path))
        parent = ProcedureIndexPage.objects.order_by("path").first()
        if parent is None:
            raise CatalogueFileError("Chưa có trang danh mục thủ tục hành chính để nhập vào.")
        CatalogueImport.objects.filter(pk=run_id).update(total=len(records))

        def progress(done: int, total: int) -> None:
            CatalogueImport.objects.filter(pk=run_id).update(processed=done)

        result = procedures_import(
            records=records,
            parent=parent,
            user=run.created_by,
            all_levels=run.all_levels,
            dry_run=dry_run,
            on_progress=progress,
            total=len(records),
        )
    except CatalogueFileError as exc:
        _finish(run_id, status=ImportStatus.FAILED, error=str(exc))
        return
    except Exception as exc:  # the run must end visibly, whatever happened
        _finish(run_id, status=ImportStatus.FAILED, error=f"Lỗi khi nhập: {str(exc)[:300]}")
        raise
    summary = {
        "counts": result.counts(),
        "text": str(result),
        "details": result.details[:DETAILS_KEPT],
        "skips": result.skip_reasons[:DETAILS_KEPT],
        "fees": {"read": result.fees_read, "left": result.fees_left[:DETAILS_KEPT]},
    }
    if dry_run:
        _finish(run_id, status=ImportStatus.PREVIEWED, preview=summary)
    else:
        _finish(run_id, status=ImportStatus.DONE, result=summary, finished_at=timezone.now())


def _finish(run_id: int, **fields) -> None:
    CatalogueImport.objects.filter(pk=run_id).update(**fields)


def procedures_unpublish_other_levels(*, dry_run: bool = False) -> list[ProcedurePage]:
    """Unpublish live procedures an import created that are not carried out at commune level.

    Earlier imports published every procedure of a ministry's export (lawyers, bankruptcy
    administrators …) as live pages of the commune portal. A page that a person has ever saved
    a revision of is kept: someone chose to have it. Returns the pages unpublished (or, with
    ``dry_run``, that would be).
    """
    edited = set(Revision.page_revisions.filter(user__isnull=False).values_list("object_id", flat=True).distinct())
    chosen = []
    for page in ProcedurePage.objects.live().prefetch_related("agencies").order_by("code"):
        if str(page.pk) in edited:
            continue
        agencies = [agency.name for agency in page.agencies.all()]
        if not is_commune_level(level=page.implementation_level, agencies=agencies):
            chosen.append(page)
    if not dry_run:
        for page in chosen:
            page.unpublish(log_action=True)
    return chosen
