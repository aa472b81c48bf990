"""The embedded search index: one row per live procedure, keyed by page id, plus its facet values.

The rows hold pre-normalised text (see :mod:`search.analysis`). The full-text structure beside
them depends on the database: FTS5 virtual tables on SQLite (``search_procedure_fts``, and the
heading and match tables of migration 0007); on PostgreSQL a weighted ``tsvector`` column
``heading`` (migration 0008) and the narrow ``search_procedure_document`` table holding the whole
document's vector (migrations 0002 and 0011), with GIN indexes; all with word pairs.
No foreign key to the page: the benchmark fills the index from parsed records directly.
"""

from django.db import models


class ProcedureIndexEntry(models.Model):
    """A live procedure as the embedded backend sees it: display fields and normalised text."""

    page_id = models.BigIntegerField("trang", primary_key=True)
    code = models.CharField("mã thủ tục", max_length=32)
    code_key = models.CharField("mã không dấu chấm", max_length=32, db_index=True)
    title = models.TextField("tên thủ tục")
    url = models.CharField("đường dẫn", max_length=500)
    sector = models.CharField("lĩnh vực", max_length=255, blank=True)
    excerpt_source = models.TextField("đoạn trích", blank=True)
    title_folded = models.TextField("tên đã chuẩn hóa")
    sector_folded = models.TextField("lĩnh vực đã chuẩn hóa", blank=True)
    # The everyday phrases of the procedure (search.aliases), one a line, as written and folded in
    # the same order: the ranking matches the folded ones beside the title and compares the words
    # the citizen typed with diacritics with the written ones ("tiêm" is no "tiệm").
    aliases = models.TextField("tên gọi thường ngày", blank=True, default="")
    aliases_folded = models.TextField("tên gọi thường ngày đã chuẩn hóa", blank=True, default="")
    online_mode = models.CharField("dịch vụ công trực tuyến", max_length=10)
    postal_submission = models.BooleanField("nhận hồ sơ qua bưu chính", default=False)
    postal_return = models.BooleanField("trả kết quả qua bưu chính", default=False)
    # "name=value" pairs of its facets joined by "|": counted in one pass over the matches.
    facet_keys = models.TextField("giá trị lọc", blank=True)
    # Indexed: MAX(indexed_at) with the row count tells a process its caches are still valid.
    indexed_at = models.DateTimeField("lập chỉ mục lúc", auto_now=True, db_index=True)

    class Meta:
        verbose_name = "mục chỉ mục tra cứu"
        verbose_name_plural = "chỉ mục tra cứu"

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class FacetName(models.TextChoices):
    """The facets citizens can narrow a search by."""

    SECTOR = "sector", "Lĩnh vực"
    AGENCY = "agency", "Cơ quan thực hiện"
    ONLINE = "online", "Dịch vụ công trực tuyến"
    POSTAL = "postal", "Bưu chính công ích"
    AUDIENCE = "audience", "Đối tượng thực hiện"


class ProcedureIndexFacet(models.Model):
    """One facet value of an indexed procedure (a procedure has several agencies and audiences)."""

    entry = models.ForeignKey(ProcedureIndexEntry, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField("nhóm", max_length=10, choices=FacetName.choices)
    value = models.CharField("giá trị", max_length=100)
    label = models.CharField("nhãn", max_length=255)

    class Meta:
        verbose_name = "giá trị lọc"
        verbose_name_plural = "giá trị lọc"
        indexes = [models.Index(fields=["name", "value", "entry"], name="search_facet_lookup")]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class IndexGeneration(models.Model):
    """One row whose value changes with every write to the index, so processes know when their caches are stale."""

    value = models.BigIntegerField("thế hệ", default=0)

    class Meta:
        verbose_name = "thế hệ chỉ mục"
        verbose_name_plural = "thế hệ chỉ mục"

    def __str__(self) -> str:
        return str(self.value)
