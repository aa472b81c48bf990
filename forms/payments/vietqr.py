"""VietQR bank-transfer codes: NAPAS's profile of the EMVCo merchant-presented QR code.

The payload is a run of fields, each ``ID (2 digits) + length (2 digits) + value`` (EMV QR Code
Specification for Payment Systems, Merchant-Presented Mode, v1.1), as NAPAS's VietQR profile
("Đặc tả kỹ thuật mã QR hiển thị cho dịch vụ chuyển nhanh NAPAS247") fills them:

==  =====================================================================================
00  payload format indicator ``01``
01  point of initiation ``12`` (dynamic: one payment of a set amount)
38  merchant account information, nested: ``00`` GUID ``A000000727`` (NAPAS); ``01``
    beneficiary organisation, nested: ``00`` acquirer bank BIN (6 digits), ``01`` account
    number; ``02`` service code ``QRIBFTTA`` (transfer to an account)
53  transaction currency ``704`` (Vietnamese đồng, ISO 4217)
54  transaction amount: whole đồng, digits only
58  country code ``VN``
62  additional data, nested: ``08`` purpose of transaction (the transfer memo)
63  CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF) over the whole string up to and
    including ``6304``, as 4 upper-case hex digits
==  =====================================================================================

The code only asks for a transfer; it never proves that one happened.
"""

from __future__ import annotations

import binascii
import io
import re
import unicodedata
from dataclasses import dataclass

import qrcode
import qrcode.image.svg

NAPAS_GUID = "A000000727"
SERVICE_ACCOUNT_TRANSFER = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
DYNAMIC = "12"

# EMVCo v1.1: tag 54 is at most 13 characters; tag 62's sub-fields at most 25.
AMOUNT_MAX_DIGITS = 13
MEMO_MAX_LENGTH = 25
# NAPAS: a beneficiary account number (or card number) has at most 19 characters, digits and
# Latin letters (some banks issue alphanumeric "virtual" accounts).
ACCOUNT_MAX_LENGTH = 19

BIN_RE = re.compile(r"[0-9]{6}")
ACCOUNT_RE = re.compile(rf"[0-9A-Za-z]{{1,{ACCOUNT_MAX_LENGTH}}}")
# Bank apps show and pass on the memo; letters, digits, space and ". - _ /" survive every one.
MEMO_RE = re.compile(r"[0-9A-Za-z .\-_/]*")


class VietQRError(ValueError):
    """An input the VietQR payload cannot carry; the message is Vietnamese, for an editor."""


@dataclass(frozen=True)
class TransferRequest:
    """What one VietQR code asks for: bank BIN, account, amount in đồng and the memo."""

    bank_bin: str
    account: str
    amount: int
    memo: str


def fold_vietnamese(text: str) -> str:
    """Strip Vietnamese diacritics: "Lệ phí hộ tịch Đ" → "Le phi ho tich D"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _field(tag: str, value: str) -> str:
    if len(value) > 99:
        raise VietQRError(f"Trường {tag} dài {len(value)} ký tự, vượt quá 99 ký tự cho phép.")
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt_false(data: str) -> str:
    """CRC-16/CCITT-FALSE of ``data`` as 4 upper-case hex digits (``binascii.crc_hqx``)."""
    return f"{binascii.crc_hqx(data.encode('ascii'), 0xFFFF):04X}"


def clean_memo(memo: str) -> str:
    """The memo as the code carries it: diacritics folded, spaces collapsed, checked."""
    folded = " ".join(fold_vietnamese(memo).split())
    if not MEMO_RE.fullmatch(folded):
        raise VietQRError("Nội dung chuyển khoản chỉ được gồm chữ cái không dấu, chữ số, dấu cách và các dấu . - _ /.")
    if len(folded) > MEMO_MAX_LENGTH:
        raise VietQRError(f"Nội dung chuyển khoản dài tối đa {MEMO_MAX_LENGTH} ký tự.")
    return folded


def transfer_request(*, bank_bin: str, account: str, amount: int, memo: str) -> TransferRequest:
    """Check the inputs of a VietQR code and return them normalised; raise ``VietQRError``."""
    bank_bin = (bank_bin or "").strip()
    account = (account or "").strip().replace(" ", "")
    if not BIN_RE.fullmatch(bank_bin):
        raise VietQRError("Mã BIN của ngân hàng phải gồm đúng 6 chữ số.")
    if not ACCOUNT_RE.fullmatch(account):
        raise VietQRError(f"Số tài khoản phải gồm từ 1 đến {ACCOUNT_MAX_LENGTH} chữ số hoặc chữ cái không dấu.")
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise VietQRError("Số tiền phải là số nguyên đồng.")
    if amount <= 0:
        raise VietQRError("Số tiền phải lớn hơn 0 đồng.")
    if len(str(amount)) > AMOUNT_MAX_DIGITS:
        raise VietQRError(f"Số tiền dài tối đa {AMOUNT_MAX_DIGITS} chữ số.")
    return TransferRequest(bank_bin=bank_bin, account=account, amount=amount, memo=clean_memo(memo))


def vietqr_payload(*, bank_bin: str, account: str, amount: int, memo: str) -> str:
    """The EMVCo/VietQR payload string of a dynamic transfer code (see the module docstring)."""
    request = transfer_request(bank_bin=bank_bin, account=account, amount=amount, memo=memo)
    beneficiary = _field("00", request.bank_bin) + _field("01", request.account)
    merchant = _field("00", NAPAS_GUID) + _field("01", beneficiary) + _field("02", SERVICE_ACCOUNT_TRANSFER)
    body = (
        _field("00", "01")
        + _field("01", DYNAMIC)
        + _field("38", merchant)
        + _field("53", CURRENCY_VND)
        + _field("54", str(request.amount))
        + _field("58", COUNTRY_VN)
    )
    if request.memo:
        body += _field("62", _field("08", request.memo))
    body += "6304"
    return body + crc16_ccitt_false(body)


def _qr(payload: str) -> qrcode.QRCode:
    # Level M (15 % recovery), as bank apps' own VietQR images; a 4-module quiet zone (ISO 18004).
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(payload)
    code.make(fit=True)
    return code


def vietqr_png(payload: str) -> bytes:
    """The payload as a PNG QR image."""
    buffer = io.BytesIO()
    _qr(payload).make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def vietqr_svg(payload: str) -> str:
    """The payload as an SVG QR image (one path; scales without blur)."""
    buffer = io.BytesIO()
    _qr(payload).make_image(image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return buffer.getvalue().decode("utf-8")
