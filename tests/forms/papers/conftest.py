"""Fixtures of the papers tests: the commune's settings, a fixed reception time, PDF text reading."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from wagtail.models import Site

from cms.models import CommuneSettings

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 7 December 2026, 09:05, within the counter's hours: the clock starts that day and three
# working days later the appointment is Thursday 10 December (no public holiday in between).
RECEIVED_AT = datetime(2026, 12, 7, 9, 5, tzinfo=HANOI)
COMMITTEE = "Ủy ban nhân dân xã Hàm Chính"
ADDRESS = "Thôn Ninh Thuận, xã Hàm Chính, tỉnh Lâm Đồng"
HOTLINE = "0252 3865 123"


@pytest.fixture
def commune(home):
    """The commune settings of the default site, set before any dossier reads them."""
    settings = CommuneSettings.for_site(Site.objects.get(is_default_site=True))
    settings.commune_name = "Xã Hàm Chính"
    settings.committee_name = COMMITTEE
    settings.address = ADDRESS
    settings.hotline = HOTLINE
    settings.save()
    return settings


def pdf_reader(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF")
    return PdfReader(io.BytesIO(pdf))


def pdf_lines(pdf: bytes) -> list[str]:
    """The text of every page, one stripped line per item (table cells come out one per line)."""
    text = "\n".join(page.extract_text() for page in pdf_reader(pdf).pages)
    return [line.strip() for line in text.splitlines() if line.strip()]


def pdf_flat(pdf: bytes) -> str:
    """The text with all whitespace collapsed: wrapped lines and table cells read as one string."""
    return " ".join(" ".join(pdf_lines(pdf)).split())
