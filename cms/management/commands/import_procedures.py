"""python manage.py import_procedures PATH [PATH ...] [--parent SLUG] [--all-levels] [--dry-run]"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.importer import CatalogueFileError, read_records
from cms.models import ProcedureIndexPage
from cms.services import ImportResult, procedures_import

PROGRESS_EVERY_SECONDS = 2.0


class Command(BaseCommand):
    help = (
        "Nhập thủ tục hành chính từ Cơ sở dữ liệu quốc gia (.jsonl, .jsonl.gz hoặc tệp .xlsx xuất từ "
        "Cổng Dịch vụ công) vào danh mục thủ tục. Chạy lại nhiều lần không tạo trùng; không ghi đè nội "
        "dung xã đã sửa (thay vào đó tạo đề xuất cập nhật) và không động tới trang đang có bản nháp."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Tệp .jsonl, .jsonl.gz hoặc .xlsx")
        parser.add_argument(
            "--parent",
            metavar="SLUG",
            help="Đường dẫn (slug) của trang danh mục thủ tục; mặc định là danh mục đầu tiên.",
        )
        parser.add_argument(
            "--all-levels",
            action="store_true",
            help="Tạo cả thủ tục không thực hiện ở cấp xã (mặc định chỉ tạo thủ tục cấp xã).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ cho biết sẽ tạo, cập nhật, đề xuất hay bỏ qua gì; không ghi."
        )

    def handle(self, *args, paths, parent=None, all_levels=False, dry_run=False, **options):
        index = self._parent(parent)
        for path in paths:
            if not Path(path).is_file():
                raise CommandError(f"Không tìm thấy tệp {path}.")
        total = ImportResult()
        failures: list[str] = []
        for path in paths:
            try:
                # Read first: an unreadable file is reported before anything is written, and the
                # record count lets a long import show how far it is.
                records = list(read_records(path))
            except CatalogueFileError as exc:
                failures.append(str(exc))
                self.stderr.write(str(exc))
                continue
            result = procedures_import(
                records=records,
                parent=index,
                on_skip=lambda line: self.stdout.write(line),
                on_progress=self._progress(Path(path).name),
                total=len(records),
                all_levels=all_levels,
                dry_run=dry_run,
            )
            total.add(result)
        summary = str(total)
        # What the fee parser could not read, per procedure code, for editors (issue 13).
        for line in total.fee_report():
            self.stdout.write(line)
        self.stdout.write(f"Chạy thử, chưa ghi gì. {summary}" if dry_run else summary)
        if failures or total.skipped:
            problems = len(failures) + total.skipped
            self.stderr.write(f"Có {problems} tệp hoặc bản ghi không nhập được (xem các dòng ở trên).")
            sys.exit(1)

    def _progress(self, name: str):
        # A line every few seconds on stderr, so that a long import shows it is alive without
        # filling the output that scripts and tests read.
        last = [time.monotonic()]

        def report(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_EVERY_SECONDS and done < total:
                last[0] = now
                self.stderr.write(f"{name}: đã xử lý {done}/{total} bản ghi ({100 * done // total}%)")

        return report

    def _parent(self, slug: str | None) -> ProcedureIndexPage:
        pages = ProcedureIndexPage.objects.order_by("path")
        if slug:
            page = pages.filter(slug=slug).first()
            if page is None:
                raise CommandError(f"Không có trang danh mục thủ tục nào có đường dẫn «{slug}».")
            return page
        page = pages.first()
        if page is None:
            raise CommandError(
                "Chưa có trang danh mục thủ tục hành chính. Hãy chạy «python manage.py load_demo» "
                "hoặc tạo một trang «Danh mục thủ tục hành chính» trong trang quản trị rồi chạy lại."
            )
        return page
