"""Settings: production refuses a missing or weak secret key; SQLite runs in WAL with IMMEDIATE."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _import_production(secret_key: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key
    env["PYTHONPATH"] = str(ROOT / "site")
    return subprocess.run(
        [sys.executable, "-c", "import portal.settings.production as s; print(s.DEBUG, s.SECURE_HSTS_SECONDS)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("secret_key", [None, "", "short", "django-insecure-" + "x" * 60, "a" * 64])
def test_production_refuses_to_start_without_a_real_secret_key(secret_key):
    result = _import_production(secret_key)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_a_random_secret_key():
    result = _import_production("Zq3-" + "k8vN2pL0xR7tY5wB1mC9dF4gH6jS" * 2)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "31536000"]


def test_vietnamese_locale_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


@pytest.mark.django_db
def test_sqlite_uses_wal_and_immediate_transactions():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-specific")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_admin_interface_is_vietnamese(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()


def _page_cache_under_make_run(**environ: str) -> str:
    """PAGE_CACHE_ENABLED as the development settings read it in the environment ``make run`` starts
    its server with (the recipe printed by ``make -n``, the server swapped for a settings import)."""
    env = {k: v for k, v in os.environ.items() if k not in {"PAGE_CACHE_ENABLED", "DJANGO_SETTINGS_MODULE"}}
    env.update(environ)
    recipe = subprocess.run(["make", "-n", "run"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    server = next(line for line in recipe.stdout.splitlines() if "manage.py runserver" in line)
    assignments = server[: server.index(".venv/bin/python")]
    probe = f"{assignments} {sys.executable} -c 'import portal.settings as s; print(s.PAGE_CACHE_ENABLED)'"
    env["PYTHONPATH"] = str(ROOT / "site")
    result = subprocess.run(["sh", "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_serves_the_demo_with_the_page_cache_on_as_the_readme_says():
    assert _page_cache_under_make_run() == "True"  # responses say X-Page-Cache: hit / miss
    assert _page_cache_under_make_run(PAGE_CACHE_ENABLED="0") == "False"


def test_a_bare_development_server_keeps_the_page_cache_off():
    env = {k: v for k, v in os.environ.items() if k not in {"PAGE_CACHE_ENABLED", "DJANGO_SETTINGS_MODULE"}}
    env["PYTHONPATH"] = str(ROOT / "site")
    code = "import portal.settings as s; print(s.PAGE_CACHE_ENABLED)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
