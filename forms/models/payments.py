"""Payments of fees (level 4): what was paid for which dossier, and the bank statements reconciled.

A ``Payment`` is written only by ``forms.payments.services.payment_record`` (an officer's entry, a
statement line an officer applied, or a gateway plugin's confirmation); each one is also a
``DossierEvent`` of kind PAYMENT and an audit log entry. Statement lines that do not match a
dossier exactly wait for an officer's decision and are never applied silently.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from forms.files.storage import get_private_storage


class PaymentSource(models.TextChoices):
    """Who told the portal about the payment."""

    OFFICER = "officer", "Cán bộ ghi nhận"
    STATEMENT = "statement", "Sao kê ngân hàng"
    GATEWAY = "gateway", "Cổng thanh toán"


class Payment(models.Model):
    """One payment received for a dossier's fee.

    ``method`` is the identifier of the payment plugin (``forms.payments.registry``) the citizen
    paid through, or ``"counter"`` for cash at the one-stop counter; ``online`` says whether it
    counts as paid online for the statistics of Decision 766/QĐ-TTg (2022).
    """

    dossier = models.ForeignKey("forms.Dossier", on_delete=models.CASCADE, related_name="payments")
    amount = models.PositiveIntegerField("số tiền (đồng)")
    paid_on = models.DateField("ngày nộp")
    reference = models.CharField("số tham chiếu giao dịch", max_length=100, blank=True)
    method = models.CharField("hình thức thanh toán", max_length=32, default="vietqr")
    online = models.BooleanField("thanh toán trực tuyến", default=True)
    source = models.CharField("nguồn ghi nhận", max_length=12, choices=PaymentSource.choices)
    statement_line = models.OneToOneField(
        "forms.StatementLine",
        verbose_name="dòng sao kê",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payment",
    )
    receipt_number = models.CharField("số biên lai", max_length=40, unique=True, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi nhận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("thời điểm ghi nhận", default=timezone.now)

    class Meta:
        verbose_name = "khoản thanh toán"
        verbose_name_plural = "khoản thanh toán"
        ordering = ["created_at", "pk"]
        permissions = [("reconcile_payment", "Đối soát, ghi nhận thanh toán phí, lệ phí")]

    def __str__(self) -> str:
        return f"{self.dossier.code}: {self.amount:,} đồng".replace(",", ".")


def statement_upload_to(instance, filename: str) -> str:
    now = timezone.now()
    extension = "xlsx" if filename.lower().endswith(".xlsx") else "csv"
    return f"statements/{now:%Y/%m}/{now:%Y%m%d%H%M%S%f}.{extension}"


class BankStatement(models.Model):
    """A bank statement (CSV or XLSX as exported by the bank) an officer imported for reconciliation."""

    file = models.FileField("tệp sao kê", storage=get_private_storage, upload_to=statement_upload_to, max_length=255)
    original_name = models.CharField("tên tệp", max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("thời điểm nhập", default=timezone.now)
    # The commune whose account the statement is of (issue #17): its lines match its dossiers only.
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name="xã",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bank_statements",
    )

    class Meta:
        verbose_name = "sao kê ngân hàng"
        verbose_name_plural = "sao kê ngân hàng"
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.uploaded_at:%d/%m/%Y})"


class LineOutcome(models.TextChoices):
    """What matching a statement line against the dossiers found (``forms.payments.reconciliation``)."""

    MATCHED = "matched", "Khớp mã hồ sơ và số tiền"
    PARTIAL = "partial", "Nộp thiếu"
    OVER = "over", "Nộp thừa"
    DUPLICATE = "duplicate", "Trùng giao dịch hoặc hồ sơ đã nộp đủ"
    UNKNOWN = "unknown", "Không tìm thấy mã hồ sơ"


class LineDecision(models.TextChoices):
    """The officer's decision on a line; matched lines are applied when the statement is imported."""

    PENDING = "pending", "Chờ quyết định"
    APPLIED = "applied", "Đã ghi nhận thanh toán"
    REJECTED = "rejected", "Không ghi nhận"


class StatementLine(models.Model):
    """One credit line of an imported statement: date, amount, memo, and what became of it."""

    statement = models.ForeignKey(BankStatement, on_delete=models.CASCADE, related_name="lines")
    row_number = models.PositiveIntegerField("dòng")
    booked_on = models.DateField("ngày giao dịch")
    amount = models.PositiveIntegerField("số tiền (đồng)")
    memo = models.TextField("nội dung chuyển khoản", blank=True)
    reference = models.CharField("số tham chiếu", max_length=100, blank=True, db_index=True)
    dossier = models.ForeignKey(
        "forms.Dossier",
        verbose_name="hồ sơ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statement_lines",
    )
    outcome = models.CharField("kết quả đối chiếu", max_length=12, choices=LineOutcome.choices)
    decision = models.CharField(
        "quyết định", max_length=10, choices=LineDecision.choices, default=LineDecision.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người quyết định",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("thời điểm quyết định", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "dòng sao kê"
        verbose_name_plural = "dòng sao kê"
        ordering = ["statement", "row_number"]

    def __str__(self) -> str:
        return f"{self.booked_on:%d/%m/%Y} {self.amount:,} đồng: {self.memo[:40]}".replace(",", ".")
