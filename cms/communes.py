"""Many communes on one installation (issue #17): which commune a request or a staff member is in,
and adding a commune from the official list of administrative units.

A commune is a Wagtail ``Site``: host name, home page, ``CommuneSettings``. Staff belong to
communes through their groups (``CommuneStaffGroup``); a province group holding
``cms.view_all_communes`` reads every commune and changes nothing. An installation with a single
commune behaves as before: groups linked to no commune work for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from wagtail.models import Page, Site

from cms.models import ArticleIndexPage, CommuneSettings, CommuneStaffGroup, HomePage, ProcedureIndexPage

VIEW_ALL_COMMUNES = "cms.view_all_communes"
# The province's read-only group: every commune's dossiers, statistics and audit log, no action.
PROVINCE_GROUP = "Cấp tỉnh (chỉ xem)"


# -- selectors -----------------------------------------------------------------------------------


def commune_for_request(request) -> Site | None:
    """The commune the request is addressed to (by host name), or the default site."""
    return Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()


def user_sees_all_communes(user) -> bool:
    """Superusers and the province's read-only group see every commune."""
    return bool(user.is_active and (user.is_superuser or user.has_perm(VIEW_ALL_COMMUNES)))


def staff_site_ids(user) -> set[int] | None:
    """The communes (Site ids) a staff member works for; ``None`` means every commune.

    From the user's groups' ``CommuneStaffGroup`` links. On an installation with a single Site a
    group linked to no commune counts for it, and so does a permission given to the user directly,
    so a commune that never added a second one needs no set-up; with several communes such a group
    or permission gives no commune at all (never every one).
    """
    if not user.is_authenticated:
        return set()
    if user_sees_all_communes(user):
        return None
    cached = getattr(user, "_commune_site_ids", None)
    if cached is not None:
        return cached
    site_ids = set(CommuneStaffGroup.objects.filter(group__user=user).values_list("site_id", flat=True))
    first_sites = list(Site.objects.values_list("pk", flat=True)[:2])
    if len(first_sites) == 1:
        site_ids |= set(first_sites)
    user._commune_site_ids = site_ids
    return site_ids


def staff_scope(queryset: QuerySet, user, *, field: str = "site") -> QuerySet:
    """``queryset`` limited to the communes ``user`` works for (``field`` names the Site foreign key)."""
    site_ids = staff_site_ids(user)
    if site_ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": site_ids})


def user_works_for(user, site_id: int | None) -> bool:
    """Whether ``user`` may see data of the commune ``site_id`` (read access; acting needs the
    object permissions as well, which the province group does not have)."""
    site_ids = staff_site_ids(user)
    return site_ids is None or site_id in site_ids


def commune_directory(site: Site) -> ProcedureIndexPage | None:
    """The commune's procedure directory (the first under its home page)."""
    return ProcedureIndexPage.objects.child_of(site.root_page).first()


# -- adding a commune ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A commune, ward or special zone of the official list after the 2025 reform."""

    code: str
    name: str
    province: str


def unit_for_code(code: str) -> Unit | None:
    """The administrative unit with this official code (``vietnam-provinces``), or None."""
    from vietnam_provinces import Province, Ward

    try:
        ward = Ward.from_code(int(code))
    except (ValueError, TypeError, KeyError):
        return None
    province = Province.from_code(ward.province_code)
    return Unit(code=f"{int(ward.code):05d}", name=ward.name, province=province.name)


class CommuneError(ValueError):
    """Why a commune cannot be added (a Vietnamese sentence for the command's output)."""


def _catalogue() -> ProcedureIndexPage | None:
    """The directory that holds the shared catalogue: the default site's, else the oldest that owns one."""
    default = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if default is not None:
        directory = commune_directory(default)
        if directory is not None:
            return directory.catalogue_directory
    return ProcedureIndexPage.objects.filter(catalogue__isnull=True).order_by("path").first()


@transaction.atomic
def commune_add(*, code: str, host: str, port: int = 80) -> Site:
    """Add the commune with official unit ``code`` served at ``host``: a Site, its home page, a
    procedure directory sharing the catalogue, a news index and its settings (name, code prefix).

    Raises ``CommuneError`` for an unknown code, a host or a code already in use.
    """
    unit = unit_for_code(code)
    if unit is None:
        raise CommuneError(f"Không có đơn vị hành chính mã {code} trong danh mục hiện hành.")
    if Site.objects.filter(hostname=host, port=port).exists():
        raise CommuneError(f"Tên miền {host}:{port} đã có xã dùng.")
    if CommuneSettings.objects.filter(commune_code=unit.code).exists():
        raise CommuneError(f"Đã có xã mã {unit.code} trên hệ thống.")
    catalogue = _catalogue()
    root = Page.get_first_root_node()
    home = HomePage(title=f"Cổng dịch vụ công {unit.name}", slug=f"xa-{unit.code}", intro="")
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.create(hostname=host, port=port, root_page=home, site_name=f"Cổng dịch vụ công {unit.name}")
    directory = ProcedureIndexPage(
        title="Thủ tục hành chính",
        slug=catalogue.slug if catalogue else "thu-tuc-hanh-chinh",
        catalogue=catalogue,
    )
    home.add_child(instance=directory)
    directory.save_revision().publish()
    news = ArticleIndexPage(title="Tin tức", slug="tin-tuc")
    home.add_child(instance=news)
    news.save_revision().publish()
    settings = CommuneSettings.for_site(site)
    settings.commune_name = unit.name
    settings.committee_name = f"Ủy ban nhân dân {unit.name[:1].lower()}{unit.name[1:]}"
    settings.commune_code = unit.code
    settings.province = unit.province
    settings.save()
    return site
