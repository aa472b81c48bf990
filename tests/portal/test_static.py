"""Static files: collected with content-hashed names, pre-compressed, served with far-future caching."""

import pytest

from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings

MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("static")
    # override_settings resets the cached static storage when STORAGES or STATIC_ROOT change.
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=MANIFEST_STORAGES, DEBUG=False):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield tmp_path


def test_static_urls_carry_a_content_hash(collected):
    url = static("css/portal.css")
    assert url.startswith("/static/css/portal.") and url.endswith(".css")
    assert url != "/static/css/portal.css"
    assert (collected / url.removeprefix("/static/")).exists()
    assert (collected / (url.removeprefix("/static/") + ".gz")).exists()


def test_hashed_static_files_are_served_compressed_and_cached_for_ever(collected):
    url = static("css/portal.css")
    response = Client().get(url, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
