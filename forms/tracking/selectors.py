"""Reads of the tracking pages: a dossier by its token, or by its code and the applicant's phone."""

import hmac
import re

from django.http import Http404

from forms.intake.fields import normalize_phone
from forms.models import Dossier


def dossier_by_token(*, token: str) -> Dossier | None:
    """The dossier opened by a tracking link (token), or None."""
    if not token or len(token) > 64:
        return None
    return Dossier.objects.select_related("procedure", "site").filter(access_token=token).first()


def normalize_dossier_code(code: str) -> str:
    """A dossier code as stored (``PREFIX-YYMMDD-NNNN``), however the citizen typed it.

    On a phone's number pad the dashes are awkward: "23098 261123 0002", "2309826112300002" and
    "23098.261123.0002" all mean 23098-261123-0002 (the date and the number have fixed widths).
    """
    compact = re.sub(r"[\s.\-_/]+", "", (code or "").upper())
    if len(compact) > 10 and compact[-10:].isascii() and compact[-10:].isdigit():
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


def dossier_by_token_or_404(token: str) -> Dossier:
    """The dossier opened by a tracking link, or a 404 that says nothing more."""
    dossier = dossier_by_token(token=token)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    return dossier
