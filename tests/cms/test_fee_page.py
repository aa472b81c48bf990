"""The public procedure page shows the fee items as a table (issue 13), the catalogue's text otherwise."""

import re

import pytest

from cms.models import ProcedureFee
from tests import factories

pytestmark = pytest.mark.django_db


def fees_set(procedure, items):
    procedure.fee_items = [ProcedureFee(sort_order=i, **item) for i, item in enumerate(items)]
    procedure.save_revision().publish()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _fee_section(html: str) -> str:
    start = html.index('id="phi-le-phi"')
    return html[start : html.index("</section>", start)]


def test_the_fee_table_lists_item_amount_case_and_channel(client, procedure_index):
    procedure = factories.procedure_make(parent=procedure_index, fees="Lệ phí: 20.000 đồng (Thông tư 85/2019/TT-BTC)")
    fees_set(
        procedure,
        [
            {"kind": "le_phi", "name": "Lệ phí đăng ký kết hôn", "amount": 20000, "unit": "lần"},
            {"kind": "le_phi", "name": "", "amount": 0, "case": "Người thuộc hộ nghèo"},
            {"kind": "phi", "name": "Phí cấp bản sao", "amount": 8000, "channel": "online", "per_copy": True},
        ],
    )
    html = client.get(procedure.url).content.decode()
    rows = [_text(row) for row in re.findall(r"<tr>(.*?)</tr>", _fee_section(html), re.S)][1:]  # after the head
    assert rows == [
        "Lệ phí đăng ký kết hôn 20.000 đồng/lần Mọi trường hợp Mọi hình thức",
        "Lệ phí Miễn phí Người thuộc hộ nghèo Mọi hình thức",
        "Phí cấp bản sao 8.000 đồng mỗi bản sao xin thêm Mọi trường hợp Trực tuyến",
    ]
    section = _fee_section(html)
    assert 'data-label="Số tiền"' in section  # a phone shows each row as a card with its labels
    assert "Lời văn trong danh mục thủ tục hành chính" in section
    assert "Lệ phí: 20.000 đồng (Thông tư 85/2019/TT-BTC)" in section
    assert "20.000 đồng (có trường hợp được miễn) · " in _text(html)
    assert '<a href="#phi-le-phi">Phí, lệ phí</a>' in html


@pytest.mark.parametrize(
    ("amounts", "summary"),
    [([0], "Miễn phí"), ([7000, 10000], "Từ 7.000 đến 10.000 đồng"), ([50000], "50.000 đồng")],
)
def test_the_summary_box_gives_the_amounts_in_one_line(client, procedure_index, amounts, summary):
    procedure = factories.procedure_make(parent=procedure_index)
    fees_set(procedure, [{"kind": "le_phi", "amount": amount} for amount in amounts])
    html = client.get(procedure.url).content.decode()
    assert f'<dd>{summary} · <a href="#phi-le-phi">Xem bảng phí, lệ phí</a></dd>' in html


def test_without_items_the_catalogue_text_stays(client, procedure_index):
    procedure = factories.procedure_make(parent=procedure_index, fees="Theo quy định của Hội đồng nhân dân tỉnh")
    html = client.get(procedure.url).content.decode()
    assert 'id="phi-le-phi"' not in html
    assert "<dd>Theo quy định của Hội đồng nhân dân tỉnh</dd>" in html


def test_a_procedure_that_waits_for_payment_says_so_under_its_fees(client, procedure_index):
    procedure = factories.procedure_make(parent=procedure_index)
    procedure.payment_before_processing = True
    fees_set(procedure, [{"kind": "le_phi", "name": "Lệ phí", "amount": 20000}])
    section = _text(_fee_section(client.get(procedure.url).content.decode()))
    assert "Lưu ý: hồ sơ chỉ được chuyển giải quyết sau khi người nộp đã nộp đủ phí, lệ phí." in section

    procedure.payment_before_processing = False
    fees_set(procedure, [{"kind": "le_phi", "name": "Lệ phí", "amount": 20000}])
    assert "chỉ được chuyển giải quyết" not in client.get(procedure.url).content.decode()
