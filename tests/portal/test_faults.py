"""Passing faults (a full disk, a busy or unreachable database) answer 503 with Retry-After; the APIs answer JSON."""

import errno
import sqlite3

import pytest

from django.db import InterfaceError, OperationalError
from django.test import Client

from portal.faults import DATABASE_BUSY, DISK_FULL, fault_kind


def wrapped(django_error_class, driver_error: Exception):
    """An error as Django raises it: its own class, the driver's error as the cause."""
    try:
        try:
            raise driver_error
        except Exception as cause:
            raise django_error_class(*cause.args) from cause
    except Exception as error:
        return error


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), DISK_FULL),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), DISK_FULL),
        (wrapped(OperationalError, sqlite3.OperationalError("database is locked")), DATABASE_BUSY),
        (wrapped(OperationalError, sqlite3.OperationalError("database or disk is full")), DISK_FULL),
        (OperationalError("canceling statement due to lock timeout"), DATABASE_BUSY),
        (
            OperationalError('connection failed: connection to server at "127.0.0.1", port 5432 failed: refused'),
            DATABASE_BUSY,
        ),
        (InterfaceError("connection already closed"), DATABASE_BUSY),
        (wrapped(OperationalError, sqlite3.OperationalError("no such table: forms_dossier")), None),
        (OSError(errno.EACCES, "Permission denied"), None),
        (ValueError("database is locked"), None),  # only database errors are judged by their words
        (None, None),
    ],
)
def test_fault_kind(error, kind):
    assert fault_kind(error) == kind


@pytest.fixture
def browser(db):
    return Client(raise_request_exception=False)


def failing(monkeypatch, error: Exception):
    def search(*args, **kwargs):
        raise error

    monkeypatch.setattr("search.services.procedure_search", search)


def test_search_api_with_the_database_locked_answers_json_503(browser, monkeypatch):
    failing(monkeypatch, OperationalError("database is locked"))
    response = browser.get("/api/search", {"q": "khai sinh"})
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "error": "Hệ thống đang bận; dữ liệu đã lưu vẫn được giữ. Vui lòng thử lại sau ít phút.",
        "status": 503,
        "code": "database_busy",
    }


def test_search_api_with_the_database_stopped_answers_json_503(browser, monkeypatch):
    failing(monkeypatch, OperationalError("connection failed: Connection refused"))
    response = browser.get("/api/search", {"q": "khai sinh"})
    assert (response.status_code, response.json()["code"]) == (503, "database_busy")


def test_search_api_bug_answers_json_500(browser, monkeypatch):
    failing(monkeypatch, RuntimeError("lỗi lập trình"))
    response = browser.get("/api/search", {"q": "khai sinh"})
    assert response.status_code == 500
    assert response.json() == {"error": "Hệ thống đang gặp sự cố; lỗi đã được ghi lại.", "status": 500}


def test_unknown_api_address_answers_json_404(browser, home):
    response = browser.get("/api/khong-co-dau/")
    assert response.status_code == 404
    assert response.json() == {"error": "Không tìm thấy.", "status": 404}


def test_wrong_method_on_the_api_answers_json_405(browser):
    response = browser.post("/api/search", {"q": "khai sinh"})
    assert response.status_code == 405
    assert response.json()["error"] == "Phương thức không được hỗ trợ."
    assert response["Allow"] == "GET"


def test_bad_api_parameters_stay_json_400(browser):
    response = browser.get("/api/search")
    assert response.status_code == 400
    assert response.json()["error"] == "Vui lòng nhập từ khóa hoặc chọn bộ lọc."


def test_a_script_asking_for_json_gets_json_errors(browser, home):
    response = browser.get("/khong-co-trang-nay/", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_html_pages_keep_the_html_404(browser, home):
    response = browser.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang bạn cần" in response.content.decode()


def test_search_page_with_the_database_locked_answers_the_503_page(browser, monkeypatch):
    failing(monkeypatch, OperationalError("database is locked"))
    response = browser.get("/tra-cuu/", {"q": "khai sinh"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Hệ thống đang bận, xin thử lại sau ít phút" in body
    assert "Những gì bạn đã lưu trước đó vẫn được giữ nguyên." in body
    assert "Traceback" not in body


def test_the_object_storage_unreachable_overloaded_or_full_is_a_passing_fault():
    """Issue #17: the same 503 page as a full disk; a missing object or refused keys stay real errors."""
    from botocore.exceptions import ClientError, EndpointConnectionError

    def answered(status: int, code: str) -> ClientError:
        return ClientError({"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "PutObject")

    assert fault_kind(EndpointConnectionError(endpoint_url="http://10.0.0.5:9000/portal")) == DISK_FULL
    assert fault_kind(answered(507, "XMinioStorageFull")) == DISK_FULL
    assert fault_kind(answered(503, "SlowDown")) == DISK_FULL
    assert fault_kind(answered(404, "NoSuchKey")) is None
    assert fault_kind(answered(403, "AccessDenied")) is None
