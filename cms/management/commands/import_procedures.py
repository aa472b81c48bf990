"""python manage.py import_procedures PATH [PATH ...] [--parent SLUG]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.importer import read_records
from cms.models import ProcedureIndexPage
from cms.services import ImportResult, procedures_import


class Command(BaseCommand):
    help = (
        "Nhập thủ tục hành chính từ Cơ sở dữ liệu quốc gia (.jsonl, .jsonl.gz hoặc tệp .xlsx xuất từ "
        "Cổng Dịch vụ công) vào danh mục thủ tục. Chạy lại nhiều lần không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Tệp .jsonl, .jsonl.gz hoặc .xlsx")
        parser.add_argument(
            "--parent",
            metavar="SLUG",
            help="Đường dẫn (slug) của trang danh mục thủ tục; mặc định là danh mục đầu tiên.",
        )

    def handle(self, *args, paths, parent=None, **options):
        index = self._parent(parent)
        for path in paths:
            if not Path(path).is_file():
                raise CommandError(f"Không tìm thấy tệp {path}.")
        total = ImportResult()
        for path in paths:
            try:
                result = procedures_import(
                    records=read_records(path), parent=index, on_skip=lambda line: self.stdout.write(line)
                )
            except (OSError, ValueError) as exc:
                raise CommandError(f"Không đọc được tệp {path}: {exc}") from exc
            for name in ("created", "updated", "unchanged", "skipped"):
                setattr(total, name, getattr(total, name) + getattr(result, name))
        self.stdout.write(self.style.SUCCESS(str(total)))

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
