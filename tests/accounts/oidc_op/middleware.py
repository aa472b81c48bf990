"""Records what reached the test provider's authorization and token endpoints (OP_LOG, JSON lines)."""

import json
import os
from urllib.parse import parse_qs

RECORDED = {"/o/authorize/": "authorize", "/o/token/": "token"}


class RecordRequests:
    """Appends the query of each authorization request and the form of each token request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        endpoint = RECORDED.get(request.path)
        if endpoint == "authorize" and request.method == "GET":
            self._record({"endpoint": endpoint, "params": request.GET.dict()})
        elif endpoint == "token":
            form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
            form.pop("client_secret", None)
            self._record({"endpoint": endpoint, "params": form})
        return self.get_response(request)

    @staticmethod
    def _record(entry):
        with open(os.environ["OP_LOG"], "a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")
