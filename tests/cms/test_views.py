"""Form template downloads (``cms.views.document_serve``)."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("filename", "content_type", "disposition"),
    [
        ("to-khai.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "attachment"),
        ("to-khai.pdf", "application/pdf", "inline"),  # Wagtail lets the browser show a PDF
    ],
)
def test_form_template_download_carries_no_content_encoding(client, filename, content_type, disposition):
    document = factories.document_make(filename=filename, size=1500)
    assert document.url.startswith(f"/tai-lieu/{document.pk}/")

    response = client.get(document.url)

    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers  # Wagtail's sendfile wrote "None" here
    assert response.headers["Content-Type"] == content_type
    assert response.headers["Content-Disposition"].startswith(f"{disposition};")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"x" * 1500


def test_unknown_form_template_is_not_found(client):
    assert client.get("/tai-lieu/987654/khong-co.docx").status_code == 404
