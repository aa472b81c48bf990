"""Who may see a dossier's personal data through its tracking link.

The link (``/tra-cuu-ho-so/<token>/``) travels on a printed receipt and in e-mails, so by itself it
shows the status, the timeline and the appointment only. The applicant's name, ID number, phone,
address, answers, the officers' notes, the files and the official papers (which print the
applicant's details) need one of:

- the phone number given when submitting, typed on the page (wrong answers limited per dossier
  and per client address, ``forms.tracking.ratelimit``); success is remembered in the session for
  that dossier;
- being signed in as the dossier's owner (``Dossier.owner``);
- having just submitted it in this session (the wizard remembers it, as after the phone check).

Personal data protection: Decree 13/2023/NĐ-CP (art. 26 and after on protecting it from access
by others).
"""

import hmac

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from forms.intake.fields import normalize_phone
from forms.models import Dossier
from forms.tracking.ratelimit import limit_exceeded, limit_record_failure

SESSION_KEY = "forms_dossiers_opened"
# A session remembers this many dossiers (a family's or an agent's handful), the latest kept.
SESSION_MAX = 20
LIMIT_SCOPE = "tracking"


def dossier_access_granted(request: HttpRequest, *, dossier: Dossier) -> bool:
    """Whether ``request`` may see ``dossier``'s personal data and files."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and dossier.owner_id == user.pk:
        return True
    return dossier.pk in request.session.get(SESSION_KEY, [])


def dossier_access_remember(request: HttpRequest, *, dossier: Dossier) -> None:
    """Open ``dossier``'s personal data for the rest of this session."""
    opened = [pk for pk in request.session.get(SESSION_KEY, []) if pk != dossier.pk]
    request.session[SESSION_KEY] = [*opened, dossier.pk][-SESSION_MAX:]


class AccessRefused(Exception):
    """The phone check failed; ``limited`` when too many wrong answers came first."""

    def __init__(self, *, limited: bool):
        super().__init__("limited" if limited else "wrong phone")
        self.limited = limited


def dossier_access_by_phone(request: HttpRequest, *, dossier: Dossier, phone: str) -> None:
    """Check ``phone`` against the dossier's and remember the success; raises ``AccessRefused``.

    The same budget as the code + phone lookup (scope "tracking", target the dossier code), so
    neither page doubles what a guesser may try.
    """
    if limit_exceeded(request, scope=LIMIT_SCOPE, target=dossier.code):
        raise AccessRefused(limited=True)
    typed = normalize_phone(phone or "")
    if not typed or not hmac.compare_digest(dossier.applicant_phone.encode(), typed.encode()):
        limit_record_failure(request, scope=LIMIT_SCOPE, target=dossier.code)
        raise AccessRefused(limited=False)
    dossier_access_remember(request, dossier=dossier)


def access_required_redirect(request: HttpRequest, dossier: Dossier) -> HttpResponseRedirect:
    """Send a visitor without access to the dossier's page, to check the phone and come back."""
    base = reverse("forms:dossier_detail", kwargs={"token": dossier.access_token})
    return HttpResponseRedirect(f"{base}?{urlencode({'tiep': request.get_full_path()})}#xac-minh")
