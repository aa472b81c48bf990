"""Fixtures of the payments tests: the commune's fee account, dossiers with a fee due, PDF text."""

import shutil
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from wagtail.models import Site

from cms.models import CommuneSettings
from forms.models import Dossier, PaymentStatus
from tests.forms import factories as f

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
RECEIVED_AT = datetime(2026, 12, 7, 9, 5, tzinfo=HANOI)
BANK_BIN = "970415"
ACCOUNT = "113000123456"
ACCOUNT_NAME = "UBND XA HAM CHINH"


@pytest.fixture
def commune(home):
    """The default site's commune, with its fee account at VietinBank (BIN 970415)."""
    settings = CommuneSettings.for_site(Site.objects.get(is_default_site=True))
    settings.commune_name = "Xã Hàm Chính"
    settings.committee_name = "Ủy ban nhân dân xã Hàm Chính"
    settings.bank_bin = BANK_BIN
    settings.bank_account_number = ACCOUNT
    settings.bank_account_name = ACCOUNT_NAME
    settings.save()
    return settings


def fee_set(dossier: Dossier, *, due: int, paid: int = 0, status: str = PaymentStatus.AWAITING) -> Dossier:
    """Give ``dossier`` a fee as the submission would (the "fees" part computes it there)."""
    Dossier.objects.filter(pk=dossier.pk).update(amount_due=due, amount_paid=paid, payment_status=status)
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def due_dossier(commune):
    """A received dossier owing 20,000 đồng, nothing paid yet."""
    return fee_set(f.dossier_make(received_at=RECEIVED_AT), due=20000)


def pdf_text(pdf: bytes) -> str:
    """The PDF's text by poppler's pdftotext (not the library that wrote it), whitespace collapsed."""
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())


def qr_codes_in_image(png: bytes) -> list[str]:
    """Every QR code zbar (an independent decoder) reads in a PNG image."""
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg is not installed")
    result = subprocess.run(
        ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", "-"], input=png, capture_output=True
    )
    return [line for line in result.stdout.decode("utf-8").splitlines() if line]


def qr_codes_in_pdf(pdf: bytes) -> list[str]:
    """Every QR code on the PDF's first page, rasterised by poppler at 200 dpi."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    png = subprocess.run(
        ["pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-png", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    return qr_codes_in_image(png)
