"""The papers of a dossier name the commune it belongs to (issue #17), whatever host they are asked on.

Mẫu 01–05 (Circular 01/2018/TT-VPCP), the postal cover sheet and the declaration carry the issuing
committee, its place name, address and hotline; the receipt's QR code opens the tracking page on
the commune's own host.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cms.models import CommuneSettings
from forms.lifecycle.services import dossier_tracking_url
from forms.papers.services import paper_pdf
from tests.forms import factories as f
from tests.forms.papers.conftest import pdf_flat, pdf_lines

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
RECEIVED_AT = datetime(2026, 12, 7, 9, 5, tzinfo=HANOI)
ADDRESS_A = "Thôn 1, xã Hàm Liêm, tỉnh Lâm Đồng"
HOTLINE_A = "0252 3860 111"
ADDRESS_B = "Thôn Phú Cường, xã Hàm Thuận Bắc, tỉnh Lâm Đồng"
HOTLINE_B = "0252 3865 999"


@pytest.fixture
def communes(two_communes):
    for site, address, hotline in ((two_communes.a, ADDRESS_A, HOTLINE_A), (two_communes.b, ADDRESS_B, HOTLINE_B)):
        settings = CommuneSettings.for_site(site)
        settings.address, settings.hotline = address, hotline
        settings.save()
    two_communes.page = f.form_page_make(procedure=two_communes.procedure)
    return two_communes


def test_receipt_of_a_dossier_of_commune_b_is_issued_by_commune_b(communes):
    dossier = f.dossier_make(page=communes.page, site=communes.b, received_at=RECEIVED_AT)
    pdf = paper_pdf(dossier=dossier, form="mau-01")[1]
    flat = pdf_flat(pdf)

    # The committee's name wraps in the header's narrow column.
    assert "ỦY BAN NHÂN DÂN XÃ HÀM THUẬN BẮC BỘ PHẬN MỘT CỬA" in flat
    assert "Hàm Thuận Bắc, ngày 07 tháng 12 năm 2026" in pdf_lines(pdf)
    assert "HÀM LIÊM" not in flat
    assert f"Mã hồ sơ: {dossier.code}" in flat and dossier.code.startswith("23089-")


def test_receipt_of_the_default_communes_dossier_stays_its_own(communes):
    dossier = f.dossier_make(page=communes.page, site=communes.a, received_at=RECEIVED_AT)
    pdf = paper_pdf(dossier=dossier, form="mau-01")[1]
    assert "ỦY BAN NHÂN DÂN XÃ HÀM LIÊM BỘ PHẬN MỘT CỬA" in pdf_flat(pdf)
    assert "Hàm Liêm, ngày 07 tháng 12 năm 2026" in pdf_lines(pdf)


def test_postal_cover_sheet_and_declaration_go_to_commune_b(communes):
    dossier = f.dossier_make(
        page=communes.page, site=communes.b, received=False, received_at=RECEIVED_AT, channel="post", attachments=[]
    )
    flat = pdf_flat(paper_pdf(dossier=dossier, form="phieu-gui")[1])
    assert "Bộ phận Một cửa – Ủy ban nhân dân xã Hàm Thuận Bắc" in flat
    assert ADDRESS_B in flat and HOTLINE_B in flat
    assert ADDRESS_A not in flat and HOTLINE_A not in flat

    declaration = pdf_flat(paper_pdf(dossier=dossier, form="to-khai")[1])
    assert "Kính gửi: Ủy ban nhân dân xã Hàm Thuận Bắc" in declaration


def test_tracking_link_and_qr_code_point_at_the_communes_host(communes):
    in_b = f.dossier_make(page=communes.page, site=communes.b, received_at=RECEIVED_AT)
    in_a = f.dossier_make(page=communes.page, site=communes.a, received_at=RECEIVED_AT)
    assert dossier_tracking_url(in_b) == f"http://hamthuanbac.test/tra-cuu-ho-so/{in_b.access_token}/"
    assert dossier_tracking_url(in_a) == f"http://localhost/tra-cuu-ho-so/{in_a.access_token}/"


def test_paper_downloaded_on_the_other_communes_host_names_the_dossiers_commune(client, communes):
    dossier = f.dossier_make(page=communes.page, site=communes.b, received_at=RECEIVED_AT)
    f.tracking_open(client, dossier)  # on localhost, commune A's host
    response = client.get(f"/tra-cuu-ho-so/{dossier.access_token}/giay-to/mau-01.pdf")
    assert response.status_code == 200
    flat = pdf_flat(b"".join(response.streaming_content) if response.streaming else response.content)
    assert "ỦY BAN NHÂN DÂN XÃ HÀM THUẬN BẮC" in flat
    assert "HÀM LIÊM" not in flat
