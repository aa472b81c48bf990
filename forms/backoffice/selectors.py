"""Reads of the counter's back office: filter choices and the dossier search."""

from django.db.models import Q, QuerySet

from cms.models import Sector
from forms.intake.fields import ID_NUMBER_RE, normalize_phone
from forms.models import Dossier
from forms.tracking.selectors import normalize_dossier_code
from search.analysis import fold


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
