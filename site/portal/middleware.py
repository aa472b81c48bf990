"""Errors of the JSON endpoints in JSON, whatever produced them."""

from portal.views import json_error, wants_json

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
