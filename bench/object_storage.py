"""Object-storage benchmark (issue #17): "Nộp hồ sơ" on the local disk and on an S3 server, and the
object storage going away during it.

Builds a throw-away site (own SQLite database), starts moto's S3 server (``moto[server]``, the S3
HTTP API) on 127.0.0.1 behind a TCP relay this script can cut, and gunicorn with 2 sync workers
and the production settings, then:

A. ``--submissions`` dossiers of three 1.5 MB files through the wizard; the time of the final
   click ("Nộp hồ sơ": the draft's files copied to the dossier's, checksums written), p50 / p95,
   with the files on the local disk and with S3_BUCKET set (same site, gunicorn restarted);
B. the relay cut before "Nộp hồ sơ" (the object storage unreachable): the answer to the click and
   to a retry, how long the citizen waited, the draft kept, dossiers made, objects no row names;
   then with the relay restored, the answer to the same click;
C. ``sweep_files --grace-hours 0``: objects no row names, after.

    .venv/bin/python bench/object_storage.py [--submissions 10]

Nothing leaves 127.0.0.1.
"""

import argparse
import logging
import shutil
import socket
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path

import boto3
from faults import SETUP, Site, answer, submit_click, wizard_to
from harness import ROOT

MB = 1024 * 1024
SIZES = [int(1.5 * MB)] * 3


class Relay:
    """A TCP relay 127.0.0.1:port → the S3 server; ``cut()`` refuses connections, ``restore()`` relays again."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.listener: socket.socket | None = None
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.open: list[socket.socket] = []

    def restore(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self) -> None:
        if self.listener:
            self.listener.close()
            self.listener = None
        for connection in self.open:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            connection.close()
        self.open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.open += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def final_clicks(site: Site, url: str, count: int) -> list[float]:
    times = []
    before = site.dossiers()
    for _ in range(count):
        browser = wizard_to(site, url, "kiem-tra", SIZES, one_by_one=True)
        started = time.perf_counter()
        response = submit_click(browser)
        times.append(time.perf_counter() - started)
        assert response.status_code == 302, answer(response)  # to the confirmation page
    assert site.dossiers() == before + count
    return times


def figures(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms (n={len(ordered)})"


def orphan_objects(site: Site, s3, bucket: str) -> int:
    named = {f"private/{name}" for (name,) in site.query("SELECT file FROM forms_dossierattachment")}
    named |= {f"private/{name}" for (name,) in site.query("SELECT file FROM forms_draftfile")}
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="private/")
    return sum(1 for page in pages for item in page.get("Contents", []) if item["Key"] not in named)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=10, help="final clicks timed per storage (case A)")
    args = parser.parse_args()

    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        moto_port = probe.getsockname()[1]
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=moto_port, verbose=False)
    moto.start()
    relay = Relay(moto_port)
    relay.restore()
    bucket = f"portal-bench-{uuid.uuid4().hex[:8]}"
    keys = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench-secret", "region_name": "us-east-1"}
    s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{moto_port}", **keys)
    s3.create_bucket(Bucket=bucket)

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-s3-"))
    site = Site(ROOT, workdir)
    (workdir / "var").mkdir(parents=True)
    site.tmp.mkdir()
    site.private.mkdir(mode=0o700)
    try:
        site.manage("migrate", "--no-input")
        site.manage("collectstatic", "--no-input")
        url = site.manage("shell", "-c", SETUP, capture=True).split()[-1]

        site.start()
        local = final_clicks(site, url, args.submissions)
        site.stop()
        site.env.update(
            S3_BUCKET=bucket,
            S3_ENDPOINT_URL=f"http://127.0.0.1:{relay.port}",
            S3_ACCESS_KEY_ID=keys["aws_access_key_id"],
            S3_SECRET_ACCESS_KEY=keys["aws_secret_access_key"],
        )
        site.start()
        remote = final_clicks(site, url, args.submissions)
        print("A. 'Nộp hồ sơ' with three 1.5 MB files (copy from the draft, SHA-256), 2 gunicorn workers:")
        print(f"   local disk:               {figures(local)}")
        print(f"   object storage (S3 API):  {figures(remote)}")

        dossiers = site.dossiers()
        browser = wizard_to(site, url, "kiem-tra", SIZES, one_by_one=True)
        relay.cut()
        started = time.perf_counter()
        first = submit_click(browser)
        waited = time.perf_counter() - started
        retry = submit_click(browser)
        kept = site.drafts()
        made = site.dossiers() - dossiers
        orphans = orphan_objects(site, s3, bucket)
        page_says = "Máy chủ tạm thời không lưu thêm được tệp" in first.text
        relay.restore()
        after = submit_click(browser)
        print("B. Object storage unreachable at 'Nộp hồ sơ':")
        print(f"   click and retry: {answer(first)}, {answer(retry)}; answered after {waited:.1f} s; page says files")
        print(f"   cannot be stored now: {'yes' if page_says else 'no'}; draft kept: {'yes' if kept else 'no'};")
        print(f"   dossiers made: {made}; objects no row names: {orphans}")
        print(f"   reachable again, same click: {answer(after)}; dossiers made: {site.dossiers() - dossiers}")
        site.stop()
        site.manage("sweep_files", "--grace-hours", "0")
        print(f"C. after `sweep_files --grace-hours 0`: objects no row names: {orphan_objects(site, s3, bucket)}")
    finally:
        site.stop()
        relay.cut()
        moto.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
