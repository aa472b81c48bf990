"""Background work benchmark: an officer's action while the mail server is slow, and the retention run.

Builds a throw-away site (own SQLite database and private folder, production settings) and, in one
``manage.py shell``:

1. times ``--actions`` officer actions (``dossier_transition`` "Đang giải quyết", committed, with
   its after-commit work: the notification) while every e-mail takes ``--mail-seconds``
   (``bench/slowmail.py``): on code that sends inside the request the officer waits for it;
2. when the code has retention (``forms.lifecycle.retention``), anonymises ``--dossiers`` closed
   dossiers with three files each and reports dossiers per second and files left on disk;
3. when the code queues messages, runs ``db_worker --batch`` with a mail server that is down and
   reports how the messages ended (retries made, failures recorded).

    .venv/bin/python bench/background.py [--actions 10] [--mail-seconds 2] [--dossiers 50]

Nothing leaves 127.0.0.1; no server is started.
"""

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from harness import PYTHON, ROOT, bench_env

SCRIPT = """
import statistics, time
from datetime import timedelta
from pathlib import Path
from django.db import transaction
from django.utils import timezone
from forms.lifecycle.services import dossier_transition
from forms.models import Dossier, DossierAttachment
from tests.factories import procedure_make
from tests.forms import factories as f

ACTIONS, DOSSIERS = {actions}, {dossiers}
page = f.form_page_make(procedure=procedure_make(documents=3))
officer = f.staff_make("bench-officer", f.OFFICERS)
opened = [f.dossier_make(page=page) for _ in range(ACTIONS)]
timings = []
for dossier in opened:
    started = time.perf_counter()
    with transaction.atomic():
        dossier_transition(dossier=dossier, to_status="processing", actor=officer)
    timings.append(time.perf_counter() - started)  # on_commit work ran as the block closed
median, slowest = statistics.median(timings) * 1000, max(timings) * 1000
print(f"ACTION median_ms={{median:.0f}} max_ms={{slowest:.0f}} n={{len(timings)}}")

try:
    from forms.lifecycle.retention import retention_apply
except ImportError:
    print("RETENTION none")
else:
    at = timezone.now() - timedelta(days=6 * 366)
    for _ in range(DOSSIERS):
        d = f.dossier_make(page=page, received_at=at - timedelta(days=2))
        dossier_transition(dossier=d, to_status="processing", actor=officer, now=at - timedelta(days=1))
        dossier_transition(dossier=d, to_status="refused", actor=officer, note="Không đủ điều kiện", now=at)
    paths = [Path(a.file.path) for a in DossierAttachment.objects.filter(dossier__status="refused")]
    started = time.perf_counter()
    result = retention_apply()
    elapsed = time.perf_counter() - started
    left = sum(p.exists() for p in paths)
    print(f"RETENTION dossiers={{result.dossiers}} files={{result.files}} seconds={{elapsed:.2f}} "
          f"per_second={{result.dossiers / elapsed:.0f}} files_left={{left}}")
"""

WORKER_REPORT = """
from django.db.models import Count, Sum
from forms.models import DossierNotification
# The open dossiers' messages; those of the anonymised ones have no address left (skipped).
open_ones = DossierNotification.objects.filter(dossier__anonymised_at__isnull=True)
rows = open_ones.values("status").annotate(n=Count("pk"), tries=Sum("attempts"))
print("NOTIFICATIONS " + " ".join(f"{{r['status']}}={{r['n']}}(tries={{r['tries']}})" for r in rows))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=10)
    parser.add_argument("--mail-seconds", type=float, default=2.0)
    parser.add_argument("--dossiers", type=int, default=50)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-background-"))
    env = bench_env(
        workdir,
        EMAIL_BACKEND="bench.slowmail.SlowEmailBackend",
        BENCH_MAIL_SECONDS=str(args.mail_seconds),
        FORMS_NOTIFY_ATTEMPTS="3",
        FORMS_NOTIFY_RETRY_SECONDS="0",
    )
    (workdir / "var").mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--no-input"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
        script = SCRIPT.format(actions=args.actions, dossiers=args.dossiers)
        out = subprocess.run(
            [PYTHON, "manage.py", "shell", "-v", "0", "-c", script],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        lines = {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in out.splitlines() if " " in line}
        print(f"Officer action with a {args.mail_seconds:g} s mail server ({args.actions} actions, committed):")
        print(f"  {lines.get('ACTION')}")
        print(f"Retention of {args.dossiers} closed dossiers (3 files each): {lines.get('RETENTION')}")
        has_queue = (ROOT / "forms" / "lifecycle" / "tasks.py").exists()
        if has_queue:
            down = {**env, "EMAIL_BACKEND": "bench.slowmail.DownEmailBackend"}
            subprocess.run(
                [PYTHON, "manage.py", "db_worker", "--backend", "background", "--batch", "--no-startup-delay"],
                cwd=ROOT,
                env=down,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            report = subprocess.run(
                [PYTHON, "manage.py", "shell", "-v", "0", "-c", WORKER_REPORT.format()],
                cwd=ROOT,
                env=down,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            print(f"Worker run with the mail server down (3 tries each): {report}")
        else:
            print("Worker: none (messages are sent inside the request)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
