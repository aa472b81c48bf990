"""Lockout of citizens' and staff sign-ins, per account and per client address (django-axes).

Limits of the test run are the defaults of settings/base.py: 5 failures per account and 20 per
address within 15 minutes.
"""

import re
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from accounts.signin.lockout import _known_lock, _known_locks, _remember_locks, attempted_account
from tests.accounts.conftest import PASSWORD, citizen_make

pytestmark = pytest.mark.django_db


def _citizen_login(client, login, password, address="203.0.113.7"):
    return client.post("/tai-khoan/dang-nhap/", {"login": login, "password": password}, REMOTE_ADDR=address)


def _admin_login(client, username, password, address="203.0.113.7"):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _assert_locked_page(response):
    html = response.content.decode()
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in html
    until = re.search(r"Thử lại sau (\d\d):(\d\d)", html)
    assert until, html
    assert 60 <= int(response["Retry-After"]) <= 15 * 60
    expected = timezone.localtime(timezone.now() + timedelta(minutes=15))
    assert (int(until.group(1)), int(until.group(2))) in {
        (expected.hour, expected.minute),
        ((expected - timedelta(minutes=1)).hour, (expected - timedelta(minutes=1)).minute),
    }


def test_citizen_account_locked_after_five_failures_even_from_several_addresses(client, citizen, lockout):
    for number in range(4):
        response = _citizen_login(client, "0912345678", "sai", address=f"198.51.100.{number}")
        assert response.status_code == 200
    _assert_locked_page(_citizen_login(client, "0912345678", "sai", address="198.51.100.4"))  # the fifth locks
    response = _citizen_login(client, "0912345678", PASSWORD, address="198.51.100.99")
    _assert_locked_page(response)
    assert "_auth_user_id" not in client.session
    # The other spelling of the same number is the same account.
    _assert_locked_page(_citizen_login(client, "+84912345678", PASSWORD, address="198.51.100.98"))


def test_other_accounts_are_not_locked_by_one_account(client, citizen, lockout):
    other = citizen_make(phone="0987654321", email=None)
    for number in range(5):
        _citizen_login(client, "0912345678", "sai", address=f"198.51.100.{number}")
    response = _citizen_login(client, "0987654321", PASSWORD, address="198.51.100.50")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_client_address_locked_after_twenty_failures_on_any_accounts(client, citizen, lockout):
    for number in range(19):
        assert _citizen_login(client, f"09000000{number:02d}", "sai").status_code == 200
    assert _citizen_login(client, "0900000019", "sai").status_code == 429
    _assert_locked_page(_citizen_login(client, "0912345678", PASSWORD))
    # Another address still signs in.
    assert _citizen_login(client, "0912345678", PASSWORD, address="192.0.2.1").status_code == 302


def test_correct_password_during_lockout_is_refused_before_hashing(client, citizen, lockout, monkeypatch):
    for _ in range(5):
        _citizen_login(client, "0912345678", "sai")
    hashed = []
    monkeypatch.setattr(AbstractBaseUser, "check_password", lambda self, raw: hashed.append(raw) or True)
    monkeypatch.setattr(AbstractBaseUser, "set_password", lambda self, raw: hashed.append(raw))
    for _ in range(10):
        assert _citizen_login(client, "0912345678", PASSWORD).status_code == 429
        assert _admin_login(client, "0912345678", PASSWORD).status_code == 429
    assert hashed == []


def test_failures_during_lockout_do_not_extend_it(client, citizen, lockout):
    for _ in range(5):
        _citizen_login(client, "0912345678", "sai")
    attempt = AccessAttempt.objects.get()
    for _ in range(5):
        _citizen_login(client, "0912345678", "sai")
    assert AccessAttempt.objects.get().failures_since_start == 5
    assert AccessAttempt.objects.get().attempt_time == attempt.attempt_time


def test_lockout_ends_after_the_period(client, citizen, lockout):
    for _ in range(5):
        _citizen_login(client, "0912345678", "sai")
    assert _citizen_login(client, "0912345678", PASSWORD).status_code == 429
    # Fifteen minutes pass: for the failures in the database and for the lockouts a worker remembers.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=5))
    for key, end in _known_locks.items():
        _known_locks[key] = end - timedelta(minutes=15, seconds=5)
    response = _citizen_login(client, "0912345678", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/"


def test_admin_login_locked_after_five_failures(client, lockout):
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.create_user(username="canbo", password=PASSWORD, is_staff=True)
    group = Group.objects.create(name="Một cửa")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    officer.groups.add(group)
    for number in range(4):
        assert _admin_login(client, "canbo", "sai", address=f"198.51.100.{number}").status_code == 200
    assert _admin_login(client, "canbo", "sai", address="198.51.100.4").status_code == 429
    _assert_locked_page(_admin_login(client, "canbo", PASSWORD, address="198.51.100.60"))
    _assert_locked_page(_admin_login(client, "CanBo", PASSWORD, address="198.51.100.61"))
    assert client.get("/admin/").status_code == 302


def test_lockout_keys_on_client_behind_trusted_proxy(client, citizen, lockout, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for number in range(20):
        client.post(
            "/tai-khoan/dang-nhap/",
            {"login": f"09000000{number:02d}", "password": "sai"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    # Another citizen behind the same proxy is not locked out with the guesser.
    response = client.post(
        "/tai-khoan/dang-nhap/",
        {"login": "0912345678", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.23",
    )
    assert response.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}


def test_guess_at_locked_account_is_answered_before_sessions_and_forms(
    client, citizen, lockout, django_assert_max_num_queries
):
    for _ in range(5):
        _citizen_login(client, "0912345678", "sai")
    with django_assert_max_num_queries(4):  # the lockout's counts and the time it ends; no session, no user
        response = _citizen_login(client, "0912345678", PASSWORD)
    assert response.status_code == 429
    assert "sessionid" not in response.cookies
    with django_assert_max_num_queries(0):  # the worker remembers the lockout until it ends
        assert _citizen_login(client, "0912345678", PASSWORD).status_code == 429
        assert _admin_login(client, "0912345678", PASSWORD).status_code == 429


def test_locked_page_says_a_new_password_works_only_after_the_lockout(client, citizen, lockout):
    # A password reset does not end the lockout (it is kept per account for its whole period), so
    # the page must not let the citizen believe that resetting lets them in at once.
    for number in range(5):
        response = _citizen_login(client, "0912345678", "sai", address=f"198.51.100.{number}")

    html = response.content.decode()
    assert response.status_code == 429
    assert "mật khẩu mới dùng được khi hết thời gian tạm khóa" in html
    assert 'href="/tai-khoan/mat-khau/quen/"' in html


def test_the_lockout_counts_an_account_once_whichever_name_is_typed(client, lockout, citizen):
    names = ["0912345678", "an.nguyen@example.com", "+84 912 345 678", "AN.NGUYEN@example.com", "0912.345.678"]
    for name in names:
        client.post(
            "/tai-khoan/dang-nhap/", {"login": name, "password": "sai-mat-khau"}, REMOTE_ADDR=f"10.9.0.{len(name)}"
        )
    response = client.post(
        "/tai-khoan/dang-nhap/", {"login": "an.nguyen@example.com", "password": PASSWORD}, REMOTE_ADDR="10.9.0.99"
    )
    assert response.status_code == 429


# The middleware's memory of lockouts and the handler's arithmetic, with written-out times
# (issue #19's mutation run).

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_a_remembered_lockout_ends_at_its_time(lockout, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    _known_locks[("username", "user:1")] = NOW
    _known_locks[("ip_address", "203.0.113.7")] = NOW + timedelta(seconds=1)
    assert _known_lock([("username", "user:1")]) is None
    assert _known_lock([("username", "user:1"), ("ip_address", "203.0.113.7")]) == NOW + timedelta(seconds=1)


def test_the_remembered_lockouts_are_bounded(lockout, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    monkeypatch.setattr("accounts.signin.lockout.KNOWN_LOCKS_MAX", 3)
    minute = timedelta(minutes=1)
    _known_locks.update({("username", "a"): NOW - minute, ("username", "b"): NOW, ("username", "c"): NOW + 5 * minute})
    # Full: the ended lockouts (one ends this very moment) are forgotten first.
    _remember_locks({("username", "d"): NOW + 15 * minute})
    assert _known_locks == {("username", "c"): NOW + 5 * minute, ("username", "d"): NOW + 15 * minute}
    # Full of lockouts that have not ended: all are forgotten (the database still has them).
    _known_locks[("username", "e")] = NOW + 5 * minute
    _remember_locks({("username", "f"): NOW + 15 * minute})
    assert _known_locks == {("username", "f"): NOW + 15 * minute}


def test_the_account_is_the_one_the_credentials_name_else_the_forms(lockout):
    request = SimpleNamespace(POST={"login": "Khach@Example.com"})
    assert attempted_account(request, {"username": "CanBo"}) == "canbo"
    assert attempted_account(request, None) == "khach@example.com"
    assert attempted_account(SimpleNamespace(), None) is None  # a request without a form


def test_a_remembered_account_lockout_refuses_only_that_account(client, citizen, lockout):
    other = citizen_make(phone="0987654321", email=None)
    for number in range(6):  # the sixth is refused by the middleware, which remembers the lockout
        response = _citizen_login(client, "0912345678", "sai", address=f"198.51.100.{number}")
    assert response.status_code == 429
    response = _citizen_login(client, "0987654321", PASSWORD, address="198.51.100.50")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_a_remembered_address_lockout_costs_no_query_and_holds_sign_ins_only(
    client, citizen, lockout, django_assert_num_queries
):
    for number in range(20):
        _citizen_login(client, f"09000000{number:02d}", "sai")
    assert _citizen_login(client, "0987000001", "sai").status_code == 429
    with django_assert_num_queries(0):
        assert _citizen_login(client, "0987000001", "sai").status_code == 429
    # The sign-in page is still shown, and other forms are still posted from that address.
    assert client.get("/tai-khoan/dang-nhap/", REMOTE_ADDR="203.0.113.7").status_code == 200
    assert client.post("/", REMOTE_ADDR="203.0.113.7").status_code != 429


def test_without_a_cool_off_period_the_page_gives_no_time(client, citizen, lockout):
    lockout.AXES_COOLOFF_TIME = None
    for _ in range(5):
        response = _citizen_login(client, "0912345678", "sai")
    assert response.status_code == 429  # axes' refusal of the fifth failure
    response = _citizen_login(client, "0912345678", PASSWORD)  # the middleware's
    assert response.status_code == 429
    assert "Vui lòng thử lại sau ít phút." in response.content.decode()
    assert "Retry-After" not in response


def test_with_a_limit_of_one_failure_a_first_sign_in_still_gets_in(client, citizen, lockout):
    lockout.ACCOUNTS_LOCKOUT_ACCOUNT_FAILURES = 1
    lockout.AXES_FAILURE_LIMIT = 1
    assert _citizen_login(client, "0912345678", PASSWORD).status_code == 302


def test_the_lockout_ends_when_the_failure_that_reached_the_limit_expires(client, citizen, lockout):
    _citizen_login(client, "0912345678", "sai", address="198.51.100.1")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10))
    for _ in range(4):
        _citizen_login(client, "0912345678", "sai", address="198.51.100.2")
    response = _citizen_login(client, "0912345678", PASSWORD, address="198.51.100.3")
    assert response.status_code == 429
    # One failure 10 minutes ago and four now: the count falls under 5 when the old one is 15
    # minutes old, in 5 minutes.
    assert int(response["Retry-After"]) == 5 * 60
