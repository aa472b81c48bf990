"""Issue #16: ``load_demo`` refuses production settings; ``check --deploy`` fails on demo accounts."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from django.contrib.auth import get_user_model
from django.core.checks import Tags, run_checks
from django.core.management import CommandError, call_command

from cms.checks import check_no_demo_accounts

ROOT = Path(__file__).resolve().parents[2]


def test_load_demo_refuses_to_run_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Không tạo dữ liệu mẫu vì DEBUG đang tắt"):
        call_command("load_demo")
    assert not get_user_model().objects.filter(username="canbo").exists()


def test_load_demo_exits_1_under_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "portal.example.vn",
        "PORTAL_VAR_DIR": str(tmp_path),
        "DEBUG": "0",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "DEBUG đang tắt" in result.stderr and "--without-debug" in result.stderr


def _user(username, *, email, password):
    return get_user_model().objects.create_user(username=username, email=email, password=password)


def test_deploy_check_passes_without_demo_accounts(db):
    _user("canbo", email="canbo@ubnd-xa.gov.vn", password="mat-khau-rieng-2026")  # a real officer named canbo
    assert check_no_demo_accounts() == []


@pytest.mark.parametrize(
    ("email", "password"),
    [("canbo@hamchinh.example", "mat-khau-rieng-2026"), ("canbo@ubnd-xa.gov.vn", "demo-canbo-2026")],
)
def test_deploy_check_fails_on_a_demo_account(db, email, password):
    _user("canbo", email=email, password=password)
    errors = check_no_demo_accounts()
    assert [error.id for error in errors] == ["cms.E001"]
    assert errors[0].msg == "Còn tài khoản mẫu với mật khẩu công khai: canbo."


def test_deploy_check_is_registered_as_a_deploy_security_check(db):
    _user("quantri", email="quantri@hamchinh.example", password="demo-quantri-2026")
    assert "cms.E001" not in [e.id for e in run_checks(tags=[Tags.security])]
    ids = [e.id for e in run_checks(tags=[Tags.security], include_deployment_checks=True, databases=["default"])]
    assert "cms.E001" in ids


@pytest.mark.parametrize(
    ("username", "email", "password"),
    [
        # load_demo --communes N (issue #17): commune 2 is xã Hàm Thuận Bắc (23089), 3 xã Hàm Thạnh (23122).
        ("canbo2", "canbo2@xa-23089.example", "mat-khau-rieng-2026"),
        ("bientap3", "bientap3@ubnd-xa.gov.vn", "demo-bientap3-2026"),
        ("lanhdao3", "lanhdao3@xa-23122.example", "mat-khau-rieng-2026"),
        ("quantri12", "quantri12@ubnd-xa.gov.vn", "demo-quantri12-2026"),
        ("tinh", "tinh@lamdong.example", "mat-khau-rieng-2026"),
        ("tinh", "tinh@lamdong.gov.vn", "demo-tinh-2026"),
    ],
)
def test_deploy_check_fails_on_the_accounts_of_the_demo_communes_and_province(db, username, email, password):
    _user(username, email=email, password=password)
    errors = check_no_demo_accounts()
    assert [error.msg for error in errors] == [f"Còn tài khoản mẫu với mật khẩu công khai: {username}."]


@pytest.mark.parametrize("username", ["canbo2", "tinh", "canbo1", "canbo02"])
def test_deploy_check_passes_real_officers_with_numbered_names(db, username):
    _user(username, email=f"{username}@ubnd-xa.gov.vn", password=f"demo-{username}-2026x")
    assert check_no_demo_accounts() == []
