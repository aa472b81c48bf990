"""The transfer memo: a dossier code fits VietQR's 25 characters and is found again in statement text."""

import pytest

from forms.models import Dossier
from forms.payments.memo import dossier_code_in_memo, dossier_codes_in_memo, dossier_for_memo, payment_memo


def test_memo_is_the_code_upper_cased():
    assert payment_memo("23098-261206-0001") == "23098-261206-0001"
    assert payment_memo("hs-261206-0042") == "HS-261206-0042"


def test_memo_folds_and_drops_what_a_memo_cannot_carry():
    assert payment_memo("Xã HC-261206-0001") == "XAHC-261206-0001"


def test_longest_code_the_settings_allow_fits():
    # commune_code has max_length 10; a fifth digit of the day's number is the worst case.
    memo = payment_memo("ABCDEFGHIJ-261206-12345")
    assert memo == "ABCDEFGHIJ-261206-12345"
    assert len(memo) == 23


def test_a_longer_code_keeps_date_number_and_the_end_of_its_prefix():
    memo = payment_memo("UBNDXAHAMCHINH2026-261206-0001")
    assert memo == "AHAMCHINH2026-261206-0001"
    assert len(memo) == 25
    assert dossier_code_in_memo(memo) == memo


@pytest.mark.parametrize(
    "text",
    [
        "23098-261206-0001",
        "MBVCB.3278.23098-261206-0001.CT tu 0123456 NGUYEN VAN AN toi 1234567890 UBND XA HAM CHINH",
        "23098 261206 0001 Nguyen Van An nop le phi",
        "23098.261206.0001",
        "230982612060001",
        "23098-2612060001",
        "le phí hồ sơ 23098-261206-0001",
        "IBFT 23098_261206_0001",
    ],
)
def test_code_found_whatever_the_bank_did_to_the_separators(text):
    assert dossier_code_in_memo(text) == "23098-261206-0001"


def test_five_digit_number_found_when_separated():
    assert dossier_code_in_memo("HS-261206-12345") == "HS-261206-12345"


def test_nothing_found_in_text_without_a_code():
    assert dossier_codes_in_memo("chuyen tien hoc phi") == []
    assert dossier_code_in_memo("") is None
    # Month 13 is no date.
    assert dossier_code_in_memo("HS-261306-0001") is None


def test_glued_prefix_gives_every_tail_longest_first():
    assert dossier_codes_in_memo("CT23098-261206-0001") == [
        "CT23098-261206-0001",
        "T23098-261206-0001",
        "23098-261206-0001",
        "3098-261206-0001",
        "098-261206-0001",
        "98-261206-0001",
        "8-261206-0001",
    ]


def test_round_trip_for_many_codes():
    for code in ["HS-260101-0001", "23098-261231-9999", "A1-270615-0420", "ABCDEFGHIJ-261206-12345"]:
        assert dossier_code_in_memo(payment_memo(code)) == code
        assert dossier_code_in_memo(f"MBVCB.12345.{payment_memo(code)}.CT tu") == code


def _dossier(code):
    return Dossier.objects.create(
        code=code,
        access_token=f"token-{code}",
        procedure_code="1.001",
        procedure_title="Đăng ký khai sinh",
        applicant_name="Nguyễn Văn An",
        applicant_id_number="001090012345",
        applicant_phone="0912345678",
    )


@pytest.mark.django_db
def test_memo_of_a_dossier_is_the_memo_of_its_code():
    assert payment_memo(_dossier("hs-261206-0007")) == "HS-261206-0007"


@pytest.mark.django_db
def test_dossier_for_memo_finds_the_dossier_behind_bank_text():
    wanted = _dossier("23098-261206-0001")
    _dossier("23098-261206-0002")
    _dossier("HS-261206-0001")
    assert dossier_for_memo("MBVCB.3278.23098 261206 0001.CT tu NGUYEN VAN AN") == wanted
    assert dossier_for_memo("CT23098-261206-0001") == wanted
    assert dossier_for_memo("230982612060001") == wanted


@pytest.mark.django_db
def test_dossier_for_memo_prefers_the_longer_prefix_and_finds_none_without_one():
    wanted = _dossier("23098-261206-0001")
    _dossier("3098-261206-0001")
    assert dossier_for_memo("CT23098-261206-0001") == wanted
    assert dossier_for_memo("23098-261206-0003") is None
    assert dossier_for_memo("chuyen khoan") is None


@pytest.mark.django_db
def test_dossier_for_memo_matches_a_lower_case_accented_or_shortened_prefix():
    accented = _dossier("xã-261206-0001")
    long = _dossier("UBNDXAHAMCHINH2026-261206-0002")
    assert dossier_for_memo("XA-261206-0001 le phi") == accented
    assert dossier_for_memo(f"FT123.{payment_memo(long.code)}") == long
