"""Remove private files no row refers to, and Django's stale upload temporary files."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat

from forms.files.services import stray_files_sweep


class Command(BaseCommand):
    help = (
        "Xóa tệp riêng tư không còn bản ghi nào dùng (tệp ghi dở, tệp của giao dịch bị hủy, tệp tải lên tạm) "
        "khi đã cũ hơn thời gian chờ; chuyển vào chỗ tệp đã ghi nhận nhưng chưa kịp chuyển."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không xóa, không chuyển.")
        parser.add_argument(
            "--grace-hours",
            type=float,
            default=None,
            help="Chỉ xóa tệp cũ hơn chừng này giờ (mặc định FORMS_STRAY_FILE_GRACE_HOURS).",
        )

    def handle(self, *args, dry_run=False, grace_hours=None, **options):
        hours = settings.FORMS_STRAY_FILE_GRACE_HOURS if grace_hours is None else grace_hours
        result = stray_files_sweep(grace=timedelta(hours=hours), dry_run=dry_run)
        verb = "Sẽ xóa" if dry_run else "Đã xóa"
        for name in result.removed:
            self.stdout.write(f"{verb}: {name}")
        for name in result.recovered:
            self.stdout.write(f"{'Sẽ chuyển' if dry_run else 'Đã chuyển'} vào chỗ: {name}")
        self.stdout.write(
            f"{verb} {len(result.removed)} tệp thừa ({filesizeformat(result.bytes_removed)}), "
            f"{'sẽ chuyển' if dry_run else 'đã chuyển'} {len(result.recovered)} tệp vào chỗ, "
            f"giữ {result.kept_young} tệp chưa quá {hours:g} giờ."
        )
