"""Amounts in words for the fee receipt ("Bằng chữ"), written out as a receipt reads them."""

import pytest

from forms.payments.words import amount_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (25, "Hai mươi lăm đồng"),
        (105, "Một trăm linh năm đồng"),
        (1005, "Một nghìn không trăm linh năm đồng"),
        (7000, "Bảy nghìn đồng"),
        (20000, "Hai mươi nghìn đồng"),
        (75000, "Bảy mươi lăm nghìn đồng"),
        (100000, "Một trăm nghìn đồng"),
        (1050000, "Một triệu không trăm năm mươi nghìn đồng"),
        (2500000, "Hai triệu năm trăm nghìn đồng"),
        (1000000000, "Một tỷ đồng"),
        (1200000000000, "Một nghìn hai trăm tỷ đồng"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


def test_negative_amount_is_refused():
    with pytest.raises(ValueError):
        amount_in_words(-1)
