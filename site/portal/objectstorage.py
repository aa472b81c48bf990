"""Where files live: the local disk by default, an S3-compatible object storage when S3_BUCKET is set.

Issue #17 (several machines): every application server must see the same files, so a province
puts them in object storage (MinIO, Ceph, a cloud's S3). Two parts, kept apart:

- public (``STORAGES["default"]``): Wagtail images and documents, under ``S3_PUBLIC_LOCATION``
  ("media") of ``S3_BUCKET``. Image renditions are linked directly (the bucket policy makes
  ``media/images/*`` readable, nothing else); documents are still served through the portal
  (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``), so the privacy of a collection holds.
- private (``STORAGES["private"]``, ``forms.files.storage.private_storage``): dossier attachments
  and results, draft files, citizens' saved documents, bank statements, under
  ``S3_PRIVATE_LOCATION`` ("private") of ``S3_PRIVATE_BUCKET`` (``S3_BUCKET`` when unset). Never
  public: signed links of ``PRIVATE_FILE_URL_SECONDS`` after the permission checks.
"""

from collections.abc import Mapping
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

LOCAL_PRIVATE = {"BACKEND": "forms.files.storage.PrivateStorage"}
LOCAL_PUBLIC = {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def _common(environ: Mapping[str, str]) -> dict:
    endpoint = environ.get("S3_ENDPOINT_URL") or None
    options = {
        "access_key": environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("S3_SECRET_ACCESS_KEY") or None,
        "endpoint_url": endpoint,
        "region_name": environ.get("S3_REGION") or "us-east-1",
        "signature_version": "s3v4",
        # MinIO and most self-hosted servers answer on one host name: bucket in the path.
        "addressing_style": environ.get("S3_ADDRESSING_STYLE") or ("path" if endpoint else "auto"),
    }
    return options


def object_storages(environ: Mapping[str, str], *, signed_url_seconds: int = 60) -> dict[str, dict]:
    """The ``default`` (public) and ``private`` entries of STORAGES for ``environ``.

    The local disk (MEDIA_ROOT, PRIVATE_MEDIA_ROOT) without ``S3_BUCKET``.
    """
    bucket = environ.get("S3_BUCKET", "")
    if not bucket:
        return {"default": dict(LOCAL_PUBLIC), "private": dict(LOCAL_PRIVATE)}
    common = _common(environ)
    public = {
        **common,
        "bucket_name": bucket,
        "location": environ.get("S3_PUBLIC_LOCATION", "media"),
        # Wagtail keeps the uploaded names: never overwrite another file of the same name.
        "file_overwrite": False,
        "querystring_auth": False,
        "default_acl": None,
    }
    if public_url := environ.get("S3_PUBLIC_URL", ""):
        parts = urlsplit(public_url)
        public["custom_domain"] = f"{parts.netloc}{parts.path}".rstrip("/")
        public["url_protocol"] = f"{parts.scheme or 'https'}:"
    private = {
        **common,
        "bucket_name": environ.get("S3_PRIVATE_BUCKET") or bucket,
        "location": environ.get("S3_PRIVATE_LOCATION", "private").strip("/"),
        "querystring_expire": signed_url_seconds,
    }
    if private["bucket_name"] == bucket:
        # The sweep deletes every object under the private prefix that no row names: in a shared
        # bucket that prefix must hold nothing else.
        public_location = public["location"].strip("/")
        if not private["location"] or (
            public_location and (public_location + "/").startswith(private["location"] + "/")
        ):
            raise ImproperlyConfigured(
                "S3_PRIVATE_LOCATION must be a prefix of its own beside S3_PUBLIC_LOCATION in one bucket "
                "(or give the private files their own bucket: S3_PRIVATE_BUCKET)."
            )
    return {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": public},
        "private": {"BACKEND": "forms.files.storage.PrivateObjectStorage", "OPTIONS": private},
    }


def public_media_origins(environ: Mapping[str, str]) -> list[str]:
    """Origins the public pages load images from besides their own (for the CSP ``img-src``)."""
    bucket = environ.get("S3_BUCKET", "")
    if not bucket:
        return []
    url = environ.get("S3_PUBLIC_URL") or environ.get("S3_ENDPOINT_URL") or ""
    if url:
        parts = urlsplit(url)
        return [f"{parts.scheme or 'https'}://{parts.netloc}"]
    region = environ.get("S3_REGION") or "us-east-1"
    return [f"https://{bucket}.s3.amazonaws.com", f"https://{bucket}.s3.{region}.amazonaws.com"]
