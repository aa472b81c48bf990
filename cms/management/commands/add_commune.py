"""``python manage.py add_commune --code <unit code> --host <host>``: one more commune on this installation."""

from django.core.management.base import BaseCommand, CommandError

from cms.communes import CommuneError, commune_add


class Command(BaseCommand):
    help = "Thêm một xã (mã đơn vị hành chính theo danh mục hiện hành) với tên miền riêng."

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="Mã đơn vị hành chính của xã, ví dụ 23098.")
        parser.add_argument("--host", required=True, help="Tên miền của cổng xã, ví dụ hamliem.lamdong.gov.vn.")
        parser.add_argument("--port", type=int, default=80, help="Cổng (mặc định 80).")

    def handle(self, *args, **options):
        try:
            site = commune_add(code=options["code"], host=options["host"], port=options["port"])
        except CommuneError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Đã thêm {site.site_name} tại {site.root_url}.")
