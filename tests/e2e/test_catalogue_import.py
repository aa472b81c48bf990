"""An administrator imports a ministry's catalogue export from the Wagtail admin, in Chromium:
upload, dry run, apply, with the progress polled from the background worker (issue 15).

The worker is django-tasks-db's own ``Worker`` (what ``manage.py db_worker`` runs), in a thread
of the test process so that it shares the test database; each record is slowed down a little so
that the page has time to show the import half-way."""

import threading
import time
from pathlib import Path

import pytest

from django.contrib.auth import get_user_model
from django.db import connections

from cms.models import CatalogueImport, ImportStatus, ProcedurePage
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
EXPORT = Path(__file__).resolve().parents[1] / "cms" / "data" / "danh-sach-tthc-BoTuPhap.xlsx"
PASSWORD = "mat-khau-quan-tri"


@pytest.fixture
def site(wagtail_tree):
    index = factories.procedure_index_make(home=factories.home_page_make())
    get_user_model().objects.create_superuser("quantri", "quantri@example.com", PASSWORD)
    return index


@pytest.fixture
def worker(settings, monkeypatch):
    """Start with ``worker.start()``: the database queue and a worker polling it every 0.1 s."""
    from django_tasks_db.management.commands.db_worker import Worker

    import cms.services

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    plan = cms.services.procedure_plan

    def slow_plan(**kwargs):
        time.sleep(0.02)
        return plan(**kwargs)

    monkeypatch.setattr(cms.services, "procedure_plan", slow_plan)
    runner = Worker(
        queue_names=["default"],
        interval=0.1,
        batch=False,
        backend_name="background",
        startup_delay=False,
        max_tasks=None,
        worker_id="e2e",
        excluded_queue_names=[],
    )

    def work() -> None:
        try:
            runner.run()
        finally:
            connections.close_all()  # the thread's own connection, or the test database stays in use

    thread = threading.Thread(target=work, daemon=True)
    runner.start = thread.start
    yield runner
    runner.running = False
    if thread.is_alive():
        thread.join(timeout=10)


def test_admin_import_with_dry_run_apply_and_progress(live_server, page, site, worker):
    statuses: list[dict] = []

    def record(response) -> None:
        if "/tien-do/" not in response.url:
            return
        try:
            statuses.append(response.json())
        except Exception:  # the last answer reloads the page, which drops its body
            pass

    page.on("response", record)

    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill("quantri")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/admin/nhap-danh-muc/")
    assert page.get_by_role("heading", name="Nhập danh mục thủ tục quốc gia").is_visible()
    page.get_by_label("Tệp danh mục").set_input_files(str(EXPORT))
    page.get_by_role("button", name="Tải lên và chạy thử").click()
    page.wait_for_load_state()

    # Queued until the worker picks it up: nothing is written by the dry run.
    assert page.locator("[data-role=label]").inner_text() == "Đang chờ chạy"
    assert page.locator("[data-role=percent]").inner_text() == "0%"
    worker.start()
    page.get_by_text("Kết quả chạy thử (chưa ghi gì)").wait_for(timeout=60_000)
    summary = page.locator("#tong-ket")
    assert summary.locator("tr", has_text="Tạo mới").locator("td").inner_text() == "46"
    assert summary.locator("tr", has_text="Không thuộc cấp xã").locator("td").inner_text() == "225"
    assert not ProcedurePage.objects.exists()

    statuses.clear()
    page.get_by_role("button", name="Áp dụng").click()
    page.get_by_text("Kết quả nhập", exact=True).wait_for(timeout=90_000)
    assert page.locator("#tong-ket").locator("tr", has_text="Tạo mới").locator("td").inner_text() == "46"
    assert page.locator("[data-role=percent]").inner_text() == "100%"

    # The page showed the import half-way, from the worker's progress, without a manual reload.
    halfway = [s for s in statuses if s["status"] == "running" and 0 < s["processed"] < s["total"]]
    assert halfway and all(0 < s["percent"] < 100 for s in halfway)
    assert CatalogueImport.objects.get().status == ImportStatus.DONE
    assert ProcedurePage.objects.live().count() == 46
