"""python manage.py unpublish_other_levels [--dry-run]: take imported non-commune procedures offline."""

from django.core.management.base import BaseCommand

from cms.services import procedures_unpublish_other_levels


class Command(BaseCommand):
    help = (
        "Ngừng xuất bản các thủ tục không thực hiện ở cấp xã mà các lần nhập trước đã đăng (ví dụ thủ tục "
        "của luật sư, quản tài viên trong tệp xuất của Bộ Tư pháp). Trang đã có người sửa được giữ nguyên. "
        "Chỉ cần chạy một lần."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không thay đổi gì.")

    def handle(self, *args, dry_run=False, **options):
        pages = procedures_unpublish_other_levels(dry_run=dry_run)
        for page in pages:
            self.stdout.write(f"{page.code} {page.title}")
        prefix = "Chạy thử, chưa thay đổi gì. " if dry_run else ""
        self.stdout.write(f"{prefix}Ngừng xuất bản {len(pages)} thủ tục không thuộc cấp xã.")
