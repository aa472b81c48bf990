"""The VietQR plugin: registered, available once the commune has an account, and its code decoded.

Codes are decoded with the independent decoder of ``test_vietqr`` (TLV parser, bit-by-bit CRC).
"""

import base64

import pytest

from forms.models import PaymentStatus
from forms.payments.banks import bank_name
from forms.payments.plugins.vietqr import VietQRPlugin, transfer_details
from forms.payments.registry import PaymentNotSupported, get_plugin, plugins
from tests.forms import factories as f
from tests.forms.payments.conftest import ACCOUNT, RECEIVED_AT, fee_set, qr_codes_in_image
from tests.forms.payments.test_vietqr import crc_bitwise, tlv

pytestmark = pytest.mark.django_db


def decoded(payload: str) -> dict:
    fields = tlv(payload)
    assert fields["63"] == f"{crc_bitwise(payload[:-4].encode('ascii')):04X}"
    merchant = tlv(fields["38"])
    return {
        "guid": merchant["00"],
        "service": merchant["02"],
        **{key: value for key, value in zip(("bin", "account"), tlv(merchant["01"]).values(), strict=True)},
        "currency": fields["53"],
        "amount": fields["54"],
        "country": fields["58"],
        "memo": tlv(fields["62"])["08"],
    }


def test_registered_under_its_identifier_and_label():
    plugin = get_plugin("vietqr")
    assert isinstance(plugin, VietQRPlugin)
    assert plugin.label == "Chuyển khoản VietQR"
    assert plugin.online is True
    assert plugin in plugins()


def test_available_only_with_a_bank_and_an_account(commune):
    plugin = get_plugin("vietqr")
    assert plugin.is_available(site_settings=commune)
    commune.bank_account_number = ""
    assert not plugin.is_available(site_settings=commune)
    commune.bank_account_number = ACCOUNT
    commune.bank_bin = ""
    assert not plugin.is_available(site_settings=commune)


def test_start_gives_the_code_and_the_same_details_as_text(rf, due_dossier):
    started = get_plugin("vietqr").start(request=rf.get("/"), dossier=due_dossier)
    assert started.template == "forms/payments/vietqr.html"
    assert started.redirect_url == ""
    transfer = started.context["transfer"]
    assert transfer.bank_bin == "970415"
    assert transfer.bank_name == "Ngân hàng TMCP Công Thương Việt Nam (VietinBank)"
    assert transfer.account == "113000123456"
    assert transfer.account_name == "UBND XA HAM CHINH"
    assert transfer.amount == 20000
    assert transfer.amount_text == "20.000 đồng"
    assert transfer.memo == due_dossier.code.upper()
    assert decoded(transfer.payload) == {
        "guid": "A000000727",
        "service": "QRIBFTTA",
        "bin": "970415",
        "account": "113000123456",
        "currency": "704",
        "amount": "20000",
        "country": "VN",
        "memo": due_dossier.code.upper(),
    }
    # The image is a PNG data URI: the Content-Security-Policy allows data: images.
    prefix = "data:image/png;base64,"
    assert started.context["qr_src"].startswith(prefix)
    png = base64.b64decode(started.context["qr_src"][len(prefix) :])
    assert qr_codes_in_image(png) == [transfer.payload]


def test_a_partly_paid_dossier_asks_for_what_remains(commune):
    dossier = fee_set(f.dossier_make(received_at=RECEIVED_AT), due=70000, paid=20000, status=PaymentStatus.PARTIAL)
    transfer = transfer_details(dossier=dossier, site_settings=commune)
    assert transfer.amount == 50000
    assert decoded(transfer.payload)["amount"] == "50000"


def test_nothing_to_transfer_when_paid_or_nothing_due(commune):
    paid = fee_set(f.dossier_make(received_at=RECEIVED_AT), due=20000, paid=20000, status=PaymentStatus.PAID)
    free = f.dossier_make(received_at=RECEIVED_AT)
    assert transfer_details(dossier=paid, site_settings=commune) is None
    assert transfer_details(dossier=free, site_settings=commune) is None


def test_a_bank_transfer_has_no_return_or_webhook_step(rf, due_dossier):
    plugin = get_plugin("vietqr")
    with pytest.raises(PaymentNotSupported):
        plugin.handle_return(request=rf.get("/"), dossier=due_dossier)
    with pytest.raises(PaymentNotSupported):
        plugin.handle_webhook(request=rf.post("/"))


def test_bank_names_by_bin_and_an_unknown_bin_as_it_is():
    assert bank_name("970436") == "Ngân hàng TMCP Ngoại thương Việt Nam (Vietcombank)"
    assert bank_name("970418") == "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam (BIDV)"
    assert bank_name("970405") == "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam (Agribank)"
    assert bank_name("970999") == "Ngân hàng có mã BIN 970999"


def test_return_url_names_the_plugin_and_the_dossier_token(rf, due_dossier):
    from forms.payments.registry import return_url

    plugin = get_plugin("vietqr")
    expected = f"/thanh-toan/vietqr/tra-ve/?ma={due_dossier.access_token}"
    assert return_url(plugin=plugin, dossier=due_dossier) == expected
    assert return_url(plugin=plugin, dossier=due_dossier, request=rf.get("/")) == f"http://testserver{expected}"
