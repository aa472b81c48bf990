"""portal.params: only ASCII digits within bounds are numbers."""

import pytest

from portal.params import int_param, parse_int


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", 7),
        (" 12 ", 12),
        ("0", 0),
        ("007", 7),
        ("123456789012345678", 123456789012345678),
    ],
)
def test_parse_int_reads_ascii_digits(value, expected):
    assert parse_int(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        " ",
        None,
        "²",  # superscript two: str.isdigit() says yes, int() says no
        "1²",
        "①",
        "٣",  # Arabic-Indic three: int() would read it as 3
        "１",  # fullwidth one
        "-1",
        "+1",
        "1.0",
        "1e3",
        "0x10",
        "1_000",
        "\x001",
        "1\x00",
        "\t1",
        "9" * 19,  # longer than MAX_DIGITS
        "9" * 5000,  # int() would raise: Python caps string-to-int conversion at 4300 digits
        3,
    ],
)
def test_parse_int_refuses_what_is_not_plain_digits(value):
    assert parse_int(value) is None


def test_parse_int_bounds():
    assert parse_int("5", minimum=1, maximum=5) == 5
    assert parse_int("1", minimum=1, maximum=5) == 1
    assert parse_int("0", minimum=1, maximum=5) is None
    assert parse_int("6", minimum=1, maximum=5) is None


def test_parse_int_duplicated_parameter():
    assert parse_int(["3", "3"]) == 3
    assert parse_int(["3", ""]) == 3
    assert parse_int(["3", "4"]) is None
    assert parse_int([]) is None
    assert parse_int(["²"]) is None


def test_int_param_default():
    assert int_param("²", 1) == 1
    assert int_param("", 1) == 1
    assert int_param(None, 1) == 1
    assert int_param("99", 1, maximum=50) == 1
    assert int_param("42", 1, maximum=50) == 42
    assert int_param("x") is None
