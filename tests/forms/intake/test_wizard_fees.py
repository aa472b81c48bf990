"""The wizard asks the fee case where the procedure has cases, and shows the amount due on the
check-your-answers step (issue 13); dossier_submit stores what the server recomputes.

Items as for a marriage registration: lệ phí 20.000 đồng, waived for poor households (an item of
zero for that case), 8.000 đồng per extra copy of the extract (Circular 281/2016/TT-BTC).
"""

import re

import pytest

from cms.models import ProcedureFee
from forms.models import Dossier, PaymentStatus
from tests.factories import procedure_make
from tests.forms import factories as f
from tests.forms.intake import wizard as w
from tests.forms.intake.test_standard_flow import REQUEST, Flow

pytestmark = pytest.mark.django_db
POOR = "Người thuộc hộ nghèo"
MARRIAGE = [
    {"kind": "le_phi", "name": "Lệ phí đăng ký kết hôn", "amount": 20000},
    {"kind": "le_phi", "name": "Lệ phí đăng ký kết hôn", "amount": 0, "case": POOR},
    {"kind": "phi", "name": "Phí cấp bản sao trích lục", "amount": 8000, "per_copy": True},
]


def fees_set(procedure, items):
    procedure.fee_items = [ProcedureFee(sort_order=i, **item) for i, item in enumerate(items)]
    procedure.save_revision().publish()
    procedure.refresh_from_db()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _fees_box(html: str) -> str:
    start = html.index('id="muc-phi-le-phi">') + len('id="muc-phi-le-phi">')
    return "Phí, lệ phí " + _text(html[start : html.index("</section>", start)]).removeprefix("Phí, lệ phí ")


@pytest.fixture
def page(home):
    page = f.form_page_make()
    fees_set(page.procedure, MARRIAGE)
    return page


def to_delivery(client, page):
    client.get(page.url)
    w.step_accept(client, page, "nguoi-nop", w.applicant_data())
    w.step_accept(client, page, "khai-1", w.declaration_data())
    w.step_accept(client, page, "giay-to", w.documents_data(page))


def test_the_delivery_step_asks_the_fee_case_with_a_none_choice(client, page):
    to_delivery(client, page)
    html = client.get(page.url + "?buoc=nhan-ket-qua").content.decode()
    assert "Trường hợp thu phí" in html
    assert f'value="{POOR}"' in html
    assert "Không thuộc trường hợp nào trên" in html
    refused = w.post_step(client, page, "nhan-ket-qua", w.delivery_data(), follow=True)
    assert "Hãy chọn trường hợp thu phí của ông/bà." in refused.content.decode()


def test_the_review_shows_the_lines_and_the_total_and_the_dossier_stores_them(client, page):
    to_delivery(client, page)
    w.step_accept(
        client,
        page,
        "nhan-ket-qua",
        w.delivery_data(**{"nhan-ket-qua-fee_case": "khong", "nhan-ket-qua-extra_copies": "2"}),
    )
    review = client.get(page.url + "?buoc=kiem-tra").content.decode()
    assert _fees_box(review).startswith(
        "Phí, lệ phí Lệ phí đăng ký kết hôn 20.000 đồng Phí cấp bản sao trích lục (2 bản) 16.000 đồng "
        "Tổng số tiền phải nộp: 36.000 đồng"
    )
    assert "Trường hợp thu phí Không thuộc trường hợp nào trên" in _text(review)
    w.step_accept(client, page, "kiem-tra", {})
    w.post_step(client, page, "cam-doan", {"cam-doan-agree": "on"})
    dossier = Dossier.objects.get()
    assert (dossier.fee_case, dossier.extra_copies, dossier.amount_due) == ("", 2, 36000)
    assert dossier.payment_status == PaymentStatus.AWAITING


def test_the_exemption_case_is_free(client, page):
    to_delivery(client, page)
    w.step_accept(client, page, "nhan-ket-qua", w.delivery_data(**{"nhan-ket-qua-fee_case": POOR}))
    review = client.get(page.url + "?buoc=kiem-tra").content.decode()
    assert _fees_box(review) == "Phí, lệ phí Lệ phí đăng ký kết hôn Miễn Thủ tục này không mất phí."
    w.step_accept(client, page, "kiem-tra", {})
    w.post_step(client, page, "cam-doan", {"cam-doan-agree": "on"})
    dossier = Dossier.objects.get()
    assert (dossier.fee_case, dossier.amount_due, dossier.payment_status) == (POOR, 0, PaymentStatus.NOT_REQUIRED)


def test_a_posted_amount_or_a_made_up_case_is_not_trusted(client, page):
    to_delivery(client, page)
    response = w.post_step(
        client,
        page,
        "nhan-ket-qua",
        w.delivery_data(**{"nhan-ket-qua-fee_case": "Người có công", "nhan-ket-qua-amount_due": "0"}),
    )
    assert "Trường hợp thu phí không thuộc thủ tục này; hãy chọn lại." in response.content.decode()
    w.step_accept(
        client, page, "nhan-ket-qua", w.delivery_data(**{"nhan-ket-qua-fee_case": "khong", "amount_due": "1"})
    )
    w.step_accept(client, page, "kiem-tra", {})
    w.post_step(client, page, "cam-doan", {"cam-doan-agree": "on", "amount_due": "1"})
    assert Dossier.objects.get().amount_due == 20000


def test_without_cases_nothing_is_asked_and_the_total_is_shown(client, home):
    page = f.form_page_make()
    fees_set(page.procedure, [{"kind": "le_phi", "name": "Lệ phí chứng thực", "amount": 10000}])
    to_delivery(client, page)
    html = client.get(page.url + "?buoc=nhan-ket-qua").content.decode()
    assert "Trường hợp thu phí" not in html
    w.step_accept(client, page, "nhan-ket-qua", w.delivery_data())
    review = client.get(page.url + "?buoc=kiem-tra").content.decode()
    assert "Tổng số tiền phải nộp: 10.000 đồng" in _fees_box(review)


def test_without_items_the_review_gives_the_catalogue_text(client, home):
    page = f.form_page_make()
    to_delivery(client, page)
    w.step_accept(client, page, "nhan-ket-qua", w.delivery_data())
    review = _fees_box(client.get(page.url + "?buoc=kiem-tra").content.decode())
    assert review == (
        "Phí, lệ phí Theo danh mục thủ tục: Miễn lệ phí "
        "Bộ phận Một cửa sẽ thông báo số tiền phải nộp (nếu có) khi tiếp nhận hồ sơ."
    )


def test_the_standard_flow_asks_the_case_of_the_postal_items_when_sent_by_post(client, home):
    procedure = procedure_make(documents=1)
    fees_set(
        procedure,
        [
            {"kind": "le_phi", "name": "Lệ phí", "amount": 15000, "channel": "online"},
            {"kind": "le_phi", "name": "Lệ phí", "amount": 20000, "channel": "postal"},
            {"kind": "le_phi", "name": "Lệ phí", "amount": 0, "channel": "postal", "case": POOR},
        ],
    )
    flow = Flow(procedure)
    client.get(flow.url)
    flow.post(client, "nguoi-nop", w.applicant_data())
    flow.post(client, "de-nghi", REQUEST)
    flow.post(client, "giay-to", {"giay-to-channel": "post"})
    html = client.get(flow.url + "?buoc=nhan-ket-qua").content.decode()
    assert f'value="{POOR}"' in html
    flow.post(client, "nhan-ket-qua", w.delivery_data(**{"nhan-ket-qua-fee_case": "khong"}))
    review = _fees_box(client.get(flow.url + "?buoc=kiem-tra").content.decode())
    assert "Tổng số tiền phải nộp: 20.000 đồng" in review
    flow.post(client, "kiem-tra", {})
    flow.post(client, "cam-doan", {"cam-doan-agree": "on"})
    dossier = Dossier.objects.get()
    assert (dossier.channel, dossier.amount_due) == ("post", 20000)
