"""The commune of a staff group, chosen on the admin's group page (issue #17).

A group created in the admin ("Văn thư – Xã …") works for the commune chosen here
(``CommuneStaffGroup``); without one, on an installation of several communes, its members see no
commune's dossiers (never every commune's). Registered as a group permission panel, beside the
page, collection and settings permissions.
"""

from django import forms
from django.template.loader import render_to_string

from wagtail.models import Site

from cms.models import CommuneStaffGroup


class GroupCommuneForm(forms.Form):
    """Which commune (Site) the group's members work for; empty: none (the province's group)."""

    icon = "site"
    site = forms.ModelChoiceField(
        queryset=Site.objects.order_by("-is_default_site", "site_name", "hostname"),
        required=False,
        label="Xã của nhóm",
        empty_label="Không gắn với xã nào",
        help_text=(
            "Thành viên nhóm chỉ xem và xử lý hồ sơ, trang, thống kê và nhật ký của xã này. Để trống cho nhóm "
            "cấp tỉnh; trên cổng có nhiều xã, nhóm không gắn với xã nào không xem được hồ sơ của xã nào."
        ),
    )

    def __init__(self, *args, instance=None, **kwargs):
        kwargs.setdefault("prefix", "commune")
        self.instance = instance
        link = CommuneStaffGroup.objects.filter(group=instance).first() if instance and instance.pk else None
        if link is not None:
            kwargs["initial"] = {"site": link.site}
        super().__init__(*args, **kwargs)

    def save(self) -> None:
        site = self.cleaned_data.get("site")
        if site is None:
            CommuneStaffGroup.objects.filter(group=self.instance).delete()
        else:
            CommuneStaffGroup.objects.update_or_create(group=self.instance, defaults={"site": site})

    def as_admin_panel(self) -> str:
        # Wagtail's own panel layout for a small permission form (as the settings' site panel).
        return render_to_string(
            "wagtailsettings/permissions/includes/site_permission_form.html",
            {"heading": "Xã của nhóm", "form": self, "panel_id": "commune-of-group"},
        )
