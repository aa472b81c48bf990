"""Site-wide error views."""

from django.http import HttpRequest, HttpResponseServerError
from django.template import loader

_FALLBACK_500 = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Hệ thống đang gặp sự cố</title></head>'
    "<body><h1>Xin lỗi, hệ thống đang gặp sự cố</h1>"
    '<p>Vui lòng thử lại sau ít phút, hoặc về <a href="/">trang chủ</a>.</p></body></html>'
)


def server_error(request: HttpRequest) -> HttpResponseServerError:
    """Render 500.html; if even that fails (e.g. static files not collected), a plain Vietnamese page."""
    try:
        body = loader.get_template("500.html").render()
    except Exception:  # the error page must never raise in turn
        body = _FALLBACK_500
    return HttpResponseServerError(body)
