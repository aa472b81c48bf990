"""python manage.py cleanup_agencies [--dry-run]: merge duplicate agencies, remove sentences."""

from django.core.management.base import BaseCommand

from cms.services import agencies_cleanup


class Command(BaseCommand):
    help = (
        "Dọn danh sách cơ quan do các lần nhập trước tạo ra: gộp các cơ quan trùng tên (khác cách viết hoa, "
        "dấu thanh, viết tắt UBND) và xóa các «cơ quan» thực ra là câu văn của danh mục. Chỉ cần chạy một lần."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không thay đổi gì.")

    def handle(self, *args, dry_run=False, **options):
        report = agencies_cleanup(dry_run=dry_run)
        for keeper, others in report.merged:
            self.stdout.write(f"Gộp vào «{keeper}»: " + "; ".join(f"«{name}»" for name in others))
        for name in report.removed:
            self.stdout.write(f"Xóa (không phải tên cơ quan): «{name[:120]}»")
        merged = sum(len(others) for _, others in report.merged)
        prefix = "Chạy thử, chưa thay đổi gì. " if dry_run else ""
        self.stdout.write(
            f"{prefix}Đã gộp {merged} cơ quan trùng, xóa {len(report.removed)} mục không phải cơ quan; "
            f"{report.pages} thủ tục được cập nhật."
        )
