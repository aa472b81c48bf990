"""What the national-catalogue import knows about each procedure page, and what it proposes.

The commune owns its pages: an import changes only fields that still hold what the import last
wrote. ``ProcedureImportState`` keeps, per page and field, a fingerprint of that value and how
rich the record that wrote it was; a national change to a field an editor has changed becomes a
``ProcedureUpdateProposal`` that editors accept or dismiss. ``CatalogueImport`` is one run of
the admin import (an uploaded file, its dry run, then the background apply and its progress).
"""

from django.conf import settings
from django.db import models


class ProcedureImportState(models.Model):
    """Per field of one procedure page: ``{"hash": fingerprint, "rank": richness}`` of the last import."""

    page = models.OneToOneField(
        "cms.ProcedurePage", on_delete=models.CASCADE, related_name="import_state", verbose_name="thủ tục"
    )
    fields = models.JSONField("giá trị đã nhập", default=dict)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "trạng thái nhập danh mục"
        verbose_name_plural = "trạng thái nhập danh mục"

    def __str__(self) -> str:
        return f"Trạng thái nhập của {self.page_id}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Chờ xem xét"
    ACCEPTED = "accepted", "Đã nhận cập nhật"
    DISMISSED = "dismissed", "Đã bỏ qua"


class ProcedureUpdateProposal(models.Model):
    """A national change to a field the commune has edited: shown to editors, never applied alone."""

    page = models.ForeignKey(
        "cms.ProcedurePage", on_delete=models.CASCADE, related_name="update_proposals", verbose_name="thủ tục"
    )
    field = models.CharField("trường", max_length=40)
    old_text = models.TextField("nội dung hiện tại trên cổng", blank=True)
    new_text = models.TextField("nội dung mới theo danh mục quốc gia", blank=True)
    new_value = models.JSONField("giá trị mới", default=None, null=True)
    new_hash = models.CharField(max_length=64)
    rank = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        "trạng thái", max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    created = models.DateTimeField("đề xuất lúc", auto_now_add=True)
    decided_at = models.DateTimeField("xử lý lúc", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xử lý",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "đề xuất cập nhật từ danh mục quốc gia"
        verbose_name_plural = "đề xuất cập nhật từ danh mục quốc gia"
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "field"],
                condition=models.Q(status="pending"),
                name="cms_one_pending_proposal_per_field",
            )
        ]

    def __str__(self) -> str:
        return f"{self.page} – {self.field_label}"

    @property
    def field_label(self) -> str:
        from cms.catalogue.fields import field_label

        return field_label(self.field)


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Đã tải lên"
    PREVIEWED = "previewed", "Đã xem trước"
    QUEUED = "queued", "Đang chờ chạy"
    RUNNING = "running", "Đang nhập"
    DONE = "done", "Hoàn tất"
    FAILED = "failed", "Lỗi"


class CatalogueImport(models.Model):
    """One admin import: the uploaded file, the dry-run summary, then the background apply."""

    file_name = models.CharField("tên tệp", max_length=255)
    path = models.CharField("tệp lưu tạm", max_length=500)
    all_levels = models.BooleanField("nhập cả thủ tục không thuộc cấp xã", default=False)
    status = models.CharField("trạng thái", max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    preview = models.JSONField("kết quả xem trước", default=dict, blank=True)
    result = models.JSONField("kết quả", default=dict, blank=True)
    processed = models.PositiveIntegerField("đã xử lý", default=0)
    total = models.PositiveIntegerField("tổng số bản ghi", default=0)
    error = models.TextField("lỗi", blank=True)
    created = models.DateTimeField("tải lên lúc", auto_now_add=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "lượt nhập danh mục"
        verbose_name_plural = "lượt nhập danh mục"
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == ImportStatus.DONE else 0
        return min(100, round(100 * self.processed / self.total))
