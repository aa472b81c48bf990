"""Which failures are passing faults of the machine (a full disk or object storage, a busy or unreachable database).

Those are answered with HTTP 503 and ``Retry-After`` (portal.views.server_error): nothing the
citizen did was wrong, what was saved stays saved, and the same request later will work.
"""

import errno

from django.db import InterfaceError, OperationalError

DISK_FULL = "disk_full"
DATABASE_BUSY = "database_busy"

# Seconds the client is told to wait: a lock clears in seconds, a full disk needs someone to act.
RETRY_AFTER = {DATABASE_BUSY: 30, DISK_FULL: 300}

_DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
# PostgreSQL SQLSTATEs: disk_full, and lock_not_available, query_canceled (lock or statement
# timeout), admin_shutdown, cannot_connect_now, too_many_connections, serialization_failure,
# deadlock_detected.
_PG_DISK = {"53100"}
_PG_BUSY = {"55P03", "57014", "57P01", "57P03", "53300", "40001", "40P01"}
_DISK_WORDS = ("database or disk is full", "no space left on device", "could not extend file")
_BUSY_WORDS = (
    "database is locked",
    "database table is locked",
    "lock timeout",
    "could not connect",
    "connection failed",
    "connection refused",
    "connection is lost",
    "server closed the connection",
    "terminating connection",
    "the database system is",
    "too many clients",
    "connection already closed",
)


def _chain(error: BaseException | None):
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def fault_kind(error: BaseException | None) -> str | None:
    """``DISK_FULL``, ``DATABASE_BUSY`` or None (a real error) for an exception a view raised."""
    for item in _chain(error):
        if isinstance(item, OSError) and item.errno in _DISK_ERRNOS:
            return DISK_FULL
        # The object storage (issue #17) unreachable, overloaded or full: files cannot be kept for
        # now (forms.files.storage.FileStorageUnavailable wraps these when writing). Its 4xx answers
        # (a missing object, refused credentials) are real errors, not passing faults.
        if type(item).__module__.startswith(("botocore", "boto3", "s3transfer")):
            status = (getattr(item, "response", None) or {}).get("ResponseMetadata", {}).get("HTTPStatusCode")
            if status is None or status >= 500 or status == 429:
                return DISK_FULL
        if isinstance(item, OperationalError | InterfaceError) or type(item).__module__.startswith(
            ("psycopg", "sqlite3")
        ):
            state = getattr(item, "sqlstate", None) or getattr(item, "pgcode", None)
            text = str(item).lower()
            if state in _PG_DISK or any(words in text for words in _DISK_WORDS):
                return DISK_FULL
            if state in _PG_BUSY or any(words in text for words in _BUSY_WORDS):
                return DATABASE_BUSY
    return None
