"""``manage.py load_demo [--communes N]``: build the demo commune (xã Hàm Liêm), and N-1 neighbours, idempotently
and print how to log in."""

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.demo import run_demo


class Command(BaseCommand):
    help = "Tạo (hoặc bổ sung) dữ liệu mẫu của xã Hàm Liêm; chạy lại nhiều lần không tạo bản trùng."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-debug",
            action="store_true",
            help=(
                "Chạy cả khi DEBUG tắt (chỉ dành cho kiểm thử và đo hiệu năng trên máy riêng; "
                "các tài khoản mẫu khiến «check --deploy» báo lỗi)."
            ),
        )

        parser.add_argument(
            "--communes",
            type=int,
            default=1,
            help=(
                "Số xã của bản mẫu (mặc định 1): xã thứ 2, 3… là các xã lân cận của xã Hàm Liêm trong tỉnh "
                "Lâm Đồng, mỗi xã một tên miền xa-<mã>.localhost, có tài khoản cán bộ riêng và tài khoản cấp tỉnh."
            ),
        )

    def handle(self, *args, without_debug=False, communes=1, **options):
        # Issue #16: the demo accounts' passwords are published; a production site must never get them.
        if not settings.DEBUG and not without_debug:
            raise CommandError(
                "Không tạo dữ liệu mẫu vì DEBUG đang tắt (cấu hình chạy thật): dữ liệu mẫu có các tài khoản "
                "với mật khẩu công khai. Chỉ chạy trên máy phát triển (DEBUG=1), hoặc thêm --without-debug "
                "cho môi trường kiểm thử."
            )
        started = time.perf_counter()
        if communes < 1:
            raise CommandError("--communes phải từ 1 trở lên.")
        context = run_demo(log=self.stdout.write, communes=communes)
        elapsed = time.perf_counter() - started

        summary = ", ".join(f"{what}: {n}" for what, n in context.counts.items()) or "không có gì thay đổi"
        self.stdout.write(self.style.SUCCESS(f"Dữ liệu mẫu đã sẵn sàng ({elapsed:.1f} giây) — {summary}."))
        url = f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
        self.stdout.write(f"Mở cổng: {url}/  ·  Trang quản trị: {url}/admin/")
        for name, address in context.hosts:
            self.stdout.write(f"{name}: {address}/  ·  Trang quản trị: {address}/admin/")
        for login in context.logins:
            password = login.password or "(mật khẩu đã được đổi, giữ nguyên)"
            self.stdout.write(f"{login.label}: {login.username} / {password}")
