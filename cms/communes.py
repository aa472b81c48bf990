"""Many communes on one installation (issue #17): which commune a request or a staff member is in,
and adding a commune from the official list of administrative units.

A commune is a Wagtail ``Site``: host name, home page, ``CommuneSettings``. Staff belong to
communes through their groups (``CommuneStaffGroup``); a province group holding
``cms.view_all_communes`` reads every commune and changes nothing. An installation with a single
commune behaves as before: groups linked to no commune work for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import transaction
from django.db.models import Q, QuerySet

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms import roles
from cms.commune_pages import commune_pages
from cms.models import (
    ArticleIndexPage,
    CommuneSettings,
    CommuneStaffGroup,
    HomePage,
    ProcedureIndexPage,
    StandardPage,
)
from cms.text import committee_of, unit_name_in_sentence

VIEW_ALL_COMMUNES = "cms.view_all_communes"
# The province's read-only group: every commune's dossiers, statistics and audit log, no action.
PROVINCE_GROUP = "Cấp tỉnh (chỉ xem)"
# The Vietnamese names cms migration 0003 gives Wagtail's default workflow and its task; a commune's
# own are named "<name> – <commune>".
WORKFLOW_NAME = "Duyệt nội dung"
WORKFLOW_TASK_NAME = "Người kiểm duyệt phê duyệt"


# -- selectors -----------------------------------------------------------------------------------


def commune_for_request(request) -> Site | None:
    """The commune the request is addressed to (by host name), or the default site."""
    return Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()


def user_sees_all_communes(user) -> bool:
    """Superusers and the province's read-only group see every commune."""
    return bool(user.is_active and (user.is_superuser or user.has_perm(VIEW_ALL_COMMUNES)))


_UNSET = object()


def staff_site_ids(user) -> set[int] | None:
    """The communes (Site ids) a staff member works for; ``None`` means every commune.

    From the user's groups' ``CommuneStaffGroup`` links. On an installation with a single Site a
    group linked to no commune counts for it, and so does a permission given to the user directly,
    so a commune that never added a second one needs no set-up; with several communes such a group
    or permission gives no commune at all (never every one).
    """
    if not user.is_authenticated:
        return set()
    # Asked for every row of a list: once per request's user (as Django keeps its permissions).
    cached = getattr(user, "_commune_site_ids", _UNSET)
    if cached is not _UNSET:
        return cached
    if user_sees_all_communes(user):
        site_ids = None
    else:
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


def staff_dashboard_title(user, *, root_site: Site | None, default: str) -> str:
    """The title of the admin home for ``user``: the portal of the commune they work for.

    Wagtail names the site of the pages the user may explore (``root_site``: the editors' commune,
    whose ``site_name`` reads "Cổng dịch vụ công xã …"); staff without pages (officers, leaders, the
    administrators of one commune) get the site they work for, named the same way. The province
    and superusers of an installation of several communes read the province's portal; staff of
    several communes, or of none, the generic ``default`` (``WAGTAIL_SITE_NAME``).
    """
    site_ids = staff_site_ids(user)
    several_sites = Site.objects.count() > 1
    if site_ids is None and several_sites:
        province = CommuneSettings.objects.filter(site__is_default_site=True).values_list("province", flat=True)
        province = (province.first() or "").strip()
        return f"Cổng dịch vụ công {unit_name_in_sentence(province)}" if province else "Cổng dịch vụ công cấp tỉnh"
    if root_site is not None:
        return root_site.site_name or root_site.hostname
    sites = Site.objects.all() if site_ids is None else Site.objects.filter(pk__in=site_ids)
    sites = list(sites[:2])
    if len(sites) == 1:
        return sites[0].site_name or default
    return default


def commune_directory(site: Site) -> ProcedureIndexPage | None:
    """The commune's procedure directory (the first under its home page)."""
    return ProcedureIndexPage.objects.child_of(site.root_page).first()


# -- adding a commune ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A commune, ward or special zone of the official list after the 2025 reform."""

    code: str
    name: str  # "Xã Hàm Thuận Bắc", "Phường Phan Thiết", "Đặc khu Phú Quý"
    province: str  # "Tỉnh Lâm Đồng", "Thành phố Huế"
    division: str = "xã"  # "xã", "phường" or "đặc khu"

    @property
    def name_in_sentence(self) -> str:
        """The name inside a sentence: "xã Hàm Thuận Bắc", "đặc khu Phú Quý"."""
        return unit_name_in_sentence(self.name)

    @property
    def committee_name(self) -> str:
        """ "Ủy ban nhân dân xã …" / "phường …" / "đặc khu …"."""
        return committee_of(self.name)


def unit_for_code(code: str) -> Unit | None:
    """The administrative unit with this official code (``vietnam-provinces``), or None."""
    from vietnam_provinces import Province, Ward

    try:
        ward = Ward.from_code(int(code))
    except (ValueError, TypeError, KeyError):
        return None
    province = Province.from_code(ward.province_code)
    # The list names provinces bare ("Lâm Đồng") and the five centrally-run cities in full.
    province_name = province.name if province.name.startswith("Thành phố") else f"Tỉnh {province.name}"
    return Unit(code=f"{int(ward.code):05d}", name=ward.name, province=province_name, division=ward.division_type.value)


class CommuneError(ValueError):
    """Why a commune cannot be added (a Vietnamese sentence for the command's output)."""


# RFC 1123 host names: letters, digits and hyphens in dot-separated labels of 1–63 characters.
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def host_validate(host: str) -> str:
    """``host`` in the form a Site stores (lower case, no final dot); ``CommuneError`` if it is not a
    host name or an IP address (a scheme, a port, a path or a space are refused)."""
    value = (host or "").strip().lower().removesuffix(".")
    try:
        validate_ipv46_address(value)
        return value
    except ValidationError:
        pass
    labels = value.split(".")
    if value and len(value) <= 253 and all(_HOST_LABEL.match(label) for label in labels):
        if not labels[-1].isdigit():
            return value
    raise CommuneError(
        f"Tên miền «{host}» không hợp lệ: chỉ gồm chữ cái không dấu, chữ số, dấu gạch ngang và dấu chấm, "
        "không kèm http://, số cổng hay đường dẫn (ví dụ hamthuanbac.lamdong.gov.vn; cổng ghi riêng bằng --port)."
    )


def _catalogue() -> ProcedureIndexPage | None:
    """The directory that holds the shared catalogue: the default site's, else the oldest that owns one."""
    default = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if default is not None:
        directory = commune_directory(default)
        if directory is not None:
            return directory.catalogue_directory
    return ProcedureIndexPage.objects.filter(catalogue__isnull=True).order_by("path").first()


def _publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _permissions(dotted: tuple[str, ...]) -> list[Permission]:
    """The ``Permission`` rows named "app_label.codename" (one query); a name whose app is not installed is skipped."""
    wanted = Q()
    for name in dotted:
        app_label, codename = name.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(wanted)) if dotted else []


@dataclass
class _RolePermissions:
    model: list[Permission]
    page: list[Permission]
    collection: list[Permission]
    site: list[Permission]  # on the settings of its own commune only (Wagtail's GroupSitePermission)


def site_setting_permission_ids() -> set[int]:
    """The permissions on settings that each site has its own of (Wagtail's ``BaseSiteSetting``:
    ``CommuneSettings``). A group holds them per commune, as ``GroupSitePermission`` rows: the model
    permission would open every commune's settings."""
    models = [model for model in apps.get_models() if issubclass(model, BaseSiteSetting)]
    content_types = ContentType.objects.get_for_models(*models).values()
    return set(Permission.objects.filter(content_type__in=content_types).values_list("pk", flat=True))


def _role_permissions(default_site: Site | None) -> dict[str, _RolePermissions]:
    """What each role's group gets: the template group's permissions (the group of the role's name
    linked to the default site), or the fixed lists of ``cms.roles`` when it is missing."""
    templates = {}
    if default_site is not None:
        templates = {
            group.name: group
            for group in Group.objects.filter(name__in=roles.ROLES, commune_link__site=default_site).prefetch_related(
                "permissions"
            )
        }
    per_site = site_setting_permission_ids()
    result = {}
    for role in roles.ROLES:
        template = templates.get(role)
        if template is None:
            model = _permissions(roles.ROLE_PERMISSIONS[role])
            page = _permissions(tuple(f"wagtailcore.{c}" for c in roles.ROLE_PAGE_PERMISSIONS.get(role, ())))
            collection = _permissions(roles.ROLE_COLLECTION_PERMISSIONS.get(role, ()))
            site = []
        else:
            model = list(template.permissions.all())
            page = list(
                Permission.objects.filter(
                    pk__in=GroupPagePermission.objects.filter(group=template).values("permission_id")
                )
            )
            collection = list(
                Permission.objects.filter(
                    pk__in=GroupCollectionPermission.objects.filter(group=template).values("permission_id")
                )
            )
            site = list(
                Permission.objects.filter(
                    pk__in=GroupSitePermission.objects.filter(group=template).values("permission_id")
                )
            )
        result[role] = _RolePermissions(
            model=[p for p in model if p.pk not in per_site],
            page=page,
            collection=collection,
            site=[*site, *(p for p in model if p.pk in per_site and p not in site)],
        )
    return result


def _commune_groups(*, site: Site, unit: Unit, home: Page, collection: Collection, default_site) -> dict[str, Group]:
    """One group per role, linked to ``site``, with its template's model, page, collection and settings
    permissions (the commune settings of ``site`` only)."""
    groups = {}
    for role, permissions in _role_permissions(default_site).items():
        group, _ = Group.objects.get_or_create(name=roles.commune_group_name(role, unit.name))
        group.permissions.set(permissions.model)
        CommuneStaffGroup.objects.update_or_create(group=group, defaults={"site": site})
        GroupSitePermission.objects.bulk_create(
            [GroupSitePermission(group=group, site=site, permission=p) for p in permissions.site]
        )
        GroupPagePermission.objects.bulk_create(
            [GroupPagePermission(group=group, page=home, permission=p) for p in permissions.page]
        )
        GroupCollectionPermission.objects.bulk_create(
            [
                GroupCollectionPermission(group=group, collection=collection, permission=p)
                for p in permissions.collection
            ],
            ignore_conflicts=True,  # a group and a collection kept from a commune deleted before
        )
        groups[role] = group
    return groups


def _moderation_workflow(*, unit: Unit, home: Page, moderators: Group) -> Workflow:
    """The commune's "Duyệt nội dung" workflow on its home page: its moderators approve what its editors submit."""
    workflow = Workflow.objects.create(name=f"{WORKFLOW_NAME} – {unit.name}", active=True)
    task = GroupApprovalTask.objects.create(name=f"{WORKFLOW_TASK_NAME} – {unit.name}", active=True)
    task.groups.set([moderators])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=home, workflow=workflow)
    return workflow


def _default_groups_confine(default_site: Site | None) -> int:
    """Keep the default commune's groups inside their commune; return how many rights moved.

    Wagtail's migration gives the editors and moderators their rights on the root page, which on a
    single commune is its whole tree; with a second commune it would let them edit and publish
    that commune's pages too. Their own home page holds everything they had (the shared catalogue
    lives under it), so nothing of theirs is lost. Likewise the administrators' model permission on
    the commune settings would open every commune's: it becomes a permission on their own site's.
    """
    if default_site is None:
        return 0
    moved = 0
    if default_site.root_page.depth > 1:
        rows = list(GroupPagePermission.objects.filter(page__depth=1, group__commune_link__site=default_site))
        for row in rows:
            GroupPagePermission.objects.get_or_create(
                group_id=row.group_id, page=default_site.root_page, permission_id=row.permission_id
            )
            row.delete()
        moved += len(rows)
    per_site = site_setting_permission_ids()
    for group in Group.objects.filter(commune_link__site=default_site, permissions__in=per_site).distinct():
        for permission in group.permissions.filter(pk__in=per_site):
            GroupSitePermission.objects.get_or_create(group=group, site=default_site, permission=permission)
            group.permissions.remove(permission)
            moved += 1
    return moved + _default_media_confine(default_site)


def _default_media_confine(default_site: Site) -> int:
    """Move the default commune's image and document rights off the root collection; return how
    many rights moved.

    Wagtail's migration gives editors and moderators their rights on the root collection, which
    holds every other collection: with a second commune they could change or delete its images
    and documents. What the root held directly (the single commune's media) moves into a
    collection named after the default commune, and their rights go to it and to the collections
    they used before, never to another commune's (one some other commune's group has rights on).
    """
    rows = list(GroupCollectionPermission.objects.filter(collection__depth=1, group__commune_link__site=default_site))
    if not rows:
        return 0
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    root = rows[0].collection
    others = GroupCollectionPermission.objects.exclude(group__commune_link__site=default_site).filter(
        group__commune_link__isnull=False
    )
    settings = CommuneSettings.for_site(default_site)
    named = settings.commune_name.strip() != CommuneSettings._meta.get_field("commune_name").get_default()
    name = (settings.commune_name.strip() if named else "") or default_site.site_name or "Xã"
    own = root.get_children().filter(name=name).exclude(pk__in=others.values("collection_id")).first()
    own = own or root.add_child(name=name)
    for model in (get_image_model(), get_document_model()):
        model.objects.filter(collection=root).update(collection=own)
    # Read after add_child: collections are kept in name order, so adding one renumbers the paths
    # of those after it.
    theirs = tuple(collection.path for collection in Collection.objects.filter(pk__in=others.values("collection_id")))
    kept = [collection for collection in root.get_descendants() if not collection.path.startswith(theirs)]
    targets = {own.pk: own, **{collection.pk: collection for collection in kept}}
    for row in rows:
        for collection in targets.values():
            GroupCollectionPermission.objects.get_or_create(
                group_id=row.group_id, collection=collection, permission_id=row.permission_id
            )
        row.delete()
    return len(rows)


def _refuse_taken(*, unit: Unit, host: str, port: int) -> None:
    if Site.objects.filter(hostname=host, port=port).exists():
        raise CommuneError(f"Tên miền {host}:{port} đã có xã dùng.")
    if CommuneSettings.objects.filter(commune_code=unit.code).exists():
        raise CommuneError(f"Đã có {unit.name_in_sentence} (mã {unit.code}) trên hệ thống.")
    names = [roles.commune_group_name(role, unit.name) for role in roles.ROLES]
    taken = Group.objects.filter(name__in=names, commune_link__isnull=False).values_list("name", flat=True).first()
    if taken:
        raise CommuneError(f"Nhóm «{taken}» đã thuộc về một xã khác; đổi tên nhóm đó trước khi thêm xã.")


@transaction.atomic
def commune_add(*, code: str, host: str, port: int = 80) -> Site:
    """Add the commune with official unit ``code`` served at ``host`` (issue #17), all or nothing:

    - a Site with a home page; a procedure directory sharing the catalogue, a news index, the
      submission-forms index (when the default site has one) and the pages the navigation and the
      footer link to (one-stop counter, contact, personal data);
    - its settings from the official unit: name, committee, code (the prefix of dossier codes),
      province; the rest is left blank for its administrator;
    - one group per role ("Biên tập viên – Xã …", …) linked to the Site, with the permissions of the
      role's group of the default site; editors and moderators get their page permissions on the
      new home page only, and image and document permissions on a collection of the commune; the
      administrators edit the settings of this Site only;
    - the moderation workflow on the new home page, approved by the commune's moderators;
    - the default commune's groups keep their page permissions on their own home page rather than
      the tree root, their settings permission on their own site, and their image and document
      rights on their own collections rather than the root one, so that they no longer reach the
      new commune's pages, settings and media.

    Raises ``CommuneError`` for a bad host name, an unknown code, a host or a code already in use.
    """
    host = host_validate(host)
    unit = unit_for_code(code)
    if unit is None:
        raise CommuneError(f"Không có đơn vị hành chính mã {code} trong danh mục hiện hành.")
    _refuse_taken(unit=unit, host=host, port=port)

    default_site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    catalogue = _catalogue()
    site_name = f"Cổng dịch vụ công {unit.name_in_sentence}"
    home = _publish_child(
        Page.get_first_root_node(),
        HomePage(
            title=site_name,
            slug=f"xa-{unit.code}",
            intro=(
                "Tra cứu thủ tục hành chính, tải mẫu đơn, tờ khai, nộp hồ sơ trực tuyến và theo dõi kết quả "
                f"giải quyết của {unit.committee_name} — mọi lúc, mọi nơi."
            ),
        ),
    )
    site = Site.objects.create(hostname=host, port=port, root_page=home, site_name=site_name)
    _publish_child(
        home,
        ProcedureIndexPage(
            title=catalogue.title if catalogue else "Thủ tục hành chính",
            slug=catalogue.slug if catalogue else "thu-tuc-hanh-chinh",
            intro=catalogue.intro if catalogue else "",
            catalogue=catalogue,
        ),
    )
    _publish_child(
        home,
        ArticleIndexPage(
            title="Tin tức",
            slug="tin-tuc",
            intro=(
                "Tin hoạt động và bài tuyên truyền về cải cách hành chính, dịch vụ công trực tuyến của "
                f"{unit.name_in_sentence}."
            ),
        ),
    )
    form_index_model = apps.get_model("forms", "SubmissionFormIndexPage")
    form_index = form_index_model.objects.child_of(default_site.root_page).first() if default_site else None
    if form_index is not None:
        _publish_child(home, form_index_model(title=form_index.title, slug=form_index.slug, intro=form_index.intro))
    for data in commune_pages(committee_name=unit.committee_name, division=unit.division):
        _publish_child(home, StandardPage(**data))

    settings = CommuneSettings.for_site(site)
    settings.commune_name = unit.name
    settings.committee_name = unit.committee_name
    settings.commune_code = unit.code
    settings.province = unit.province
    settings.save()

    # Wagtail's migration makes the root collection; a flushed database (the browser tests') has none.
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection = root_collection.get_children().filter(name=unit.name).first() or root_collection.add_child(
        name=unit.name
    )
    groups = _commune_groups(site=site, unit=unit, home=home, collection=collection, default_site=default_site)
    _moderation_workflow(unit=unit, home=home, moderators=groups[roles.MODERATORS])
    _default_groups_confine(default_site)
    return site
