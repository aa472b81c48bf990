"""Working days of the one-stop counter: Monday to Friday, minus Vietnamese public holidays."""

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

from django.conf import settings
from django.utils import timezone


@lru_cache(maxsize=32)
def _holidays_of(year: int) -> frozenset[date]:
    # The library also lists the substituted days off the Government announces (e.g. Tết bridges).
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def is_working_day(day: date) -> bool:
    """Return whether the counter is open on ``day`` (weekday and not a public holiday)."""
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def next_working_day(day: date) -> date:
    """Return ``day`` itself when it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, days: int) -> date:
    """Return the date ``days`` working days after ``start``.

    A dossier received on a weekend or a holiday counts from the next working day; with
    ``days == 0`` the result is that day itself (same-day procedures).
    """
    day = next_working_day(start)
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Return the number of working days after ``start`` up to and including ``end`` (0 if end ≤ start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def counter_hours() -> tuple[time, time]:
    """The counter's opening and closing time (``FORMS_COUNTER_HOURS``, e.g. "07:30-17:00")."""
    opening, closing = (settings.FORMS_COUNTER_HOURS or "07:30-17:00").split("-", 1)
    return time.fromisoformat(opening.strip()), time.fromisoformat(closing.strip())


def reception_day(moment: datetime) -> date:
    """The day a reception at ``moment`` counts from (Decree 61/2018/NĐ-CP as amended by 107/2021).

    Within the counter's hours on a working day it is that day; after closing time, before
    opening, on a weekend or a public holiday it is the next working day.
    """
    local = timezone.localtime(moment)
    day = local.date()
    _opening, closing = counter_hours()
    if not is_working_day(day) or local.time() >= closing:
        return next_working_day(day + timedelta(days=1))
    # Before opening time the counter opens later that same working day: it counts from then.
    return day
