"""Database errors logged without the personal data their messages can carry.

PostgreSQL explains a failed statement with the values involved ("DETAIL: Key (phone)=(09…)
already exists", "Failing row contains (…)", 'invalid input syntax for type integer: "…"'), and
Django logs the exception with its message when a request fails. The filter below keeps the
traceback (where it failed) and the kind of error, and drops the details: in the log lines of a
request that fails on the database, no applicant's name, phone or number.
"""

from __future__ import annotations

import logging
import re
import traceback

from django.db import DatabaseError

_DRIVER_MODULES = {"psycopg", "psycopg2", "sqlite3"}
# A quoted value after a colon: 'invalid input syntax for type integer: "abc"'.
_QUOTED_VALUE = re.compile(r':\s*".*$')


def _is_database_error(error: BaseException | None) -> bool:
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, DatabaseError) or type(error).__module__.split(".")[0] in {
            "psycopg",
            "psycopg2",
            "sqlite3",
        }:
            return True
        error = error.__cause__ or error.__context__
    return False


def database_error_summary(error: BaseException) -> str:
    """The first line of the error's message, without quoted values: what failed, not with what."""
    lines = str(error).strip().splitlines()
    first = _QUOTED_VALUE.sub(': "…"', lines[0]) if lines else ""
    return f"{type(error).__module__}.{type(error).__qualname__}: {first}".rstrip(": ")


class DatabaseErrorRedactFilter(logging.Filter):
    """Replace a logged database exception by its traceback and a one-line summary without values."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.exc_info or not _is_database_error(record.exc_info[1]):
            return True
        _, error, tb = record.exc_info
        record.exc_text = (
            "Traceback (most recent call last):\n"
            + "".join(traceback.format_tb(tb))
            + database_error_summary(error)
            + "\n(Chi tiết lỗi cơ sở dữ liệu được lược bỏ vì có thể chứa dữ liệu cá nhân.)"
        )
        record.exc_info = None
        return True
