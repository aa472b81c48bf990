"""Fast, isolated settings for the test suite."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL

SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789abcdef"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # tests/forms/files/test_object_storage.py swaps in an object storage on a local S3 server.
    "private": {"BACKEND": "forms.files.storage.PrivateStorage"},
}
_tmp = Path(tempfile.mkdtemp(prefix="portal-test-"))
MEDIA_ROOT = _tmp / "media"
PRIVATE_MEDIA_ROOT = _tmp / "private"
FILE_UPLOAD_TEMP_DIR = str(PRIVATE_MEDIA_ROOT / "upload-tmp")
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
ELASTICSEARCH_INDEX_PREFIX = "portal-test"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(_tmp / "test.sqlite3")}
STATIC_ROOT = _tmp / "static"
STATIC_ROOT.mkdir()
# Each test run keeps its caches in memory; tests/conftest.py empties them before every test.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# Text messages kept in accounts.sms.outbox. The sign-in lockout is off, as Client.login() gives
# axes no request; tests/accounts turn it on where they test it.
SMS_BACKEND = "accounts.sms.LocmemSmsBackend"
AXES_ENABLED = False
if REDIS_URL:
    # CI's Redis pass: the caches and the shared limits (forms.tracking.ratelimit) in Redis, as in
    # production. Emptying a Redis cache empties its whole database (FLUSHDB), limits included,
    # before every test: point REDIS_URL at a server or database number used by this run alone.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
        },
    }
# One channel in the tests that count messages; tests/forms/lifecycle/test_notifications.py adds SMS.
FORMS_NOTIFIERS = ["forms.lifecycle.notifications.EmailNotifier"]
