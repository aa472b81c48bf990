"""Dossier files through permission-checked views only (citizens by token and phone, staff by permission)."""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header

from forms.communes import user_sees_record
from forms.files.storage import storage_is_local
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
    """Serve the file of ``attachment`` (any row with ``file``, ``content_type``, ``original_name``, ``size``).

    Only called after the caller's permission check. The local disk is streamed; an object storage
    answers with a redirect to a signed link that expires after PRIVATE_FILE_URL_SECONDS (60 s), made
    for this response only (its name, type and disposition signed into it), or is streamed through
    the portal with PRIVATE_FILE_DELIVERY=stream.
    """
    storage = attachment.file.storage
    inline = attachment.content_type in INLINE_TYPES
    content_type = attachment.content_type or "application/octet-stream"
    if not storage_is_local(storage) and settings.PRIVATE_FILE_DELIVERY != "stream":
        link = storage.signed_url(
            attachment.file.name,
            expire=settings.PRIVATE_FILE_URL_SECONDS,
            parameters={
                "ResponseContentType": content_type,
                "ResponseContentDisposition": content_disposition_header(not inline, attachment.original_name),
                "ResponseCacheControl": "private, no-store",
            },
        )
        response = HttpResponseRedirect(link)
        # The signed link must not travel further than the browser that asked for it.
        response["Referrer-Policy"] = "no-referrer"
        add_never_cache_headers(response)
        return response
    handle = storage.open(attachment.file.name, "rb")
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=content_type,
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
