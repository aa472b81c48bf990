"""Views of the citizen's personal data (Decree 13/2023/NĐ-CP): download everything held, close the account."""

import tempfile
import time

from allauth.account.internal.flows.login import get_authentication_records

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.citizens import citizen_required
from accounts.privacy.forms import AccountCloseForm
from accounts.privacy.services import account_close, account_export
from forms.tracking.ratelimit import limit_exceeded, limit_record_failure


@never_cache
@citizen_required
@require_safe
def account_data_export(request):
    """/tai-khoan/du-lieu/: a ZIP of everything the portal holds about the signed-in citizen.

    Decree 13/2023/NĐ-CP (the data subject's right to obtain their data).
    """
    target = tempfile.TemporaryFile()
    account_export(user=request.user, target=target)
    target.seek(0)
    filename = f"du-lieu-ca-nhan-{timezone.localdate():%Y%m%d}.zip"
    return FileResponse(target, as_attachment=True, filename=filename, content_type="application/zip")


CLOSE_LIMIT_SCOPE = "account_close"


def _signed_in_recently(request) -> bool:
    """Whether this session signed in (any way: password, national identity) within the last minutes.

    allauth logs each sign-in of the session with its time; its own re-authentication page offers
    only a password or an e-mailed code, which an account made through the national identity may
    not have, so such an account signs in again instead.
    """
    records = get_authentication_records(request, request.user)
    return bool(records) and time.time() - records[-1]["at"] < settings.ACCOUNT_CLOSE_SIGN_IN_SECONDS


@never_cache
@citizen_required
def account_close_view(request):
    """/tai-khoan/dong-tai-khoan/: close the account after the password (or a fresh sign-in).

    Dossiers stay with the commune, detached; drafts, profile and account are deleted
    (``accounts.services.account_close``). Wrong passwords count against the shared limits.
    """
    form = AccountCloseForm(request.POST or None, user=request.user)
    status = 200
    if not request.user.has_usable_password() and not _signed_in_recently(request):
        return render(request, "accounts/account_close.html", {"form": form, "sign_in_again": True})
    if request.method == "POST":
        target = str(request.user.pk)
        if limit_exceeded(request, scope=CLOSE_LIMIT_SCOPE, target=target):
            context = {"form": AccountCloseForm(user=request.user), "limited": True}
            return render(request, "accounts/account_close.html", context, status=429)
        if form.is_valid():
            user = request.user
            try:
                closure = account_close(user=user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                logout(request)
                return render(request, "accounts/account_closed.html", {"closure": closure})
        elif form.has_error("password", "wrong_password"):
            limit_record_failure(request, scope=CLOSE_LIMIT_SCOPE, target=target)
        status = 400
    return render(request, "accounts/account_close.html", {"form": form}, status=status)
