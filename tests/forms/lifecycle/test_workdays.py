from datetime import date

from forms.lifecycle.workdays import add_working_days, is_working_day, next_working_day, working_days_between


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
