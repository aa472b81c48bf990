"""Reads of the dossier lifecycle: history, allowed moves, what is overdue or due soon."""

from datetime import date

from django.db.models import QuerySet

from forms.lifecycle.workdays import add_working_days
from forms.models import Dossier, DossierEvent, DossierStatus

# Statuses in which the counter still owes the citizen a result; a dossier waiting for the
# citizen's supplement is paused and cannot run late.
OPEN_STATUSES = (DossierStatus.RECEIVED, DossierStatus.PROCESSING)


DUE_SOON_WORKING_DAYS = 2


def dossier_timeline(*, dossier: Dossier) -> QuerySet[DossierEvent]:
    """History entries oldest first, with the files each one brought."""
    return dossier.events.prefetch_related("attachments").order_by("created_at", "pk")


def dossier_allowed_transitions(*, dossier: Dossier) -> list[DossierStatus]:
    """The statuses an officer may move ``dossier`` to now (for back-office buttons)."""
    from forms.lifecycle.services import TRANSITIONS

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
