"""Merge alias files written in parts into ``search/data/aliases.tsv`` (sorted by code).

    python manage.py search_aliases_merge part-A.tsv part-B.tsv

The merged file is the one the repository keeps and indexing reads (``search.aliases``); the parts
are where the phrases were written. Re-index afterwards (``rebuild_procedure_index``).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from search.aliases import ALIASES_FILE, merge, read_aliases


class Command(BaseCommand):
    help = "Gộp các tệp tên gọi thường ngày của thủ tục thành search/data/aliases.tsv (sắp theo mã)."

    def add_arguments(self, parser):
        parser.add_argument("parts", nargs="+", help="tệp code<TAB>phrase")
        parser.add_argument("--output", default=str(ALIASES_FILE), help="tệp kết quả")

    def handle(self, *args, parts, output: str, **options):
        for path in parts:
            if not Path(path).is_file():
                raise CommandError(f"Không tìm thấy tệp {path}")
        text = merge(parts)
        Path(output).write_text(text, encoding="utf-8")
        phrases, _ = read_aliases(text.splitlines())
        count = sum(len(items) for items in phrases.values())
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {count} cụm từ của {len(phrases)} thủ tục vào {output}."))
