"""Demo steps: the commune's procedures (through the national-catalogue importer) and their form templates."""

from __future__ import annotations

from pathlib import Path

from django.core.files import File

from wagtail.documents import get_document_model
from wagtail.utils.file import hash_filelike

from cms.demo.base import DemoContext
from cms.demo.form_templates import FORM_TEMPLATES, FormTemplate
from cms.importer import read_records
from cms.models import ProcedureDocument, ProcedurePage
from cms.services import procedures_import

DATA_DIR = Path(__file__).resolve().parent / "data"
PROCEDURES_FILE = DATA_DIR / "procedures.jsonl"


def import_procedures(context: DemoContext) -> None:
    """Create or update the demo procedures under /thu-tuc-hanh-chinh/ from ``data/procedures.jsonl``."""

    result = procedures_import(
        records=read_records(PROCEDURES_FILE), parent=context.procedure_index, user=None, on_skip=context.log
    )
    for what, value in (
        ("thủ tục mới", result.created),
        ("thủ tục cập nhật", result.updated),
        ("thủ tục không đổi", result.unchanged),
        ("thủ tục bỏ qua", result.skipped),
    ):
        if value:
            context.count(what, value)


def form_document(form: FormTemplate, context: DemoContext | None = None):
    """The library document of ``form``: found by title, then by file hash, else uploaded from the package."""
    document_model = get_document_model()
    document = document_model.objects.filter(title=form.title).order_by("pk").first()
    if document is None:
        with form.path.open("rb") as handle:
            document = document_model.objects.filter(file_hash=hash_filelike(handle)).order_by("pk").first()
    if document is None:
        with form.path.open("rb") as handle:
            document = document_model(title=form.title, file=File(handle, name=form.filename))
            document._set_document_file_metadata()
            document.save()
        if context is not None:
            context.count("mẫu đơn, tờ khai mới")
    return document


def _matches(row: ProcedureDocument, form: FormTemplate) -> bool:
    text = f"{row.name} {row.template_name}".lower()
    return any(phrase in text for phrase in form.phrases)


def _attach(page: ProcedurePage, form: FormTemplate, document, context: DemoContext) -> None:
    """Link ``document`` to the page's matching required documents, publishing one new revision if needed.

    Works on the latest revision so the editor's next edit keeps the link (the importer keeps it
    too); a page with a draft waiting is left alone rather than publishing someone's unfinished work.
    A template an editor chose is never replaced.
    """
    if page.has_unpublished_changes:
        context.log(f"Không gắn mẫu cho {page.code}: trang đang có bản nháp chưa xuất bản.")
        return
    draft = page.get_latest_revision_as_object()
    rows = list(draft.required_documents.all())
    changed = False
    for row in rows:
        if row.template_id is None and _matches(row, form):
            row.template = document
            changed = True
    if changed:
        # Assigning the list makes the relation in-memory, so the revision serialises these rows.
        draft.required_documents = rows
        draft.save_revision(log_action=True).publish()
        context.count("thủ tục được gắn mẫu")


def attach_form_templates(context: DemoContext) -> None:
    """Upload the shipped .docx forms once and link them to the required documents that name them."""
    for form in FORM_TEMPLATES:
        document = form_document(form, context)
        for page in ProcedurePage.objects.filter(code__in=form.codes).order_by("code"):
            _attach(page, form, document, context)
