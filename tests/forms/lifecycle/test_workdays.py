from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from forms.lifecycle.workdays import (
    add_working_days,
    counter_hours,
    is_working_day,
    next_working_day,
    reception_day,
    working_days_between,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def test_weekend_and_public_holidays_are_not_working_days():
    assert is_working_day(date(2026, 11, 23))  # Monday
    assert not is_working_day(date(2026, 11, 22))  # Sunday
    assert not is_working_day(date(2026, 9, 2))  # National Day
    assert not is_working_day(date(2027, 2, 8))  # Tết


def test_add_working_days_skips_weekends_and_holidays():
    # Thursday 19 Nov + 3: Fri 20, Mon 23, (Tue 24 is Vietnam Cultural Day), Wed 25
    assert add_working_days(date(2026, 11, 19), 3) == date(2026, 11, 25)
    assert add_working_days(date(2026, 11, 9), 3) == date(2026, 11, 12)


def test_add_working_days_skips_tet():
    # Received Wednesday 3 Feb 2027; Tết holidays 4–10 Feb; 2 working days → 12 Feb
    assert add_working_days(date(2027, 2, 3), 2) == date(2027, 2, 12)


def test_received_on_weekend_counts_from_next_working_day():
    assert add_working_days(date(2026, 11, 21), 0) == date(2026, 11, 23)
    assert add_working_days(date(2026, 11, 21), 1) == date(2026, 11, 25)


def test_next_working_day_and_between():
    assert next_working_day(date(2026, 11, 23)) == date(2026, 11, 23)
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 24)) == 1
    assert working_days_between(date(2026, 11, 24), date(2026, 11, 20)) == 0


def test_working_days_between_counts_after_start_up_to_end():
    assert working_days_between(date(2026, 11, 16), date(2026, 11, 20)) == 4  # Mon → Fri
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 25)) == 1  # Tue 24 is a holiday
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 20)) == 0
    assert add_working_days(date(2026, 11, 16), 4) == date(2026, 11, 20)


def test_counter_hours_read_from_settings(settings):
    settings.FORMS_COUNTER_HOURS = " 08:00 - 16:30 "
    assert counter_hours() == (time(8, 0), time(16, 30))
    settings.FORMS_COUNTER_HOURS = ""
    assert counter_hours() == (time(7, 30), time(17, 0))


def test_reception_day_follows_counter_hours(settings):
    """Decree 61/2018/NĐ-CP (amended by 107/2021): after closing time a dossier counts from the next working day."""
    settings.FORMS_COUNTER_HOURS = "07:30-17:00"
    assert reception_day(datetime(2026, 11, 23, 16, 59, tzinfo=HANOI)) == date(2026, 11, 23)  # Monday, open
    assert reception_day(datetime(2026, 11, 23, 6, 0, tzinfo=HANOI)) == date(2026, 11, 23)  # before opening
    # At closing time: Tuesday 24 is Vietnam Cultural Day, so Wednesday 25.
    assert reception_day(datetime(2026, 11, 23, 17, 0, tzinfo=HANOI)) == date(2026, 11, 25)
    assert reception_day(datetime(2026, 11, 25, 17, 30, tzinfo=HANOI)) == date(2026, 11, 26)  # Wednesday evening
    assert reception_day(datetime(2026, 11, 20, 17, 30, tzinfo=HANOI)) == date(2026, 11, 23)  # Friday evening
    assert reception_day(datetime(2026, 11, 21, 10, 0, tzinfo=HANOI)) == date(2026, 11, 23)  # Saturday
    # 23:30 UTC on Sunday is 06:30 on Monday in Hà Nội: the local day counts.
    assert reception_day(datetime(2026, 11, 22, 23, 30, tzinfo=ZoneInfo("UTC"))) == date(2026, 11, 23)
