"""What several application servers share (issue #17), read from the settings the environment gives.

Each case starts a fresh interpreter that imports ``portal.settings.base`` with the environment
of a machine, as gunicorn does, and reports the settings that decide where things live.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

REPORT = """
import json
from portal.settings import base
print(json.dumps({
    "caches": {name: c["BACKEND"] for name, c in base.CACHES.items()},
    "sessions": base.SESSION_ENGINE,
    "tasks": {name: t["BACKEND"] for name, t in base.TASKS.items()},
    "storages": {name: s["BACKEND"] for name, s in base.STORAGES.items()},
    "private_bucket": base.STORAGES["private"].get("OPTIONS", {}).get("bucket_name"),
    "img_src": base.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
}))
"""


def settings_with(**environ: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("S3_", "REDIS_"))}
    env.update(environ, PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'site'}", SECRET_KEY="x" * 60)
    done = subprocess.run([sys.executable, "-c", REPORT], env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_one_machine_keeps_everything_local_but_the_queue_and_sessions_in_the_database():
    found = settings_with()
    assert found["caches"] == {
        "default": "django.core.cache.backends.locmem.LocMemCache",
        "pages": "django.core.cache.backends.filebased.FileBasedCache",
    }
    assert found["sessions"] == "django.contrib.sessions.backends.db"
    assert found["tasks"]["background"] == "django_tasks_db.DatabaseBackend"
    assert found["storages"] == {
        "default": "django.core.files.storage.FileSystemStorage",
        "private": "forms.files.storage.PrivateStorage",
        "staticfiles": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    }
    assert found["img_src"] == ["'self'", "data:"]


def test_a_province_shares_caches_in_redis_files_in_the_bucket_and_sessions_in_redis_and_the_database():
    found = settings_with(
        REDIS_URL="redis://10.0.0.4:6379/0",
        S3_BUCKET="portal",
        S3_PRIVATE_BUCKET="portal-private",
        S3_ENDPOINT_URL="https://s3.dichvucong.tinh.gov.vn",
    )
    assert found["caches"] == {
        "default": "django.core.cache.backends.redis.RedisCache",
        "pages": "django.core.cache.backends.redis.RedisCache",
    }
    # Read from Redis, written through to the database: a Redis flush or eviction signs nobody out.
    assert found["sessions"] == "django.contrib.sessions.backends.cached_db"
    # Any machine's `db_worker` takes the queued work from the shared database.
    assert found["tasks"]["background"] == "django_tasks_db.DatabaseBackend"
    assert found["storages"] == {
        "default": "storages.backends.s3.S3Storage",
        "private": "forms.files.storage.PrivateObjectStorage",
        # Collected once per release on each machine, served by the application itself.
        "staticfiles": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    }
    assert found["private_bucket"] == "portal-private"
    assert found["img_src"] == ["'self'", "data:", "https://s3.dichvucong.tinh.gov.vn"]


def test_a_session_read_from_the_cache_survives_its_flush(client, settings, db):
    # The province's sessions ("cached_db" with REDIS_URL): read from the cache, so a request reads
    # no session row; the cache emptied (a Redis restart, an eviction), the database still has it.
    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.SESSION_CACHE_ALIAS = "default"
    user = get_user_model().objects.create_user("canbo-phien", password="mat-khau-dai-123", is_staff=True)
    client.force_login(user)
    assert client.get("/tai-khoan/").status_code in (200, 302)
    with CaptureQueriesContext(connection) as queries:
        client.get("/tai-khoan/")
    assert not any('FROM "django_session"' in q["sql"] for q in queries.captured_queries)
    caches["default"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/tai-khoan/")
    assert any('FROM "django_session"' in q["sql"] for q in queries.captured_queries)
    assert response.wsgi_request.user == user
