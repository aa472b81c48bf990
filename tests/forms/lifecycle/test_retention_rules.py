"""The rules of personal-data retention (Decree 13/2023/NĐ-CP) that need no database.

Calendar months, which period a dossier keeps (its procedure's, else its commune's, else the
default site's), and what erasing keeps of the answers' snapshot and of the audit log. Every
expected value is written out here.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from forms.lifecycle.retention import _erase_log_data, _erase_snapshot, dossier_retention_months, months_before
from forms.models import Dossier

VN = ZoneInfo("Asia/Ho_Chi_Minh")


# Calendar months


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (0, datetime(2026, 12, 31, 8, 30, 15, tzinfo=VN)),
        (1, datetime(2026, 11, 30, 8, 30, 15, tzinfo=VN)),
        (2, datetime(2026, 10, 31, 8, 30, 15, tzinfo=VN)),
        (3, datetime(2026, 9, 30, 8, 30, 15, tzinfo=VN)),
        (4, datetime(2026, 8, 31, 8, 30, 15, tzinfo=VN)),
        (5, datetime(2026, 7, 31, 8, 30, 15, tzinfo=VN)),
        (6, datetime(2026, 6, 30, 8, 30, 15, tzinfo=VN)),
        (7, datetime(2026, 5, 31, 8, 30, 15, tzinfo=VN)),
        (8, datetime(2026, 4, 30, 8, 30, 15, tzinfo=VN)),
        (9, datetime(2026, 3, 31, 8, 30, 15, tzinfo=VN)),
        (10, datetime(2026, 2, 28, 8, 30, 15, tzinfo=VN)),
        (11, datetime(2026, 1, 31, 8, 30, 15, tzinfo=VN)),
        (12, datetime(2025, 12, 31, 8, 30, 15, tzinfo=VN)),
        (60, datetime(2021, 12, 31, 8, 30, 15, tzinfo=VN)),
    ],
)
def test_from_the_31st_each_month_ends_on_its_own_last_day(months, expected):
    assert months_before(datetime(2026, 12, 31, 8, 30, 15, tzinfo=VN), months) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2024, 3, 30), datetime(2024, 2, 29)),  # divisible by 4: leap
        (datetime(2023, 3, 30), datetime(2023, 2, 28)),
        (datetime(2100, 3, 30), datetime(2100, 2, 28)),  # divisible by 100 only: not leap
        (datetime(2000, 3, 30), datetime(2000, 2, 29)),  # divisible by 400: leap
        (datetime(2026, 3, 15), datetime(2026, 2, 15)),  # a day every month has stays
        (datetime(2026, 3, 1), datetime(2026, 2, 1)),
    ],
)
def test_february_follows_the_gregorian_leap_years(moment, expected):
    assert months_before(moment, 1) == expected


def test_months_cross_years_both_ways():
    assert months_before(datetime(2026, 1, 10, 23, 59), 1) == datetime(2025, 12, 10, 23, 59)
    assert months_before(datetime(2026, 1, 10), 25) == datetime(2023, 12, 10)
    # Negative months move forward (the tests choose a "now" that way).
    assert months_before(datetime(2026, 12, 31), -2) == datetime(2027, 2, 28)
    assert months_before(datetime(2026, 11, 30), -1) == datetime(2026, 12, 30)


# Which period a dossier keeps


def stub(*, procedure_id, site_id):
    return Dossier(procedure_id=procedure_id, site_id=site_id)


def test_a_procedure_period_wins_over_the_commune():
    communes = {None: 60, 1: 24, 2: 36}
    overrides = {7: 12, 8: 120}
    assert (
        dossier_retention_months(dossier=stub(procedure_id=7, site_id=2), overrides=overrides, communes=communes) == 12
    )
    assert (
        dossier_retention_months(dossier=stub(procedure_id=8, site_id=1), overrides=overrides, communes=communes) == 120
    )


def test_without_a_procedure_period_the_commune_period_applies():
    communes = {None: 60, 1: 24, 2: 36}
    overrides = {7: 12}
    assert (
        dossier_retention_months(dossier=stub(procedure_id=9, site_id=1), overrides=overrides, communes=communes) == 24
    )
    assert (
        dossier_retention_months(dossier=stub(procedure_id=9, site_id=2), overrides=overrides, communes=communes) == 36
    )


def test_a_dossier_without_a_commune_or_of_an_unknown_one_keeps_the_default_sites_period():
    communes = {None: 48, 1: 24}
    assert dossier_retention_months(dossier=stub(procedure_id=9, site_id=None), overrides={}, communes=communes) == 48
    assert dossier_retention_months(dossier=stub(procedure_id=9, site_id=5), overrides={}, communes=communes) == 48


# What erasing keeps


def test_the_snapshot_keeps_the_questions_and_loses_the_answers():
    snapshot = [
        {"step": "nguoi-nop", "title": "Người nộp hồ sơ", "rows": [["Họ tên", "Nguyễn Văn An"], ("Số CCCD", "0123")]},
        {"step": "giay-to", "title": "Giấy tờ", "rows": None},
        "not a section",
        {"step": "khac", "title": "Khác", "rows": [[], "Nguyễn Văn An", ["Ghi chú", "Gọi sau 17 giờ", "thêm"]]},
    ]
    assert _erase_snapshot(snapshot) == [
        {"step": "nguoi-nop", "title": "Người nộp hồ sơ", "rows": [["Họ tên", "(đã xóa)"], ["Số CCCD", "(đã xóa)"]]},
        {"step": "giay-to", "title": "Giấy tờ", "rows": []},
        {"step": "khac", "title": "Khác", "rows": [["Ghi chú", "(đã xóa)"]]},
    ]


@pytest.mark.parametrize("snapshot", [None, {}, {"rows": [["Họ tên", "An"]]}, "Nguyễn Văn An"])
def test_a_snapshot_that_is_not_a_list_of_sections_is_emptied(snapshot):
    assert _erase_snapshot(snapshot) == []


def test_the_audit_log_keeps_references_and_statuses_and_blanks_everything_else():
    data = {
        "event": "dossier.transition",
        "from_status": "processing",
        "to_status": "refused",
        "old_due_date": "2026-12-01",
        "new_due_date": "2026-12-08",
        "postal_item_code": "EB123456789VN",
        "note": "Ông Nguyễn Văn An không đủ điều kiện",
        "old": "0987654321",
        "new": 12,
    }
    assert _erase_log_data(data) == {
        "event": "dossier.transition",
        "from_status": "processing",
        "to_status": "refused",
        "old_due_date": "2026-12-01",
        "new_due_date": "2026-12-08",
        "postal_item_code": "EB123456789VN",
        "note": "",
        "old": "",
        "new": "",
    }


@pytest.mark.parametrize("data", [None, "", ["note", "An"]])
def test_audit_log_data_that_is_not_a_mapping_is_left_as_it_is(data):
    assert _erase_log_data(data) == data
