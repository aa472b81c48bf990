"""The search page (/tra-cuu/) and the JSON API; both call ``search.services`` only."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cms.communes import commune_for_request
from search import services
from search.params import SearchParamError, search_params_parse
from search.types import SearchResults

FACET_HEADINGS = {
    "sector": "Lĩnh vực",
    "agency": "Cơ quan thực hiện",
    "online": "Dịch vụ công trực tuyến",
    "postal": "Bưu chính công ích",
    "audience": "Đối tượng thực hiện",
}


def _unknown_message(name: str, values: list[str]) -> str:
    return f"Bộ lọc {FACET_HEADINGS.get(name, name).lower()} ({name}) không có giá trị: {', '.join(values)}."


def _bad_request(message: str, errors: dict[str, str] | None = None) -> JsonResponse:
    return JsonResponse({"error": message, "errors": errors or {}}, status=400)


def results_json(results: SearchResults) -> dict:
    """The API's body for ``results`` (snippets are HTML-escaped text with <mark> around matches)."""
    return {
        "query": results.query,
        "total": results.total,
        "results": [
            {
                "code": hit.code,
                "title": hit.title,
                "url": hit.url,
                "sector": hit.sector,
                "snippet": hit.snippet,
                "postal_submission": hit.postal_submission,
                "online_mode": hit.online_mode,
            }
            for hit in results.hits
        ],
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count, "selected": v.selected} for v in values]
            for name, values in results.facets.items()
        },
        "took_ms": results.took_ms,
        # True when nothing names what was asked: the results are only the closest procedures.
        "no_good_match": results.no_good_match,
    }


@require_GET
def api_search(request: HttpRequest) -> JsonResponse:
    """GET /api/search?q=&sector=&agency=&audience=&online=&postal=&page=&page_size="""
    try:
        params = search_params_parse(request.GET)
    except SearchParamError as error:
        return _bad_request(str(error), error.errors)
    if not params.query and not params.filters:
        return _bad_request("Vui lòng nhập từ khóa hoặc chọn bộ lọc.", {"q": "Vui lòng nhập từ khóa tìm kiếm."})
    problems = services.search_filters_check(params.filters)
    if problems:
        # Unknown facet values are refused like a bad ``online`` value, with what is valid.
        response = _bad_request(
            "Bộ lọc có giá trị không tồn tại.",
            {name: _unknown_message(name, bad) for name, (bad, _) in problems.items()},
        )
        body = json.loads(response.content)
        body["valid"] = {name: valid for name, (_, valid) in problems.items()}
        return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
    try:
        results = services.procedure_search(
            params.query, params.filters, params.page, page_size=params.page_size, site=commune_for_request(request)
        )
    except services.SearchError as error:
        return _bad_request(str(error))
    return JsonResponse(results_json(results), json_dumps_params={"ensure_ascii": False})


@require_GET
def api_suggest(request: HttpRequest) -> JsonResponse:
    """GET /api/search/suggest?q= → up to 8 procedure titles for autocomplete."""
    query = " ".join(request.GET.get("q", "").split())
    if not query:
        return _bad_request("Vui lòng nhập từ khóa.", {"q": "Vui lòng nhập từ khóa."})
    if len(query) > services.MAX_QUERY_LENGTH:
        return _bad_request(f"Từ khóa quá dài (tối đa {services.MAX_QUERY_LENGTH} ký tự).")
    suggestions = services.procedure_suggest(query, site=commune_for_request(request))
    return JsonResponse(
        {"query": query, "suggestions": [{"title": s.title, "code": s.code, "url": s.url} for s in suggestions]},
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """The citizen's search page: results with highlights, facets, pagination; works without JavaScript."""
    context: dict = {
        "query": request.GET.get("q", "").strip()[: services.MAX_QUERY_LENGTH],
        "facet_headings": FACET_HEADINGS,
    }
    status = 200
    try:
        params = search_params_parse(request.GET, page_param="trang")
    except SearchParamError as error:
        context["errors"] = list(error.errors.values())
        return render(request, "search/search_page.html", context, status=400)
    context["query"] = params.query
    problems = services.search_filters_check(params.filters)
    if problems:
        context["errors"] = [
            f"{_unknown_message(name, bad)} Giá trị hợp lệ: {', '.join(valid) or 'không có'}."
            for name, (bad, valid) in problems.items()
        ]
        return render(request, "search/search_page.html", context, status=400)
    if params.query or params.filters:
        site = commune_for_request(request)  # each commune searches what it publishes (issue #17)
        results = services.procedure_search(
            params.query, params.filters, params.page, page_size=params.page_size, site=site
        )
        context["results"] = results
        context["facets"] = [(name, FACET_HEADINGS[name], values) for name, values in results.facets.items() if values]
        context["has_filters"] = bool(params.filters)
        if params.query:
            context["articles"] = services.article_search(params.query, site=site)
        if results.total:
            context["page_obj"] = Paginator(range(results.total), params.page_size).get_page(params.page)
    return render(request, "search/search_page.html", context, status=status)
