"""Read-only queries of the forms app."""

import hmac
import re
from datetime import date

from django.db.models import Q, QuerySet

from cms.models import Sector
from forms.fields import ID_NUMBER_RE, normalize_phone
from forms.models import Dossier, DossierEvent, DossierStatus, SubmissionFormPage
from forms.workdays import add_working_days
from search.analysis import fold

# Statuses in which the counter still owes the citizen a result; a dossier waiting for the
# citizen's supplement is paused and cannot run late.
OPEN_STATUSES = (DossierStatus.RECEIVED, DossierStatus.PROCESSING)
DUE_SOON_WORKING_DAYS = 2


def submission_form_for_procedure(*, procedure) -> SubmissionFormPage | None:
    """The live online form of ``procedure``, in one query (None when there is none).

    No ``.public()``: it costs a query of its own, and a privacy-restricted form page still
    enforces its restriction when served.
    """
    return (
        SubmissionFormPage.objects.live()
        .filter(procedure_id=procedure.pk)
        .order_by("path")
        .only("id", "url_path", "title", "path", "depth")
        .first()
    )


def dossier_by_token(*, token: str) -> Dossier | None:
    """The dossier opened by a tracking link (token), or None."""
    if not token or len(token) > 64:
        return None
    return Dossier.objects.select_related("procedure").filter(access_token=token).first()


def normalize_dossier_code(code: str) -> str:
    """A dossier code as stored (``PREFIX-YYMMDD-NNNN``), however the citizen typed it.

    On a phone's number pad the dashes are awkward: "23098 261123 0002", "2309826112300002" and
    "23098.261123.0002" all mean 23098-261123-0002 (the date and the number have fixed widths).
    """
    compact = re.sub(r"[\s.\-_/]+", "", (code or "").upper())
    if len(compact) > 10 and compact[-10:].isdigit():
        return f"{compact[:-10]}-{compact[-10:-4]}-{compact[-4:]}"
    return (code or "").strip().upper()


def dossier_lookup(*, code: str, phone: str) -> Dossier | None:
    """The dossier whose code and applicant phone both match; None for any mismatch, alike."""
    code = normalize_dossier_code(code)
    phone = normalize_phone(phone or "")
    if not code or not phone:
        return None
    dossier = Dossier.objects.filter(code=code).first()
    # Compare the phone in constant time so a near miss takes as long as a far one.
    if dossier and hmac.compare_digest(dossier.applicant_phone.encode(), phone.encode()):
        return dossier
    return None


def dossier_timeline(*, dossier: Dossier) -> QuerySet[DossierEvent]:
    """History entries oldest first, with the files each one brought."""
    return dossier.events.prefetch_related("attachments").order_by("created_at", "pk")


def dossier_allowed_transitions(*, dossier: Dossier) -> list[DossierStatus]:
    """The statuses an officer may move ``dossier`` to now (for back-office buttons)."""
    from forms.services import TRANSITIONS

    return [DossierStatus(status) for status in DossierStatus.values if status in TRANSITIONS[dossier.status]]


def dossiers_overdue(queryset: QuerySet[Dossier], *, today: date) -> QuerySet[Dossier]:
    """Dossiers still being worked on whose due date has passed."""
    return queryset.filter(status__in=OPEN_STATUSES, due_date__lt=today)


def dossiers_due_soon(queryset: QuerySet[Dossier], *, today: date) -> QuerySet[Dossier]:
    """Dossiers still being worked on that fall due today or within the next two working days."""
    last = add_working_days(today, DUE_SOON_WORKING_DAYS)
    return queryset.filter(status__in=OPEN_STATUSES, due_date__gte=today, due_date__lte=last)


def dossier_is_late(dossier: Dossier, *, today: date) -> bool:
    """Whether ``dossier`` belongs to ``dossiers_overdue`` (for marking rows without a query)."""
    return dossier.status in OPEN_STATUSES and dossier.due_date < today


def dossier_procedures() -> list[tuple[str, str]]:
    """(code, title) of the procedures that have dossiers, for the back office's filter."""
    return list(Dossier.objects.order_by("procedure_code").values_list("procedure_code", "procedure_title").distinct())


def dossier_sectors() -> QuerySet[Sector]:
    """The sectors whose procedures have dossiers, by name, for the back office's filter."""
    return Sector.objects.filter(procedures__dossiers__isnull=False).distinct().order_by("name")


def dossier_search(queryset: QuerySet[Dossier], *, term: str) -> QuerySet[Dossier]:
    """Dossiers whose code, applicant name or phone contains ``term``, or whose applicant has
    that personal ID number.

    A phone is found however it was typed (+84 912 345 678, 0912.345.678): the stored numbers
    are normalised, so the term is normalised the same way before comparing; a code typed
    without its dashes is found too. A name is found with or without diacritics ("nguyen van
    an" finds Nguyễn Văn An): both sides are folded as the procedure search folds them, in
    Python, since neither database folds Vietnamese (a commune's list holds a few thousand).
    """
    term = (term or "").strip()
    if not term:
        return queryset
    condition = Q(code__icontains=term) | Q(applicant_name__icontains=term)
    code = normalize_dossier_code(term)
    if code != term.upper():
        condition |= Q(code=code)
    digits = normalize_phone(term)
    if digits.isdigit():
        condition |= Q(applicant_phone__contains=digits)
    if ID_NUMBER_RE.match(term):
        condition |= Q(applicant_id_number=term)
    folded = fold(term)
    if folded:
        names = queryset.values_list("pk", "applicant_name")
        condition |= Q(pk__in=[pk for pk, name in names if folded in fold(name)])
    return queryset.filter(condition)
