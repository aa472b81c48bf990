"""Middleware of the portal: malformed addresses refused before anything reads them; JSON errors in JSON."""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template import loader

from portal.inputs import has_control_characters
from portal.views import json_error, wants_json

BAD_INPUT_MESSAGE = "Đường dẫn hoặc tham số của yêu cầu có ký tự không hợp lệ (ký tự điều khiển hoặc mã hóa sai)."
_FALLBACK_400 = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Yêu cầu không hợp lệ</title></head>'
    f"<body><h1>Yêu cầu không hợp lệ</h1><p>{BAD_INPUT_MESSAGE}</p>"
    '<p>Về <a href="/">trang chủ</a>.</p></body></html>'
)


# Django re-percent-encodes the bytes of the path that are not UTF-8 (``repercent_broken_unicode``);
# a UTF-8 path arrives decoded, so an escaped byte of 0x80 or more left in it was not UTF-8.
_BROKEN_UTF8_IN_PATH = re.compile(r"%[89A-Fa-f][0-9A-Fa-f]")


def _wsgi_bytes(value: str) -> bytes:
    # WSGI hands the query string over as its bytes decoded as ISO-8859-1.
    try:
        return value.encode("iso-8859-1")
    except UnicodeEncodeError:
        return value.encode("utf-8", errors="surrogateescape")


def request_input_is_bad(request: HttpRequest) -> bool:
    """True when the path or the query string is not UTF-8 or holds control characters.

    The query string may carry tab and line breaks (a text area sent by GET); the path may not.
    """
    path = request.path_info
    if has_control_characters(path) or _BROKEN_UTF8_IN_PATH.search(path):
        return True
    query = request.META.get("QUERY_STRING", "")
    if query:
        try:
            text = unquote_to_bytes(_wsgi_bytes(query).replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return True
        if has_control_characters(text, multiline=True):
            return True
    return False


def bad_input_response(request: HttpRequest) -> HttpResponse:
    """A 400 in Vietnamese: JSON for the APIs, a page for the rest."""
    if request.path_info.startswith("/api/"):
        return JsonResponse(
            {"error": BAD_INPUT_MESSAGE, "errors": {}}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    try:
        body = loader.get_template("400.html").render({"message": BAD_INPUT_MESSAGE})
    except Exception:  # an error page must not fail in turn
        body = _FALLBACK_400
    return HttpResponseBadRequest(body)


class BadInputMiddleware:
    """400 for a path or query string with NUL, other control characters or invalid UTF-8.

    Such a value would otherwise reach a database lookup (a token, an admin search or filter) and
    fail there: PostgreSQL refuses NUL in text. Cookies holding control characters are dropped
    (a session key with NUL would fail the same way); the request goes on without them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request_input_is_bad(request):
            return bad_input_response(request)
        for name, value in list(request.COOKIES.items()):
            if has_control_characters(name) or has_control_characters(value):
                del request.COOKIES[name]
        return self.get_response(request)


_KEPT_HEADERS = ("Allow", "Retry-After")


class JsonErrorsMiddleware:
    """Turn any HTML error answer to a JSON request (a 405 from ``require_GET``, a 404 page) into JSON.

    The error views already answer JSON requests in JSON (portal.views); this catches the error
    answers that never reach them. Placed near the top, it also sees what inner middleware answered.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or not wants_json(request):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        converted = json_error(response.status_code)
        for header in _KEPT_HEADERS:
            if header in response:
                converted[header] = response[header]
        return converted
