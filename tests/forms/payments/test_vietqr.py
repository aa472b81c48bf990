"""VietQR payloads decoded by an independent decoder written here (TLV parser, bit-by-bit CRC).

The decoder follows the EMV QR Code Specification for Payment Systems (Merchant-Presented Mode)
and NAPAS's VietQR profile; it shares no code with ``forms.payments.vietqr``.
"""

import io
import shutil
import subprocess

import pytest

from forms.payments.vietqr import (
    TransferRequest,
    VietQRError,
    _field,
    fold_vietnamese,
    transfer_request,
    vietqr_payload,
    vietqr_png,
    vietqr_svg,
)

# A payload issued by payOS (a Vietnamese payment gateway) for a real 7,000 đồng order, stored in
# a public repository's SQL dump (found with the search tool's code corpus: find_string
# "0010A000000727", file id 8069385001; the QR URL there has the space as "%20").
PAYOS_PAYLOAD = (
    "00020101021238570010A000000727012700069704220113VQRQADAIJ55120208QRIBFTTA"
    "5303704540470005802VN62120808TL89 1006304E346"
)


def tlv(text):
    """Parse ID(2) + length(2) + value fields into a dict, failing on any malformed field."""
    fields = {}
    pos = 0
    while pos < len(text):
        tag, length = text[pos : pos + 2], int(text[pos + 2 : pos + 4])
        value = text[pos + 4 : pos + 4 + length]
        assert len(value) == length, f"field {tag} is cut short"
        assert tag not in fields, f"field {tag} repeated"
        fields[tag] = value
        pos += 4 + length
    return fields


def crc_bitwise(data: bytes) -> int:
    """CRC-16/CCITT-FALSE computed bit by bit: polynomial 0x1021, initial 0xFFFF, no reflection."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def test_crc_bitwise_matches_the_published_check_value():
    # CRC-16/CCITT-FALSE's catalogued check value for "123456789" is 0x29B1.
    assert crc_bitwise(b"123456789") == 0x29B1


def test_payload_decodes_tag_by_tag():
    payload = vietqr_payload(bank_bin="970436", account="0011001234567", amount=50000, memo="HS 2026-0001")
    fields = tlv(payload)
    assert list(fields) == ["00", "01", "38", "53", "54", "58", "62", "63"]
    assert fields["00"] == "01"
    assert fields["01"] == "12"
    merchant = tlv(fields["38"])
    assert merchant == {"00": "A000000727", "01": merchant["01"], "02": "QRIBFTTA"}
    assert tlv(merchant["01"]) == {"00": "970436", "01": "0011001234567"}
    assert fields["53"] == "704"
    assert fields["54"] == "50000"
    assert fields["58"] == "VN"
    assert tlv(fields["62"]) == {"08": "HS 2026-0001"}
    assert payload.endswith("6304" + fields["63"])
    assert fields["63"] == f"{crc_bitwise(payload[:-4].encode('ascii')):04X}"


def test_payload_written_out():
    payload = vietqr_payload(bank_bin="970436", account="0011001234567", amount=50000, memo="HS 2026-0001")
    assert payload == (
        "000201010212"
        "38570010A00000072701270006970436011300110012345670208QRIBFTTA"
        "5303704"
        "540550000"
        "5802VN"
        "62160812HS 2026-0001"
        "6304" + f"{crc_bitwise(payload[:-4].encode('ascii')):04X}"
    )


def test_known_good_payos_payload_is_reproduced():
    assert f"{crc_bitwise(PAYOS_PAYLOAD[:-4].encode('ascii')):04X}" == "E346"
    assert vietqr_payload(bank_bin="970422", account="VQRQADAIJ5512", amount=7000, memo="TL89 100") == PAYOS_PAYLOAD


def test_memo_folds_vietnamese():
    payload = vietqr_payload(bank_bin="970436", account="123", amount=8000, memo="Lệ phí  Đăng ký khai sinh")
    assert tlv(tlv(payload)["62"])["08"] == "Le phi Dang ky khai sinh"
    assert fold_vietnamese("Nguyễn Thị Ánh Tuyết, đường Đồng Khởi") == "Nguyen Thi Anh Tuyet, duong Dong Khoi"


BIN_MESSAGE = "Mã BIN của ngân hàng phải gồm đúng 6 chữ số."
ACCOUNT_MESSAGE = "Số tài khoản phải gồm từ 1 đến 19 chữ số hoặc chữ cái không dấu."
MEMO_CHARACTERS_MESSAGE = "Nội dung chuyển khoản chỉ được gồm chữ cái không dấu, chữ số, dấu cách và các dấu . - _ /."


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"bank_bin": "97043"}, BIN_MESSAGE),
        ({"bank_bin": "97043A"}, BIN_MESSAGE),
        ({"bank_bin": ""}, BIN_MESSAGE),
        ({"account": ""}, ACCOUNT_MESSAGE),
        ({"account": "12345678901234567890"}, ACCOUNT_MESSAGE),
        ({"account": "0011-0012"}, ACCOUNT_MESSAGE),
        ({"amount": 0}, "Số tiền phải lớn hơn 0 đồng."),
        ({"amount": -5000}, "Số tiền phải lớn hơn 0 đồng."),
        ({"amount": 5000.5}, "Số tiền phải là số nguyên đồng."),
        ({"amount": True}, "Số tiền phải là số nguyên đồng."),
        ({"amount": 10**13}, "Số tiền dài tối đa 13 chữ số."),
        ({"memo": "A" * 26}, "Nội dung chuyển khoản dài tối đa 25 ký tự."),
        ({"memo": "phí #1"}, MEMO_CHARACTERS_MESSAGE),
        ({"memo": "日本"}, MEMO_CHARACTERS_MESSAGE),
    ],
)
def test_bad_inputs_are_refused(kwargs, message):
    arguments = {"bank_bin": "970436", "account": "0011001234567", "amount": 50000, "memo": "HS1"} | kwargs
    with pytest.raises(VietQRError) as refused:
        vietqr_payload(**arguments)
    assert str(refused.value) == message


def test_inputs_are_trimmed_and_the_account_loses_its_spaces():
    request = transfer_request(bank_bin=" 970436 ", account=" 0011 0012 34567 ", amount=50000, memo=" HS  1 ")
    assert request == TransferRequest(bank_bin="970436", account="0011001234567", amount=50000, memo="HS 1")


def test_a_field_carries_at_most_99_characters():
    # EMVCo: the length is two digits.
    assert _field("62", "A" * 99) == "6299" + "A" * 99
    with pytest.raises(VietQRError) as refused:
        _field("62", "A" * 100)
    assert str(refused.value) == "Trường 62 dài 100 ký tự, vượt quá 99 ký tự cho phép."


def test_png_has_8_pixel_modules_and_a_4_module_quiet_zone():
    from PIL import Image

    image = Image.open(io.BytesIO(vietqr_png(vietqr_payload(bank_bin="970436", account="1", amount=1, memo=""))))
    assert image.format == "PNG"
    pixels = image.convert("L")
    width, height = pixels.size
    assert width == height
    # The quiet zone: 4 modules of 8 pixels, white; the top-left finder pattern starts at (32, 32)
    # with a dark edge 7 modules (56 pixels) long, then a light module.
    assert all(pixels.getpixel((x, 31)) == 255 for x in range(width))
    assert all(pixels.getpixel((31, y)) == 255 for y in range(height))
    row = [pixels.getpixel((x, 32)) for x in range(32, 32 + 64)]
    assert row == [0] * 56 + [255] * 8
    # A version-v code is 17 + 4v modules wide; with the quiet zone, (25 + 4v) × 8 pixels.
    assert width % 8 == 0 and (width // 8 - 25) % 4 == 0


def test_limits_are_accepted_at_the_edge():
    payload = vietqr_payload(bank_bin="970436", account="9" * 19, amount=10**13 - 1, memo="M" * 25)
    fields = tlv(payload)
    assert tlv(tlv(fields["38"])["01"])["01"] == "9" * 19
    assert fields["54"] == "9" * 13
    assert tlv(fields["62"])["08"] == "M" * 25


def test_empty_memo_leaves_out_tag_62():
    assert "62" not in tlv(vietqr_payload(bank_bin="970436", account="1", amount=1, memo=""))


ZBARIMG = shutil.which("zbarimg")


@pytest.mark.skipif(ZBARIMG is None, reason="zbarimg (Debian zbar-tools) is not installed")
def test_png_scans_back_to_the_payload(tmp_path):
    payload = vietqr_payload(bank_bin="970436", account="0011001234567", amount=50000, memo="Lệ phí HS 0001")
    image = tmp_path / "vietqr.png"
    image.write_bytes(vietqr_png(payload))
    result = subprocess.run(
        [ZBARIMG, "--quiet", "--raw", "-Sbinary", str(image)], capture_output=True, check=True, timeout=30
    )
    assert result.stdout.decode("ascii").rstrip("\n") == payload


@pytest.mark.skipif(ZBARIMG is None, reason="zbarimg (Debian zbar-tools) is not installed")
def test_svg_scans_back_to_the_payload(tmp_path):
    payload = vietqr_payload(bank_bin="970418", account="12010000123456", amount=8000, memo="Ban sao trich luc")
    image = tmp_path / "vietqr.svg"
    image.write_text(vietqr_svg(payload), encoding="utf-8")
    result = subprocess.run([ZBARIMG, "--quiet", "--raw", str(image)], capture_output=True, timeout=30)
    if result.returncode != 0 and b"delegate" in result.stderr:
        pytest.skip("this ImageMagick build reads no SVG")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("ascii").rstrip("\n") == payload


def test_svg_is_one_scalable_path():
    svg = vietqr_svg(vietqr_payload(bank_bin="970436", account="1", amount=1, memo=""))
    assert svg.startswith("<?xml")
    assert "<svg" in svg and "<path" in svg and "viewBox" in svg
