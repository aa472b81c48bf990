"""Site-wide error views: a helpful Vietnamese page, or JSON for the JSON endpoints.

A full disk or a busy database is a passing fault, not an error: the answer is HTTP 503 with
``Retry-After`` and a page saying that the draft is kept and to try again shortly.
"""

import sys

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views import defaults

from portal.faults import DISK_FULL, RETRY_AFTER, fault_kind

_FALLBACK_500 = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Hệ thống đang gặp sự cố</title></head>'
    "<body><h1>Xin lỗi, hệ thống đang gặp sự cố</h1>"
    '<p>Vui lòng thử lại sau ít phút, hoặc về <a href="/">trang chủ</a>.</p></body></html>'
)
_FALLBACK_503 = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Hệ thống đang bận</title></head>'
    "<body><h1>Hệ thống đang bận, xin thử lại sau ít phút</h1>"
    "<p>Những gì bạn đã lưu vẫn được giữ, kể cả bản nháp hồ sơ. "
    'Vui lòng thử lại sau ít phút, hoặc về <a href="/">trang chủ</a>.</p></body></html>'
)

JSON_PATH_PREFIXES = ("/api/",)
JSON_MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    403: "Không có quyền truy cập.",
    404: "Không tìm thấy.",
    405: "Phương thức không được hỗ trợ.",
    413: "Yêu cầu quá lớn.",
    429: "Quá nhiều yêu cầu; vui lòng thử lại sau.",
    500: "Hệ thống đang gặp sự cố; lỗi đã được ghi lại.",
    503: "Hệ thống đang bận; dữ liệu đã lưu vẫn được giữ. Vui lòng thử lại sau ít phút.",
}
# Where a citizen fills in a dossier: the 503 page then says the draft is kept.
WIZARD_PATH_PREFIXES = ("/nop-ho-so/",)


def wants_json(request: HttpRequest) -> bool:
    """The JSON APIs, and the scripts' requests (autosave, commune list, suggestions) that ask for JSON."""
    if request.path.startswith(JSON_PATH_PREFIXES):
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def json_error(status: int, *, code: str = "", retry_after: int | None = None) -> JsonResponse:
    """An error of the JSON endpoints: ``{"error": <Vietnamese message>, "status": <HTTP status>}``."""
    message = JSON_MESSAGES.get(status) or JSON_MESSAGES[500 if status >= 500 else 400]
    body = {"error": message, "status": status}
    if code:
        body["code"] = code
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def service_unavailable(request: HttpRequest, kind: str) -> HttpResponse:
    """HTTP 503 for a full disk or a busy database: what was saved is kept, try again shortly."""
    retry_after = RETRY_AFTER[kind]
    if wants_json(request):
        return json_error(503, code=kind, retry_after=retry_after)
    in_wizard = hasattr(request, "forms_flow") or request.path.startswith(WIZARD_PATH_PREFIXES)
    try:
        body = loader.get_template("503.html").render(
            {"disk_full": kind == DISK_FULL, "in_wizard": in_wizard, "minutes": max(1, retry_after // 60)}
        )
    except Exception:  # the error page must never raise in turn
        body = _FALLBACK_503
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """Render 500.html, JSON for the APIs, or the 503 page for a passing fault (a full disk, a busy database).

    Django calls this inside its exception handler, so ``sys.exc_info()`` holds what went wrong,
    raised by a view or by a middleware.
    """
    kind = fault_kind(sys.exc_info()[1])
    if kind:
        return service_unavailable(request, kind)
    if wants_json(request):
        return json_error(500)
    try:
        body = loader.get_template("500.html").render()
    except Exception:  # the error page must never raise in turn
        body = _FALLBACK_500
    return HttpResponseServerError(body)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The theme's 404 page, or JSON for the APIs."""
    if wants_json(request):
        return json_error(404)
    return defaults.page_not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 400 page, or JSON for the APIs."""
    if wants_json(request):
        return json_error(400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 403 page, or JSON for the APIs."""
    if wants_json(request):
        return json_error(403)
    return defaults.permission_denied(request, exception)
