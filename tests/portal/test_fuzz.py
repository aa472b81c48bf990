"""Malformed input never gives a server error (issue #16's bad-input campaign, kept in the suite).

The campaign's payload families — control characters, invalid UTF-8 percent-encodings,
superscripts and other Unicode digits, huge values, duplicated parameters — are sent to every
public URL (query strings and path segments), to the wizard's and the tracking page's forms, to
the JSON APIs, and to the back office's dossier list filters and search as an officer. Any 5xx
fails the test, with the list of requests that gave one. It runs on SQLite and, in CI, on
PostgreSQL, which refuses NUL in text and failed where SQLite did not.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest

from django.test import Client

from tests import factories
from tests.forms import factories as f
from tests.forms.intake import wizard as w

pytestmark = pytest.mark.django_db

CONTROL = ["\x00", "a\x00b", "\x01", "\x1b[0m", "\x7f", "\x85"]
DIGITS = ["²", "1²", "①", "٣", "１", "𝟡"]
HUGE = ["9" * 25, "9" * 5000, "-1", "0", "1e309", "a" * 5000]
VALUES = CONTROL + DIGITS + HUGE
# Raw query-string values, already percent-encoded: bytes that are not UTF-8.
INVALID_UTF8 = ["%FF", "%C3", "%ED%A0%80", "%C0%AF"]
# One of each family, for the slower pages (the admin, the wizard's later steps).
SAMPLE = ["a\x00b", "\x1b", "²", "٣", "9" * 25, "9" * 5000]


class Campaign:
    """Sends requests and keeps every one that answered 5xx."""

    def __init__(self, client: Client):
        self.client = client
        self.failures: list[str] = []
        self.sent = 0

    def _check(self, what: str, response) -> None:
        self.sent += 1
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} {what[:200]!r}")

    def get(self, url: str) -> None:
        self._check(f"GET {url}", self.client.get(url))

    def post(self, url: str, data: dict) -> None:
        self._check(f"POST {url} {data}", self.client.post(url, data))

    def query(self, url: str, params: list[str], values: list[str] = VALUES, *, raw: bool = True) -> None:
        """Each parameter with each value, undecodable bytes and duplicates; an unknown parameter too."""
        for name in [*params, "utm"]:
            for value in values:
                self.get(f"{url}?{urlencode({name: value})}")
            if raw:
                for value in INVALID_UTF8:
                    self.get(f"{url}?{name}={value}")
            self.get(f"{url}?{urlencode([(name, '1'), (name, '2')])}")
            self.get(f"{url}?{urlencode([(name, '²'), (name, '1'), (name, '')])}")

    def path(self, template: str, values: list[str] = VALUES) -> None:
        """``template`` with ``{}`` replaced by each value, percent-encoded, and by undecodable bytes."""
        for value in values:
            self.get(template.format(quote(value, safe="")))
        for value in INVALID_UTF8:
            self.get(template.format(value))


@pytest.fixture
def campaign():
    return Campaign(Client(raise_request_exception=False))


@pytest.fixture
def site(home, procedure_index, article_index):
    page = f.form_page_make()
    standard = factories.procedure_make()
    dossier = f.dossier_make(page=page)
    return {"page": page, "standard": standard, "dossier": dossier}


def test_public_pages_and_apis_answer_malformed_queries_and_paths(campaign, site, procedure_index, article_index):
    page, standard, dossier = site["page"], site["standard"], site["dossier"]
    search = ["q", "page", "page_size", "trang", "sector", "agency", "audience", "online", "postal"]
    campaign.query("/", ["q"])
    campaign.query(procedure_index.url, ["truc_tuyen", "buu_chinh"])
    campaign.query(page.procedure.url, ["q"], SAMPLE)
    campaign.query(article_index.url, ["trang"])
    campaign.query("/tra-cuu/", search)
    campaign.query("/api/search", search)
    campaign.query("/api/search/suggest", ["q"])
    campaign.query("/tra-cuu-ho-so/", ["code", "phone"], SAMPLE)
    campaign.query("/thong-ke-ho-so/", ["nam"])
    campaign.query("/nop-ho-so/dia-gioi/1/", ["q"], SAMPLE)
    campaign.query("/sitemap.xml", ["p", "page"])
    campaign.query(page.url, ["buoc", "sua", "q"])
    campaign.query(f"/nop-ho-so/thu-tuc/{standard.code}/", ["buoc"])
    token = dossier.access_token
    campaign.query(f"/tra-cuu-ho-so/{token}/", ["vua-nop"], SAMPLE)
    for template in [
        "/tra-cuu-ho-so/{}/",
        "/tra-cuu-ho-so/{}/da-nop/",
        "/tra-cuu-ho-so/{}/giay-tiep-nhan.pdf",
        "/nop-ho-so/tiep-tuc/{}/",
        "/nop-ho-so/thu-tuc/{}/",
        "/nop-ho-so/dia-gioi/{}/",
        "/thu-tuc-hanh-chinh/{}/",
        "/tai-lieu/{}/a.pdf",
        f"/tra-cuu-ho-so/{token}/tep/{{}}/",
        "/ho-so/tep/{}/",
    ]:
        campaign.path(template)
    for number in ["9" * 19, "9" * 25, "9" * 400]:  # digits the URL converters take, past any id's range
        campaign.get(f"/tra-cuu-ho-so/{token}/tep/{number}/")
        campaign.get(f"/ho-so/tep/{number}/")
        campaign.get(f"/tai-lieu/{number}/a.pdf")
    assert campaign.failures == [], f"{len(campaign.failures)} of {campaign.sent} requests gave 5xx"


def _with(data: dict, value: str, *, skip: tuple[str, ...] = ()) -> dict:
    return {name: (old if name in skip else value) for name, old in data.items()}


def test_forms_answer_malformed_fields(campaign, site):
    page, standard = site["page"], site["standard"]
    management = f"page-{page.pk}-current_step"
    applicant = w.applicant_data()
    campaign.get(page.url)
    for value in VALUES:
        campaign.post(page.url, {management: "nguoi-nop", **_with(applicant, value)})
        campaign.post(page.url, {management: "nguoi-nop", "autosave": "1", **_with(applicant, value)})
        campaign.post(page.url, {management: value, **applicant})
    campaign.post(page.url, {management: "nguoi-nop", **applicant})  # a good step, to reach the next ones
    for value in SAMPLE:
        campaign.post(page.url, {management: "khai-1", **_with(w.declaration_data(), value)})
        campaign.post(page.url, {management: "nhan-ket-qua", **_with(w.delivery_data(), value)})
        campaign.post(page.url, {management: "giay-to", "giay-to-channel": value})
        campaign.post(page.url, {management: "nguoi-nop", **applicant, "wizard_goto_step": value})

    standard_management = f"procedure-{standard.pk}-current_step"
    flow = f"/nop-ho-so/thu-tuc/{standard.code}/"
    campaign.get(flow)
    for value in SAMPLE:
        campaign.post(flow, {standard_management: "nguoi-nop", **_with(applicant, value)})
    campaign.post(flow, {standard_management: "nguoi-nop", **applicant})
    for value in SAMPLE:
        campaign.post(flow, {standard_management: "de-nghi", "de-nghi-request": value})

    for value in VALUES:
        campaign.post("/tra-cuu-ho-so/", {"code": value, "phone": value})
        campaign.post("/tra-cuu-ho-so/", {"code": site["dossier"].code, "phone": value})
    assert campaign.failures == [], f"{len(campaign.failures)} of {campaign.sent} requests gave 5xx"


def test_back_office_list_answers_malformed_filters_and_searches(campaign, site):
    officer = f.staff_make("can-bo-fuzz", f.OFFICERS)
    campaign.client.force_login(officer)
    index = "/admin/forms/dossier/"
    params = ["q", "p", "status", "channel", "thu_tuc", "linh_vuc", "thoi_han", "delivery_method", "o", "export"]
    campaign.query(index, params, SAMPLE)
    campaign.query("/admin/forms/tiep-nhan-tai-quay/", ["thu_tuc", "q"], SAMPLE)
    for action in ("inspect", "history", "edit", "delete"):
        campaign.path(f"/admin/forms/dossier/{action}/{{}}/", SAMPLE)
    assert campaign.failures == [], f"{len(campaign.failures)} of {campaign.sent} requests gave 5xx"
