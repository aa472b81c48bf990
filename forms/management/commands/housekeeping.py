"""The one scheduled clean-up: expired drafts, expired sessions, stray files, dossiers past retention,
and the background queue's finished tasks.

Run it daily from cron or a systemd timer (README, "Housekeeping"). Each part runs even when an
earlier one fails; the command then exits with status 1 after printing what it did.
"""

import logging
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from forms.intake.services import draft_purge_expired
from forms.lifecycle.retention import retention_apply
from forms.tracking.ratelimit import limit_counters_purge

logger = logging.getLogger(__name__)

TASK_RESULT_DAYS = 14


class Command(BaseCommand):
    help = (
        "Dọn dẹp định kỳ: xóa bản nháp quá hạn, phiên đăng nhập hết hạn, tệp thừa, và dữ liệu cá nhân "
        "của hồ sơ đã kết thúc quá thời hạn lưu trữ (Nghị định 13/2023/NĐ-CP)."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        failures = []
        lines = [f"Dọn dẹp định kỳ lúc {timezone.localtime(now):%H:%M %d/%m/%Y}:"]

        def part(label, run):
            try:
                lines.append(f"- {label}: {run()}")
            except Exception as error:  # one broken part must not keep the others (retention) from running
                logger.exception("Dọn dẹp định kỳ: phần %s lỗi", label)
                failures.append(label)
                lines.append(f"- {label}: LỖI ({type(error).__name__})")

        def drafts():
            deleted, strays = draft_purge_expired(now=now)
            return f"đã xóa {deleted} bản nháp quá hạn và {strays} tệp nháp thừa"

        def sessions():
            errors = StringIO()
            call_command("clearsessions", stdout=StringIO(), stderr=errors)
            if errors.getvalue():
                return "bộ lưu phiên không hỗ trợ xóa, phiên tự hết hạn"
            return "đã xóa các phiên đăng nhập hết hạn"

        def stray_files():
            # forms.files' sweep (files no row refers to, stale upload temporaries) is its own command.
            output = StringIO()
            call_command("sweep_files", stdout=output)
            return output.getvalue().strip() or "xong"

        def task_results():
            # The database queue keeps a row per finished task (a message sent, an import run);
            # django-tasks-db's own command prunes them after two weeks.
            from django_tasks import task_backends
            from django_tasks_db.backend import DatabaseBackend
            from django_tasks_db.models import DBTaskResult

            if not isinstance(task_backends["background"], DatabaseBackend):
                return "không dùng hàng đợi trong cơ sở dữ liệu, bỏ qua"
            before = DBTaskResult.objects.count()
            # As command-line words: the command checks its --backend option only when parsing them;
            # verbosity 0 keeps its English "Deleted N task result(s)" out of the summary's output.
            call_command(
                "prune_db_task_results",
                "--backend=background",
                "--queue-name=*",
                f"--min-age-days={TASK_RESULT_DAYS}",
                "--verbosity=0",
                stdout=StringIO(),
            )
            return f"đã xóa {before - DBTaskResult.objects.count()} tác vụ đã xong quá {TASK_RESULT_DAYS} ngày"

        def limits():
            return f"đã xóa {limit_counters_purge()} bộ đếm giới hạn đã hết hạn"

        def retention():
            result = retention_apply(now=now)
            return f"đã xóa dữ liệu cá nhân của {result.dossiers} hồ sơ hết thời hạn lưu trữ ({result.files} tệp)"

        part("Bản nháp", drafts)
        part("Phiên đăng nhập", sessions)
        part("Tệp thừa", stray_files)
        part("Hồ sơ hết thời hạn lưu trữ", retention)
        part("Hàng đợi tác vụ", task_results)
        part("Bộ đếm giới hạn tra cứu", limits)
        self.stdout.write("\n".join(lines))
        if failures:
            raise CommandError("Không hoàn tất: " + ", ".join(failures))
