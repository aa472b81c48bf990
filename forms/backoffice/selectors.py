"""Reads of the counter's back office: filter choices, the dossier search, Mẫu 01's table prefilled,
the statements and the lines waiting for a reconciliation decision."""

import re
from collections import Counter

from django.db.models import Count, Q, QuerySet

from cms.communes import staff_site_ids
from cms.models import ProcedurePage, Sector
from forms.communes import site_condition
from forms.intake.documents import DocumentKind, document_slots
from forms.intake.fields import ID_NUMBER_RE, normalize_phone
from forms.models import AttachmentKind, BankStatement, DocumentForm, Dossier, LineDecision, StatementLine
from forms.tracking.selectors import normalize_dossier_code
from search.analysis import fold


def dossier_procedures(*, dossiers: QuerySet[Dossier] | None = None) -> list[tuple[str, str]]:
    """(code, title) of the procedures that have dossiers (among ``dossiers``: the user's communes'),
    for the back office's filter."""
    dossiers = Dossier.objects.all() if dossiers is None else dossiers
    return list(dossiers.order_by("procedure_code").values_list("procedure_code", "procedure_title").distinct())


def dossier_sectors(*, dossiers: QuerySet[Dossier] | None = None) -> QuerySet[Sector]:
    """The sectors whose procedures have dossiers (among ``dossiers``: the user's communes'), by name,
    for the back office's filter."""
    if dossiers is None:
        return Sector.objects.filter(procedures__dossiers__isnull=False).distinct().order_by("name")
    return Sector.objects.filter(pk__in=dossiers.order_by().values("procedure__sector_id")).order_by("name")


def dossier_search(queryset: QuerySet[Dossier], *, term: str) -> QuerySet[Dossier]:
    """Dossiers whose code, applicant name, phone, procedure code or procedure name contains
    ``term``, or whose applicant has that personal ID number.

    A phone is found however it was typed (+84 912 345 678, 0912.345.678): the stored numbers
    are normalised, so the term is normalised the same way before comparing; a code typed
    without its dashes is found too. A name, of the applicant or of the procedure, is found with
    or without diacritics ("nguyen van an" finds Nguyễn Văn An, "khai sinh" finds "Đăng ký khai
    sinh"): both are compared folded as the procedure search folds them (the dossier keeps its
    folded name and title in ``search_text``, since neither database folds Vietnamese).
    """
    term = (term or "").strip()
    if not term:
        return queryset
    condition = (
        Q(code__icontains=term)
        | Q(applicant_name__icontains=term)
        | Q(procedure_code__icontains=term)
        | Q(procedure_title__icontains=term)
    )
    code = normalize_dossier_code(term)
    if code != term.upper():
        condition |= Q(code=code)
    digits = normalize_phone(term)
    if digits.isascii() and digits.isdigit():
        condition |= Q(applicant_phone__contains=digits)
    if ID_NUMBER_RE.match(term):
        condition |= Q(applicant_id_number=term)
    folded = fold(term)
    if folded:
        condition |= Q(search_text__contains=folded)
    return queryset.filter(condition)


_ORIGINALS = re.compile(r"(\d+)\s*bản\s*chính", re.IGNORECASE)
_COPIES = re.compile(r"(\d+)\s*bản\s*sao", re.IGNORECASE)


def _paper_form(quantity: str) -> tuple[str, int]:
    """Form and number of a paper from the catalogue's quantity ("1 bản chính, 0 bản sao")."""
    originals = sum(int(n) for n in _ORIGINALS.findall(quantity or ""))
    copies = sum(int(n) for n in _COPIES.findall(quantity or ""))
    if originals:
        return DocumentForm.ORIGINAL, min(originals, 99)
    if copies:
        return DocumentForm.COPY, min(copies, 99)
    return DocumentForm.COPY, 1


def received_documents_initial(*, procedure: ProcedurePage | None, dossier: Dossier | None = None) -> list[dict]:
    """Mẫu 01's documents table as the officer first sees it: name, form, quantity.

    From the procedure's documents of kind required or conditional (``document_slots``) and, for
    a dossier sent online, the files the citizen attached: a paper with files is a scan ("bản
    chụp"), one file per item; a required paper without a file (paper dossiers) takes its form and
    number from the catalogue's quantity; a conditional paper without a file is left out of a
    dossier's table (its case did not apply) but offered at the counter (``dossier`` None), where
    the officer clears what was not brought. Files attached to no paper of the catalogue (a
    supplement) follow by label.
    """
    slots = document_slots(procedure=procedure) if procedure is not None else []
    files: Counter[str] = Counter()
    labels: dict[str, str] = {}
    if dossier is not None:
        for attachment in dossier.attachments.exclude(kind=AttachmentKind.RESULT):
            key = attachment.slot or f"label:{attachment.label}"
            files[key] += 1
            labels.setdefault(key, attachment.label)
    rows = []
    for slot in slots:
        if files.get(slot.key):
            rows.append({"name": slot.name, "form": DocumentForm.SCAN, "quantity": files.pop(slot.key)})
        elif slot.kind == DocumentKind.REQUIRED or dossier is None:
            form, quantity = _paper_form(slot.quantity)
            rows.append({"name": slot.name, "form": form, "quantity": quantity})
    for key, count in files.items():
        rows.append({"name": labels[key], "form": DocumentForm.SCAN, "quantity": count})
    return rows


def statements_for_staff(user) -> QuerySet[BankStatement]:
    """The bank statements of the communes ``user`` works for (issue #17)."""
    site_ids = staff_site_ids(user)
    if site_ids is None:
        return BankStatement.objects.all()
    return BankStatement.objects.filter(site_condition(site_ids)) if site_ids else BankStatement.objects.none()


def statement_lines_pending(*, user=None) -> QuerySet[StatementLine]:
    """Statement lines waiting for an officer's decision (of ``user``'s communes), oldest transfer first."""
    lines = StatementLine.objects.filter(decision=LineDecision.PENDING)
    if user is not None:
        lines = lines.filter(statement__in=statements_for_staff(user))
    return lines.select_related("statement", "dossier").order_by("booked_on", "statement_id", "row_number")


def statements_recent(*, limit: int = 20, user=None) -> list[BankStatement]:
    """The statements imported last (of ``user``'s communes), each with its line counts
    (``lines_total``, ``lines_pending``)."""
    statements = BankStatement.objects.all() if user is None else statements_for_staff(user)
    return list(
        statements.select_related("uploaded_by").annotate(
            lines_total=Count("lines"),
            lines_pending=Count("lines", filter=Q(lines__decision=LineDecision.PENDING)),
        )[:limit]
    )
