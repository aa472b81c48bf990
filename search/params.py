"""Reading and checking the query-string parameters of the search page and the JSON API."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.http import QueryDict

from portal.params import parse_int
from search.services import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH
from search.types import SearchFilters

_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")
ONLINE_VALUES = {"1", "full", "partial", "none"}
POSTAL_VALUES = {"1", "submission", "return"}
MAX_FILTER_VALUES = 20


class SearchParamError(ValueError):
    """Bad parameters; ``errors`` maps each parameter to a Vietnamese message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class SearchParams:
    """A checked search request."""

    query: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


def _integer(params: QueryDict, name: str, default: int, low: int, high: int, errors: dict[str, str]) -> int:
    raw = params.getlist(name)
    if not any(value.strip() for value in raw):
        return default
    number = parse_int(raw, minimum=low, maximum=high)
    if number is None:
        errors[name] = f"Tham số {name} phải là một số nguyên (chữ số 0–9) từ {low} đến {high}."
        return default
    return number


def search_params_parse(params: QueryDict, *, page_param: str = "page") -> SearchParams:
    """Return the checked parameters or raise ``SearchParamError`` listing every bad one."""
    errors: dict[str, str] = {}
    query = " ".join(params.get("q", "").split())
    if len(query) > MAX_QUERY_LENGTH:
        errors["q"] = f"Từ khóa quá dài (tối đa {MAX_QUERY_LENGTH} ký tự)."
    page = _integer(params, page_param, 1, 1, MAX_PAGE, errors)
    page_size = _integer(params, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, errors)
    values: dict[str, tuple[str, ...]] = {}
    for name in ("sector", "agency", "audience", "online", "postal"):
        found = tuple(dict.fromkeys(v.strip() for v in params.getlist(name) if v.strip()))
        if len(found) > MAX_FILTER_VALUES:
            errors[name] = f"Quá nhiều giá trị cho bộ lọc {name} (tối đa {MAX_FILTER_VALUES})."
        elif name == "online" and not set(found) <= ONLINE_VALUES:
            errors[name] = "Tham số online chỉ nhận 1, full, partial hoặc none."
        elif name == "postal" and not set(found) <= POSTAL_VALUES:
            errors[name] = "Tham số postal chỉ nhận 1, submission hoặc return."
        elif not all(_SLUG.match(v) for v in found):
            errors[name] = f"Giá trị của bộ lọc {name} không hợp lệ."
        values[name] = found
    if errors:
        raise SearchParamError(errors)
    if "1" in values["online"]:
        values["online"] = ("full", "partial")
    if "1" in values["postal"]:
        values["postal"] = ("submission", "return")
    return SearchParams(query=query, filters=SearchFilters(**values), page=page, page_size=page_size)
