"""Names of the banks a commune's fee account may be at, by their NAPAS BIN (the 6 digits VietQR carries).

Only the main banks: the four state-owned commercial banks where communes and the State Treasury
keep their accounts first, then the large joint-stock banks. A BIN not listed is shown as it is.

The State Treasury (Kho bạc Nhà nước) is not a member of NAPAS's fast transfer service and has no
BIN: a VietQR code cannot name it. A commune whose fees go to its Treasury account enters the
account the Treasury keeps for collection at a commercial bank (one of the first four below).
"""

from __future__ import annotations

BANKS: dict[str, str] = {
    "970415": "Ngân hàng TMCP Công Thương Việt Nam (VietinBank)",
    "970436": "Ngân hàng TMCP Ngoại thương Việt Nam (Vietcombank)",
    "970418": "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam (BIDV)",
    "970405": "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam (Agribank)",
    "970422": "Ngân hàng TMCP Quân đội (MB)",
    "970407": "Ngân hàng TMCP Kỹ Thương Việt Nam (Techcombank)",
    "970416": "Ngân hàng TMCP Á Châu (ACB)",
    "970432": "Ngân hàng TMCP Việt Nam Thịnh Vượng (VPBank)",
    "970403": "Ngân hàng TMCP Sài Gòn Thương Tín (Sacombank)",
    "970443": "Ngân hàng TMCP Sài Gòn – Hà Nội (SHB)",
    "970437": "Ngân hàng TMCP Phát triển Thành phố Hồ Chí Minh (HDBank)",
    "970423": "Ngân hàng TMCP Tiên Phong (TPBank)",
    "970441": "Ngân hàng TMCP Quốc tế Việt Nam (VIB)",
    "970449": "Ngân hàng TMCP Lộc Phát Việt Nam (LPBank)",
    "970440": "Ngân hàng TMCP Đông Nam Á (SeABank)",
    "970426": "Ngân hàng TMCP Hàng Hải Việt Nam (MSB)",
    "970448": "Ngân hàng TMCP Phương Đông (OCB)",
    "970431": "Ngân hàng TMCP Xuất Nhập khẩu Việt Nam (Eximbank)",
}


def bank_name(bank_bin: str) -> str:
    """The bank's name for ``bank_bin``, or "Ngân hàng có mã BIN 970999" when it is not listed."""
    bank_bin = (bank_bin or "").strip()
    return BANKS.get(bank_bin) or f"Ngân hàng có mã BIN {bank_bin}"
