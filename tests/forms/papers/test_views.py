"""Downloading papers: citizens by their dossier's token and phone, staff by the dossier permission; the links."""

import pytest

from django.contrib.auth.models import Permission
from django.template import Context, Template

from forms.lifecycle.services import dossier_apologise
from tests.forms import factories as f
from tests.forms.papers.conftest import RECEIVED_AT, pdf_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(commune):
    return f.dossier_make(received_at=RECEIVED_AT)


def test_citizen_opens_a_paper_inline_with_an_ascii_file_name(client, dossier):
    f.tracking_open(client, dossier)
    response = client.get(f"/tra-cuu-ho-so/{dossier.access_token}/giay-to/mau-01.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="mau-01-{dossier.code}.pdf"'
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in pdf_lines(response.content)


def test_the_older_receipt_address_serves_mau_01(client, dossier):
    f.tracking_open(client, dossier)
    response = client.get(f"/tra-cuu-ho-so/{dossier.access_token}/giay-tiep-nhan.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="mau-01-{dossier.code}.pdf"'


def test_a_paper_the_dossier_does_not_have_is_404(client, commune):
    waiting = f.dossier_make(received=False)
    f.tracking_open(client, waiting)
    for path in ("giay-tiep-nhan.pdf", "giay-to/mau-01.pdf", "giay-to/mau-04.pdf", "giay-to/phieu-gui.pdf"):
        assert client.get(f"/tra-cuu-ho-so/{waiting.access_token}/{path}").status_code == 404, path
    assert client.get(f"/tra-cuu-ho-so/{waiting.access_token}/giay-to/khong-co.pdf").status_code == 404


def test_a_wrong_or_another_dossiers_token_opens_nothing_of_this_one(client, dossier):
    dossier_apologise(
        dossier=dossier,
        actor=f.receiving_officer(),
        new_due_date=RECEIVED_AT.date().replace(day=15),
        reason="Chờ xác minh",
    )
    f.tracking_open(client, dossier)
    assert client.get(f"/tra-cuu-ho-so/{dossier.access_token}/giay-to/mau-04.pdf").status_code == 200
    other = f.dossier_make(received_at=RECEIVED_AT)
    # Opened by this dossier's phone, the other dossier's papers stay shut.
    assert client.get(f"/tra-cuu-ho-so/{other.access_token}/giay-to/mau-01.pdf").status_code == 302
    f.tracking_open(client, other)
    assert client.get(f"/tra-cuu-ho-so/{other.access_token}/giay-to/mau-04.pdf").status_code == 404
    response = client.get(f"/tra-cuu-ho-so/{other.access_token}/giay-to/mau-01.pdf")
    assert other.code in response["Content-Disposition"] and dossier.code not in response["Content-Disposition"]
    assert client.get("/tra-cuu-ho-so/khong-dung/giay-to/mau-01.pdf").status_code == 404
    assert client.get(f"/tra-cuu-ho-so/{'x' * 65}/giay-to/mau-01.pdf").status_code == 404


def test_staff_need_the_dossier_permission(client, dossier, django_user_model):
    url = f"/ho-so/{dossier.pk}/giay-to/mau-05.pdf"
    assert client.get(url).status_code == 404  # anonymous
    editor = django_user_model.objects.create_user("bien-tap", password="x", is_staff=True)
    client.force_login(editor)
    assert client.get(url).status_code == 404  # staff without the permission
    editor.user_permissions.add(Permission.objects.get(codename="view_dossier"))
    client.force_login(django_user_model.objects.get(pk=editor.pk))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="mau-05-{dossier.code}.pdf"'
    assert client.get(f"/ho-so/{dossier.pk + 1000}/giay-to/mau-05.pdf").status_code == 404


def test_counter_officers_open_papers_from_the_back_office(client, dossier):
    client.force_login(f.staff_make("can-bo", f.OFFICERS))
    assert client.get(f"/ho-so/{dossier.pk}/giay-to/mau-01.pdf").status_code == 200


def test_tracking_page_lists_the_papers(client, dossier):
    assert "giay-to/mau-01.pdf" not in client.get(f"/tra-cuu-ho-so/{dossier.access_token}/").content.decode()
    f.tracking_open(client, dossier)
    html = client.get(f"/tra-cuu-ho-so/{dossier.access_token}/").content.decode()
    assert f'href="/tra-cuu-ho-so/{dossier.access_token}/giay-to/mau-01.pdf"' in html
    assert "Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)" in html
    assert f'href="/tra-cuu-ho-so/{dossier.access_token}/giay-to/mau-05.pdf"' in html


def test_tracking_page_before_reception_says_when_the_receipt_comes(client, commune):
    waiting = f.dossier_make(received=False)
    f.tracking_open(client, waiting)
    html = client.get(f"/tra-cuu-ho-so/{waiting.access_token}/").content.decode()
    assert "giay-to/mau-01.pdf" not in html
    assert (
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01) có khi Bộ phận Một cửa kiểm tra và tiếp nhận hồ sơ." in html
    )


def test_postal_dossier_offers_its_papers_on_the_confirmation_page(client, commune):
    postal = f.dossier_make(received=False, channel="post", attachments=[])
    f.tracking_open(client, postal)  # as the wizard does for the session that submitted
    html = client.get(f"/tra-cuu-ho-so/{postal.access_token}/da-nop/").content.decode()
    assert f'href="/tra-cuu-ho-so/{postal.access_token}/giay-to/phieu-gui.pdf"' in html
    assert "Phiếu gửi hồ sơ qua bưu chính công ích (PDF)" in html
    assert f'href="/tra-cuu-ho-so/{postal.access_token}/giay-to/to-khai.pdf"' in html
    assert "In phiếu gửi hồ sơ và tờ khai ở trên, ký vào tờ khai" in html


def test_the_tag_links_staff_to_the_permission_checked_address(dossier):
    template = Template("{% load paper_tags %}{% dossier_paper_links dossier staff=True %}")
    html = template.render(Context({"dossier": dossier}))
    assert f'href="/ho-so/{dossier.pk}/giay-to/mau-01.pdf"' in html
    assert dossier.access_token not in html
