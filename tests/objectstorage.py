"""A real S3-compatible server on 127.0.0.1 for the object-storage tests (issue #17).

``s3_server`` (session): moto's S3 server (``moto[server]``, the same HTTP API as AWS S3 or MinIO)
in a thread on a free port; or, when ``S3_TEST_ENDPOINT`` is set, that server instead (a MinIO in
CI, with ``S3_TEST_ACCESS_KEY_ID`` / ``S3_TEST_SECRET_ACCESS_KEY``). ``object_storage`` (per test):
a fresh bucket, and the private storage of every private ``FileField`` pointed at it.
"""

import logging
import os
import socket
import uuid
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    access_key: str
    secret_key: str
    region: str = "us-east-1"

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name=self.region,
        )


@dataclass
class ObjectStore:
    """The test's bucket: ``keys()`` lists what is really on the server."""

    server: S3Server
    bucket: str
    storage: object
    prefix: str = "private/"

    def keys(self) -> list[str]:
        client = self.server.client()
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def body(self, key: str) -> bytes:
        return self.server.client().get_object(Bucket=self.bucket, Key=key)["Body"].read()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    endpoint = os.environ.get("S3_TEST_ENDPOINT")
    if endpoint:
        yield S3Server(
            endpoint=endpoint,
            access_key=os.environ.get("S3_TEST_ACCESS_KEY_ID", "minioadmin"),
            secret_key=os.environ.get("S3_TEST_SECRET_ACCESS_KEY", "minioadmin"),
        )
        return
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one log line per request otherwise
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield S3Server(endpoint=f"http://127.0.0.1:{port}", access_key="portal-test", secret_key="portal-test-secret")
    finally:
        server.stop()


def private_object_storage_make(server: S3Server, bucket: str, **options):
    """A ``PrivateObjectStorage`` on ``bucket`` of ``server``, configured as portal.objectstorage does."""
    from forms.files.storage import PrivateObjectStorage
    from portal.objectstorage import object_storages

    environ = {
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": server.endpoint,
        "S3_ACCESS_KEY_ID": server.access_key,
        "S3_SECRET_ACCESS_KEY": server.secret_key,
        "S3_REGION": server.region,
    }
    config = object_storages(environ)["private"]
    return PrivateObjectStorage(**{**config["OPTIONS"], **options})


@pytest.fixture
def object_storage(s3_server, settings):
    """Private files on a fresh bucket of the test S3 server for this test; the local disk again after."""
    from forms.files.storage import private_storage

    bucket = f"portal-test-{uuid.uuid4().hex[:12]}"
    s3_server.client().create_bucket(Bucket=bucket)
    private_storage._setup()
    previous = private_storage._wrapped
    storage = private_object_storage_make(s3_server, bucket)
    private_storage._wrapped = storage
    settings.PRIVATE_FILE_DELIVERY = "redirect"
    settings.PRIVATE_FILE_URL_SECONDS = 60
    try:
        yield ObjectStore(server=s3_server, bucket=bucket, storage=storage)
    finally:
        private_storage._wrapped = previous
