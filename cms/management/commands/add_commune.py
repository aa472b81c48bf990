"""``python manage.py add_commune --code <unit code> --host <host>``: one more commune on this installation."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.http.request import validate_host

from wagtail.models import Page

from cms.communes import CommuneError, commune_add
from cms.models import CommuneStaffGroup


class Command(BaseCommand):
    help = (
        "Thêm một xã, phường, đặc khu (mã đơn vị hành chính theo danh mục hiện hành) với tên miền riêng: "
        "trang chủ, các trang, cài đặt, nhóm cán bộ và quy trình duyệt nội dung."
    )

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="Mã đơn vị hành chính của xã, ví dụ 23089.")
        parser.add_argument("--host", required=True, help="Tên miền của cổng xã, ví dụ hamthuanbac.lamdong.gov.vn.")
        parser.add_argument("--port", type=int, default=80, help="Cổng (mặc định 80).")

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            site = commune_add(code=options["code"], host=options["host"], port=options["port"])
        except CommuneError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started

        self.stdout.write(self.style.SUCCESS(f"Đã thêm {site.site_name} tại {site.root_url}/ ({elapsed:.1f} giây)."))
        pages = Page.objects.child_of(site.root_page).order_by("path")
        self.stdout.write("Trang: " + ", ".join(f"{page.title} (/{page.slug}/)" for page in pages))
        self.stdout.write("Nhóm cán bộ:")
        for link in CommuneStaffGroup.objects.filter(site=site).select_related("group").order_by("group__name"):
            self.stdout.write(f"  {link.group.name}")
        self.stdout.write(
            "Việc còn lại: quản trị cổng điền địa chỉ, đường dây nóng, giờ làm việc, tài khoản thu phí "
            "(Cài đặt → Thông tin xã) và thêm cán bộ vào các nhóm trên."
        )
        if not validate_host(site.hostname, settings.ALLOWED_HOSTS):
            self.stdout.write(
                self.style.WARNING(
                    f"Lưu ý: {site.hostname} chưa có trong ALLOWED_HOSTS; thêm vào biến môi trường ALLOWED_HOSTS "
                    "trước khi mở cổng của xã."
                )
            )
