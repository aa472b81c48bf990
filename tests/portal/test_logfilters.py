"""Database errors are logged without the values in their messages (issue #16)."""

import logging

from django.db import IntegrityError

from portal.logfilters import DatabaseErrorRedactFilter


def _record(error: BaseException) -> logging.LogRecord:
    try:
        raise error
    except BaseException as raised:
        return logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/x",),
            (
                type(raised),
                raised,
                raised.__traceback__,
            ),
        )


def _formatted(record: logging.LogRecord) -> str:
    assert DatabaseErrorRedactFilter().filter(record) is True
    return logging.Formatter().format(record)


def test_detail_with_personal_data_is_dropped():
    error = IntegrityError(
        'duplicate key value violates unique constraint "forms_dossier_code_key"\n'
        "DETAIL:  Key (applicant_phone)=(0912345678) already exists."
    )
    text = _formatted(_record(error))
    assert "0912345678" not in text
    assert 'duplicate key value violates unique constraint "forms_dossier_code_key"' in text
    assert "django.db.utils.IntegrityError" in text
    assert "Internal Server Error: /x" in text and "test_logfilters.py" in text  # message and traceback kept


def test_quoted_value_after_a_colon_is_dropped():
    text = _formatted(_record(IntegrityError('invalid input syntax for type integer: "Nguyễn Văn An"')))
    assert "Nguyễn Văn An" not in text
    assert 'invalid input syntax for type integer: "…"' in text


def test_chained_driver_error_is_recognised():
    class FakeDriverError(Exception):
        pass

    FakeDriverError.__module__ = "psycopg.errors"
    try:
        try:
            raise FakeDriverError("x\nDETAIL:  Failing row contains (0912345678).")
        except FakeDriverError as cause:
            raise RuntimeError("wrapped") from cause
    except RuntimeError as error:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "m", (), (RuntimeError, error, error.__traceback__))
    assert "0912345678" not in _formatted(record)


def test_other_errors_are_left_alone():
    record = _record(ValueError("nothing personal here"))
    assert "nothing personal here" in _formatted(record)
