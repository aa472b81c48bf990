"""Account pages benchmark: "Hồ sơ của tôi" and the wizard for a signed-in citizen, in process.

Builds a throw-away test database (the test settings: SQLite in a temporary folder), one citizen
with ``--dossiers`` dossiers (a tenth with an electronic result, a tenth awaiting a supplement),
five drafts and ten saved documents, then measures with Django's test client, over ``--runs`` runs:

1. GET /tai-khoan/ ("Hồ sơ của tôi"): median time and SQL queries;
2. GET of the wizard's applicant step, anonymous and signed in (prefill from the profile);
3. GET of the documents step signed in (saved documents offered for every slot).

    .venv/bin/python bench/account_pages.py [--dossiers 50] [--runs 20]

Runs on code without accounts features too (main before them): what is missing is reported as "—".
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"


def measure(client, url: str, runs: int) -> tuple[float, int, int]:
    """Median milliseconds, SQL queries of one request, and the status code."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (templates, settings)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    return statistics.median(times), len(queries), status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=50)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        run(args)
    finally:
        runner.teardown_databases(old)


def run(args) -> None:
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from accounts.models import CitizenProfile
    from forms.files.services import AttachmentInput
    from forms.lifecycle.services import dossier_transition
    from forms.models import Dossier, DossierStatus, Draft
    from tests import factories
    from tests.forms import factories as f
    from tests.forms.intake import wizard as w

    factories.home_page_make()
    page = f.form_page_make()
    citizen = get_user_model().objects.create_user("cong-dan", email="an@example.vn")
    CitizenProfile.objects.create(user=citizen, phone="0912345678", full_name="Nguyễn Văn An", id_number="001090012345")
    officer = f.receiving_officer()
    for n in range(args.dossiers):
        dossier = f.dossier_make(page=page)
        Dossier.objects.filter(pk=dossier.pk).update(owner=citizen)
        if n % 10 == 1:
            dossier_transition(
                dossier=dossier, to_status=DossierStatus.SUPPLEMENT_REQUESTED, actor=officer, note="Thiếu"
            )
        elif n % 10 == 2:
            dossier_transition(dossier=dossier, to_status=DossierStatus.PROCESSING, actor=officer)
            result = AttachmentInput(slot="", label="Kết quả", name="ket-qua.pdf", file=f.upload())
            dossier_transition(
                dossier=dossier, to_status=DossierStatus.RESULT_READY, actor=officer, attachments=[result]
            )
    for n in range(5):
        Draft.objects.create(token=f"bench-{n}", form_page=page, owner=citizen)
    try:
        from accounts.services import saved_document_create
    except ImportError:  # no saved documents in this code
        saved = "—"
    else:
        for n in range(10):
            upload = SimpleUploadedFile("giay.pdf", f.pdf_bytes() + f"% {n}".encode(), content_type="application/pdf")
            saved_document_create(owner=citizen, label=f"Giấy tờ {n}", file=upload, name="giay.pdf")
        saved = "10"

    print(f"{args.dossiers} dossiers, 5 drafts, saved documents: {saved}; median of {args.runs} runs")
    anonymous = Client()
    ms, queries, status = measure(anonymous, page.url, args.runs)
    print(f"wizard applicant step, anonymous:   {ms:7.1f} ms  {queries:3d} queries  (HTTP {status})")

    client = Client()
    client.force_login(citizen)
    ms, queries, status = measure(client, page.url, args.runs)
    print(f"wizard applicant step, signed in:   {ms:7.1f} ms  {queries:3d} queries  (HTTP {status})")

    client.get(page.url)
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    w.post_step(client, page, "khai-1", w.declaration_data())
    ms, queries, status = measure(client, page.url + "?buoc=giay-to", args.runs)
    print(f"wizard documents step, signed in:   {ms:7.1f} ms  {queries:3d} queries  (HTTP {status})")

    ms, queries, status = measure(client, "/tai-khoan/", args.runs)
    size = len(client.get("/tai-khoan/").content)
    print(f"/tai-khoan/ (Hồ sơ của tôi):        {ms:7.1f} ms  {queries:3d} queries  (HTTP {status}, {size} bytes)")


if __name__ == "__main__":
    main()
