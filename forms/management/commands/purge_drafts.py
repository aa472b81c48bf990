"""Delete wizard drafts older than FORMS_DRAFT_DAYS, with their files, and stray draft files."""

from django.core.management.base import BaseCommand

from forms.intake.services import draft_purge_expired


class Command(BaseCommand):
    help = "Xóa bản nháp hồ sơ quá hạn lưu (FORMS_DRAFT_DAYS ngày) và tệp nháp không còn dùng."

    def handle(self, *args, **options):
        drafts, strays = draft_purge_expired()
        self.stdout.write(f"Đã xóa {drafts} bản nháp và {strays} tệp nháp thừa.")
