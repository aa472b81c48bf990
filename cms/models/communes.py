"""Many communes on one installation (issue #17): which commune a staff group works for, and what
a commune says locally about a procedure of the shared catalogue.

A commune is a Wagtail ``Site`` (its host name, its home page and its ``CommuneSettings``). The
national catalogue is imported once under one procedure directory and shared: the directory of
every other commune points at it (``ProcedureIndexPage.catalogue``), so a procedure's national
text is stored once. What differs per commune lives in ``LocalProcedure``.
"""

from django.contrib.auth.models import Group
from django.db import models

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Site

from cms.models.pages import FeeItemBase


class CommuneStaffGroup(models.Model):
    """A staff group belongs to one commune (a Site): its members see and act only on that commune's
    dossiers, pages, exports, statistics and audit log. A user in groups of several communes works
    for each of them. A group linked to no commune is installation-wide only on an installation with
    a single commune (``cms.communes.staff_site_ids``)."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="commune_link", verbose_name="nhóm")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="staff_groups", verbose_name="xã")

    class Meta:
        verbose_name = "nhóm cán bộ của xã"
        verbose_name_plural = "nhóm cán bộ của xã"
        # The province's group reads every commune, changes nothing (issue #17).
        permissions = [("view_all_communes", "Xem dữ liệu mọi xã trong tỉnh (chỉ xem)")]

    def __str__(self) -> str:
        return f"{self.group} – {self.site}"


class LocalProcedure(ClusterableModel):
    """What one commune says about a procedure of the shared catalogue: whether it carries it out
    here, and its own agency, receiving address, contact, notes and fees where they differ. No row means:
    carried out as the catalogue says, with the commune's settings for address and contact.

    Edited by the commune's editors in the admin ("Thủ tục tại xã", ``cms.wagtail_hooks``); read
    through ``cms.selectors.commune_catalogue`` (one query per commune, kept until content changes).
    """

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="local_procedures", verbose_name="xã")
    procedure = models.ForeignKey(
        "cms.ProcedurePage", on_delete=models.CASCADE, related_name="local_versions", verbose_name="thủ tục"
    )
    carried_out = models.BooleanField(
        "xã thực hiện thủ tục này",
        default=True,
        help_text="Bỏ chọn nếu xã không tiếp nhận thủ tục này: thủ tục không hiện trên cổng của xã.",
    )
    receiving_address = models.TextField(
        "địa chỉ tiếp nhận hồ sơ tại xã", blank=True, help_text="Để trống để dùng địa chỉ trụ sở trong cài đặt của xã."
    )
    agency = models.CharField(
        "cơ quan thực hiện tại xã",
        max_length=255,
        blank=True,
        help_text="Ví dụ: Ủy ban nhân dân xã Hàm Thuận Bắc. Để trống nếu như danh mục chung.",
    )
    contact = models.CharField("cán bộ, số điện thoại liên hệ", max_length=255, blank=True)
    note = models.TextField("lưu ý riêng của xã", blank=True)

    panels = [
        FieldPanel("site"),
        FieldPanel("procedure"),
        FieldPanel("carried_out"),
        MultiFieldPanel(
            [FieldPanel("agency"), FieldPanel("receiving_address"), FieldPanel("contact"), FieldPanel("note")],
            heading="Thông tin tiếp nhận tại xã",
        ),
        InlinePanel(
            "fee_items",
            heading="Phí, lệ phí riêng của xã",
            label="Khoản thu",
            help_text="Chỉ điền nếu phí, lệ phí ở xã khác danh mục chung (ví dụ do Hội đồng nhân dân tỉnh quy định "
            "theo Luật Phí và lệ phí 97/2015/QH13). Có khoản thu ở đây thì trang thủ tục và số tiền phải nộp "
            "của xã dùng các khoản này thay cho các khoản của danh mục.",
        ),
    ]

    class Meta:
        verbose_name = "thông tin riêng của xã về thủ tục"
        verbose_name_plural = "thông tin riêng của xã về thủ tục"
        constraints = [models.UniqueConstraint(fields=["site", "procedure"], name="cms_local_procedure_once")]

    def __str__(self) -> str:
        return f"{self.procedure} – {self.site}"


class LocalProcedureFee(FeeItemBase):
    """A fee item of a commune where its fees differ from the catalogue's (issue #17): provincial
    councils set some fees and charges (Law 97/2015/QH13 on fees and charges), so one procedure may
    cost differently in two communes. When a commune has any, they replace the catalogue's items
    (``cms.selectors.procedure_fee_items``)."""

    local_procedure = ParentalKey(LocalProcedure, on_delete=models.CASCADE, related_name="fee_items")

    class Meta(FeeItemBase.Meta):
        verbose_name = "khoản phí, lệ phí của xã"
        verbose_name_plural = "phí, lệ phí của xã"
