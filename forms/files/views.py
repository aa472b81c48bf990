"""Dossier files through permission-checked views only (citizens by token and phone, staff by permission)."""

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.cache import add_never_cache_headers

from forms.communes import user_sees_record
from forms.models import DossierAttachment
from forms.tracking.access import access_required_redirect, dossier_access_granted
from forms.tracking.selectors import dossier_by_token_or_404


def request_too_large(request) -> bool:
    """A body larger than a whole dossier (plus room for the form fields) is refused before parsing."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE + 1024 * 1024


def render_too_large(request, *, back_url: str):
    limit = filesizeformat(settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE)
    return render(request, "forms/upload_too_large.html", {"back_url": back_url, "limit": limit}, status=413)


# Shown in the browser: PDF and images the upload check recognised by their content. Anything
# else (Word files, and above all HTML or script, which would run on the portal's origin) is
# always a download.
INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


def _file_response(attachment: DossierAttachment):
    handle = attachment.file.storage.open(attachment.file.name, "rb")
    inline = attachment.content_type in INLINE_TYPES
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


def attachment_download(request, token: str, pk: int):
    """A dossier file, for the token holder who passed the phone check, or the signed-in owner."""
    dossier = dossier_by_token_or_404(token)
    if not dossier_access_granted(request, dossier=dossier):
        return access_required_redirect(request, dossier)
    attachment = dossier.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404("Không tìm thấy tệp.")
    return _file_response(attachment)


def attachment_download_staff(request, pk: int):
    """A dossier file, for staff allowed to see dossiers of its commune (the back office links here);
    a file of another commune's dossier is not found (issue #17)."""
    if not request.user.is_authenticated or not request.user.has_perm("forms.view_dossier"):
        raise Http404("Không tìm thấy tệp.")
    attachment = DossierAttachment.objects.select_related("dossier").filter(pk=pk).first()
    if attachment is None or not user_sees_record(request.user, attachment.dossier):
        raise Http404("Không tìm thấy tệp.")
    return _file_response(attachment)


def attachment_response(attachment):
    """The response serving a private file (a dossier attachment, or any object with the same fields)
    once the caller has checked the requester may see it."""
    return _file_response(attachment)
