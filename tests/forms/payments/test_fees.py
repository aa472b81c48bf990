"""The amount due for a dossier (forms.payments.fees.amount_due), on made-up fee items.

The items follow real procedures: temporary residence registration costs 7.000 đồng online and
10.000 đồng at the counter (Circular 75/2022/TT-BTC); copies of civil-status extracts cost 8.000
đồng each (Circular 281/2016/TT-BTC, as amended by Circular 106/2021/TT-BTC); people of poor
households are exempt (an item of zero for their case).
"""

from types import SimpleNamespace

import pytest

from forms.payments.fees import (
    AmountDue,
    DueLine,
    amount_due,
    fee_cases,
    fee_channel,
    format_dong,
    procedure_amount_due,
)

POOR = "Người thuộc hộ nghèo"
CHILD = "Trẻ em dưới 6 tuổi"


def item(*, kind="le_phi", name="", amount=0, case="", channel="", per_copy=False, unit=""):
    return SimpleNamespace(
        kind=kind, name=name, amount=amount, case=case, channel=channel, per_copy=per_copy, unit=unit
    )


RESIDENCE = [
    item(name="Lệ phí đăng ký tạm trú", amount=7000, channel="online"),
    item(name="Lệ phí đăng ký tạm trú", amount=10000, channel="in_person"),
]
MARRIAGE = [
    item(name="Lệ phí đăng ký kết hôn", amount=20000),
    item(name="Lệ phí đăng ký kết hôn", amount=0, case=POOR),
    item(kind="phi", name="Phí cấp bản sao trích lục", amount=8000, per_copy=True, unit="bản"),
]


def test_channel_items_are_chosen_by_channel():
    assert amount_due(items=RESIDENCE, channel="online") == AmountDue(
        total=7000, lines=(DueLine("Lệ phí đăng ký tạm trú", 7000),)
    )
    assert amount_due(items=RESIDENCE, channel="in_person").total == 10000


def test_a_channel_without_its_own_items_falls_back_to_the_every_channel_items():
    items = [item(name="Lệ phí", amount=15000), item(name="Lệ phí trực tuyến", amount=12000, channel="online")]
    assert amount_due(items=items, channel="postal") == AmountDue(total=15000, lines=(DueLine("Lệ phí", 15000),))
    assert amount_due(items=items, channel="online").total == 12000


def test_a_channel_with_no_items_at_all_owes_nothing():
    assert amount_due(items=RESIDENCE, channel="postal") == AmountDue(total=0, lines=())


def test_the_general_item_counts_when_no_case_is_chosen():
    assert amount_due(items=MARRIAGE, channel="online") == AmountDue(
        total=20000, lines=(DueLine("Lệ phí đăng ký kết hôn", 20000),)
    )


def test_an_exemption_case_replaces_the_general_item_of_its_kind_and_costs_zero():
    due = amount_due(items=MARRIAGE, channel="online", case=POOR)
    assert due == AmountDue(total=0, lines=(DueLine("Lệ phí đăng ký kết hôn", 0),))


def test_a_case_replaces_only_its_own_kind():
    items = [
        item(kind="le_phi", name="Lệ phí", amount=20000),
        item(kind="phi", name="Phí thẩm định", amount=50000),
        item(kind="le_phi", name="Lệ phí (trẻ em)", amount=10000, case=CHILD),
    ]
    due = amount_due(items=items, channel="online", case=CHILD)
    assert due.total == 60000
    assert [line.label for line in due.lines] == ["Phí thẩm định", "Lệ phí (trẻ em)"]


@pytest.mark.parametrize(("copies", "total", "lines"), [(0, 20000, 1), (1, 28000, 2), (3, 44000, 2)])
def test_per_copy_items_are_multiplied_by_the_extra_copies(copies, total, lines):
    due = amount_due(items=MARRIAGE, channel="online", extra_copies=copies)
    assert due.total == total
    assert len(due.lines) == lines


def test_per_copy_line_names_the_copies():
    due = amount_due(items=MARRIAGE, channel="in_person", case=POOR, extra_copies=2)
    assert due.lines[-1] == DueLine("Phí cấp bản sao trích lục (2 bản)", 16000)
    assert due.total == 16000  # the exemption covers the lệ phí, not the copies


def test_negative_copies_are_refused():
    with pytest.raises(ValueError):
        amount_due(items=MARRIAGE, channel="online", extra_copies=-1)


def test_an_unnamed_item_is_labelled_by_its_kind():
    due = amount_due(items=[item(kind="phi", amount=5000)], channel="online")
    assert due.lines == (DueLine("Phí", 5000),)


def test_fee_cases_lists_the_cases_of_the_channel_in_order_without_repeats():
    items = [
        item(amount=0, case=POOR),
        item(amount=0, case=CHILD, channel="in_person"),
        item(amount=5000, case=POOR, kind="phi"),
        item(amount=20000),
    ]
    assert fee_cases(items, channel="online") == [POOR]
    assert fee_cases(items, channel="in_person") == [CHILD]


def test_format_dong_groups_thousands_with_dots():
    assert format_dong(70000) == "70.000 đồng"
    assert format_dong(1250000) == "1.250.000 đồng"
    assert format_dong(0) == "0 đồng"


def test_an_unnamed_item_of_a_known_kind_or_an_unknown_one():
    due = amount_due(items=[item(kind="le_phi", amount=20000), item(kind="other", amount=3000)], channel="online")
    assert due.lines == (DueLine("Lệ phí", 20000), DueLine("Phí, lệ phí", 3000))


def test_an_unnamed_per_copy_item_is_the_copy_fee():
    items = [item(kind="phi", amount=8000, per_copy=True)]
    assert amount_due(items=items, channel="online", extra_copies=2) == AmountDue(
        total=16000, lines=(DueLine("Phí cấp bản sao (2 bản)", 16000),)
    )


def test_without_copies_a_per_copy_item_is_skipped_not_the_items_after_it():
    items = [item(kind="phi", name="Phí cấp bản sao", amount=8000, per_copy=True), item(amount=20000)]
    assert amount_due(items=items, channel="online") == AmountDue(total=20000, lines=(DueLine("Lệ phí", 20000),))


def test_negative_copies_are_refused_with_a_message():
    with pytest.raises(ValueError, match="^extra_copies must not be negative$"):
        amount_due(items=MARRIAGE, channel="online", extra_copies=-1)


def test_each_submission_channel_has_its_fee_channel():
    assert [fee_channel(channel) for channel in ("online", "post", "counter")] == ["online", "postal", "in_person"]
    with pytest.raises(KeyError):
        fee_channel("fax")


def procedure(items):
    """A procedure as procedure_amount_due reads it: its catalogue fee items."""
    return SimpleNamespace(fee_items=SimpleNamespace(all=lambda: list(items)))


POSTAL_MARRIAGE = [
    item(name="Lệ phí đăng ký kết hôn", amount=20000),
    item(name="Lệ phí đăng ký kết hôn qua bưu chính", amount=15000, channel="postal"),
    item(name="Lệ phí đăng ký kết hôn qua bưu chính", amount=0, case=POOR, channel="postal"),
    item(kind="phi", name="Phí cấp bản sao trích lục", amount=8000, per_copy=True, channel="postal"),
]


def test_the_procedures_amount_due_is_read_from_its_catalogue_items():
    marriage = procedure(POSTAL_MARRIAGE)
    assert procedure_amount_due(procedure=marriage, submission_channel="post") == AmountDue(
        total=15000, lines=(DueLine("Lệ phí đăng ký kết hôn qua bưu chính", 15000),)
    )
    assert procedure_amount_due(procedure=marriage, submission_channel="post", case=POOR, extra_copies=2) == AmountDue(
        total=16000,
        lines=(DueLine("Lệ phí đăng ký kết hôn qua bưu chính", 0), DueLine("Phí cấp bản sao trích lục (2 bản)", 16000)),
    )
    assert procedure_amount_due(procedure=marriage, submission_channel="counter") == AmountDue(
        total=20000, lines=(DueLine("Lệ phí đăng ký kết hôn", 20000),)
    )


def test_a_case_of_another_channel_or_made_up_is_refused():
    marriage = procedure(POSTAL_MARRIAGE)
    # The poor-household case is the postal channel's only: a posted counter form cannot choose it.
    for channel, case in (("counter", POOR), ("online", POOR), ("post", "Người nước ngoài")):
        with pytest.raises(ValueError, match="^unknown fee case$"):
            procedure_amount_due(procedure=marriage, submission_channel=channel, case=case)


def test_with_a_commune_the_communes_fee_items_are_used(monkeypatch):
    # Issue #17: cms.selectors.procedure_fee_items answers with the commune's own items, if any.
    marriage = procedure(POSTAL_MARRIAGE)
    commune = SimpleNamespace(hostname="hamthuanbac.test")
    asked = []

    def commune_items(asked_procedure, site):
        asked.append((asked_procedure, site))
        return iter([item(name="Lệ phí đăng ký kết hôn (xã)", amount=10000)])

    monkeypatch.setattr("cms.selectors.procedure_fee_items", commune_items)
    due = procedure_amount_due(procedure=marriage, submission_channel="online", site=commune)
    assert due == AmountDue(total=10000, lines=(DueLine("Lệ phí đăng ký kết hôn (xã)", 10000),))
    assert asked == [(marriage, commune)]
