"""Public views of the cms app that are not pages."""

from django.http import Http404, HttpRequest, HttpResponse

from wagtail.documents.views.serve import serve

from portal.params import parse_int


def document_serve(request: HttpRequest, document_id: str, document_filename: str) -> HttpResponse:
    """A form template (Wagtail document) download, as Wagtail serves it but without ``Content-Encoding``.

    ``wagtail.utils.sendfile`` sets ``Content-Encoding`` to the encoding it guesses from the file
    name, which is None for a .docx or .pdf, and Django writes that as the text "None", a coding no
    browser knows. A download is sent as it is stored (a .gz template is a gzip file, not content
    the browser should unpack), so the header never belongs to it.
    """
    if parse_int(document_id) is None:
        raise Http404  # a number past any id (Python will not even convert 5,000 digits)
    response = serve(request, document_id, document_filename)
    if "Content-Encoding" in response:
        del response["Content-Encoding"]
    return response
