"""Tracking across the province (issue #17): a dossier is found by its code and phone on any commune's
host, and its page names the commune handling it, with that commune's address and hotline."""

import html

import pytest

from cms.models import CommuneSettings
from tests.forms import factories as f

pytestmark = pytest.mark.django_db

HOTLINE_A, HOTLINE_B = "0252 3860 111", "0252 3865 999"


@pytest.fixture
def in_b(two_communes):
    for site, hotline, address in (
        (two_communes.a, HOTLINE_A, "Thôn 1, xã Hàm Liêm"),
        (two_communes.b, HOTLINE_B, "Thôn Phú Cường, xã Hàm Thuận Bắc"),
    ):
        settings = CommuneSettings.for_site(site)
        settings.committee_name = f"Ủy ban nhân dân {settings.commune_name[:1].lower()}{settings.commune_name[1:]}"
        settings.hotline, settings.address = hotline, address
        settings.save()
    page = f.form_page_make(procedure=two_communes.procedure)
    return f.dossier_make(page=page, site=two_communes.b, received=False)


@pytest.mark.parametrize("host", ["localhost", "hamthuanbac.test"])
def test_lookup_finds_the_dossier_on_any_communes_host(client, in_b, host):
    response = client.post("/tra-cuu-ho-so/", {"code": in_b.code, "phone": in_b.applicant_phone}, HTTP_HOST=host)
    assert response.status_code == 302
    assert response["Location"] == f"/tra-cuu-ho-so/{in_b.access_token}/"


def test_tracking_page_on_another_host_names_the_dossiers_commune(client, in_b):
    text = html.unescape(client.get(f"/tra-cuu-ho-so/{in_b.access_token}/").content.decode())  # commune A's host
    assert (
        "<dd data-dossier-commune>Bộ phận Một cửa – Ủy ban nhân dân xã Hàm Thuận Bắc, "
        "Thôn Phú Cường, xã Hàm Thuận Bắc · Điện thoại: "
        f'<a href="tel:02523865999">{HOTLINE_B}</a></dd>'
    ) in text


def test_postal_instructions_send_the_papers_to_the_dossiers_commune(client, two_communes, in_b):
    page = f.form_page_make(procedure=two_communes.procedure)
    two_communes.procedure.postal_submission = True
    two_communes.procedure.save_revision().publish()
    posted = f.dossier_make(page=page, site=two_communes.b, received=False, channel="post", attachments=[])
    f.tracking_open(client, posted)
    text = html.unescape(client.get(f"/tra-cuu-ho-so/{posted.access_token}/").content.decode())
    assert (
        "Gửi qua bưu điện (dịch vụ bưu chính công ích) tới Bộ phận Một cửa – Ủy ban nhân dân xã Hàm Thuận Bắc, "
        "Thôn Phú Cường, xã Hàm Thuận Bắc."
    ) in text


@pytest.mark.parametrize(
    ("host", "example"), [("localhost", "23098-261122-0001"), ("hamthuanbac.test", "23089-261122-0001")]
)
def test_the_lookup_example_code_carries_the_prefix_of_the_communes_host(client, two_communes, host, example):
    page = html.unescape(client.get("/tra-cuu-ho-so/", HTTP_HOST=host).content.decode())
    assert f"In trên giấy tiếp nhận hồ sơ, ví dụ {example}." in page
