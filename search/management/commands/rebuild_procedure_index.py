"""Rebuild the procedure search index from the live procedure pages.

The embedded index is rebuilt in one transaction; with ``ELASTICSEARCH_URL`` set, a new
Elasticsearch index is filled and the alias swapped to it when complete (no downtime).
"""

from django.core.management.base import BaseCommand

from search.services import article_index_rebuild, procedure_index_rebuild


class Command(BaseCommand):
    help = "Xây dựng lại chỉ mục tra cứu thủ tục từ các trang thủ tục đang xuất bản."

    def handle(self, *args, **options):
        count = procedure_index_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Đã lập chỉ mục {count} thủ tục."))
        articles = article_index_rebuild()
        if articles:
            self.stdout.write(self.style.SUCCESS(f"Đã lập chỉ mục {articles} tin bài trên Elasticsearch."))
