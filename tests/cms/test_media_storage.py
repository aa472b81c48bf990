"""Wagtail images and documents on the public part of the object storage (issue #17, several machines).

Against the S3 server of ``tests/objectstorage.py``. Image renditions are linked straight from the
bucket (unsigned: cached pages keep working links); documents stay behind Wagtail's serve view,
so a private collection's files are never a bucket link.
"""

import uuid
from urllib.parse import urlsplit

import pytest

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from portal.objectstorage import object_storages

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_bucket(s3_server, settings):
    bucket = f"portal-media-{uuid.uuid4().hex[:12]}"
    s3_server.client().create_bucket(Bucket=bucket)
    environ = {
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": s3_server.endpoint,
        "S3_ACCESS_KEY_ID": s3_server.access_key,
        "S3_SECRET_ACCESS_KEY": s3_server.secret_key,
    }
    # Django empties default_storage when STORAGES changes, and again when the fixture restores it.
    settings.STORAGES = {**settings.STORAGES, "default": object_storages(environ)["default"]}
    return bucket


def keys(s3_server, bucket: str) -> list[str]:
    listing = s3_server.client().list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_an_image_and_its_rendition_go_to_the_bucket_and_are_linked_unsigned(s3_server, public_bucket):
    image = get_image_model().objects.create(title="Trụ sở UBND xã", file=get_test_image_file(filename="tru-so.png"))
    rendition = image.get_rendition("fill-40x20")
    stored = keys(s3_server, public_bucket)
    assert f"media/{image.file.name}" in stored and image.file.name.startswith("original_images/")
    assert f"media/{rendition.file.name}" in stored and rendition.file.name.startswith("images/")
    link = urlsplit(rendition.url)
    assert f"{link.scheme}://{link.netloc}" == s3_server.endpoint
    assert link.path == f"/{public_bucket}/media/{rendition.file.name}"
    assert link.query == ""  # no signature that would expire inside a cached page


def test_a_document_is_stored_in_the_bucket_and_served_through_the_portal(client, s3_server, public_bucket):
    content = b"%PDF-1.4\n% Bieu mau to khai\n%%EOF\n"
    document = get_document_model().objects.create(
        title="Tờ khai đăng ký khai sinh", file=ContentFile(content, name="to-khai.pdf")
    )
    assert keys(s3_server, public_bucket) == [f"media/{document.file.name}"]
    response = client.get(document.url)
    assert response.status_code == 200  # streamed by Wagtail's view, not a redirect to the bucket
    assert b"".join(response.streaming_content) == content
