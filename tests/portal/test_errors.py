"""The 500 view always answers a helpful Vietnamese page, even when its own template cannot render."""

from django.test import RequestFactory, override_settings

from portal.views import server_error


def test_server_error_renders_the_theme_page():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "hệ thống đang gặp sự cố" in body
    assert "/thu-tuc-hanh-chinh/" in body


@override_settings(
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
)
def test_server_error_falls_back_when_static_files_were_never_collected(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path  # no manifest here: the {% static %} tag raises
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert 'lang="vi"' in body and "Xin lỗi, hệ thống đang gặp sự cố" in body
