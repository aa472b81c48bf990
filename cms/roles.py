"""The staff roles of a commune and what each may do (issue #17).

Every commune has one group per role. ``cms.communes.commune_add`` copies the permissions of the
role's template group (the group of that exact name linked to the default site); the fixed lists
below are the fall back when a template group was deleted, and what ``load_demo`` gives a demo
group it has to recreate. They are the permissions the migrations give (Wagtail's own for editors
and moderators, cms 0005/0007 for the administrators, forms 0002/0004/0016 for the one-stop
counter: the dossiers, and the reconciliation of bank statements of issue #13) plus the catalogue
snippets the editors keep and the commune's "Thủ tục tại xã" rows (``cms.LocalProcedure``, given by
cms 0018 to the existing editors' and moderators' groups).
"""

from __future__ import annotations

EDITORS = "Biên tập viên"
MODERATORS = "Người kiểm duyệt"
OFFICERS = "Bộ phận Một cửa"
LEADERS = "Lãnh đạo Bộ phận Một cửa"
ADMINISTRATORS = "Quản trị cổng"

ROLES = (EDITORS, MODERATORS, OFFICERS, LEADERS, ADMINISTRATORS)

# "Thủ tục tại xã": the commune's own rows about the shared procedures (issue #17); the snippet's
# permission policy keeps each editor to the rows of the communes they work for.
_LOCAL_PROCEDURES = (
    "cms.add_localprocedure",
    "cms.change_localprocedure",
    "cms.delete_localprocedure",
    "cms.view_localprocedure",
)

_DOCUMENTS_AND_IMAGES = (
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtaildocs.delete_document",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtailimages.delete_image",
)

# Model permissions ("app_label.codename").
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    EDITORS: (
        "wagtailadmin.access_admin",
        *_DOCUMENTS_AND_IMAGES,
        "cms.add_sector",
        "cms.change_sector",
        "cms.add_agency",
        "cms.change_agency",
        "cms.add_audience",
        "cms.change_audience",
        *_LOCAL_PROCEDURES,
    ),
    MODERATORS: ("wagtailadmin.access_admin", *_DOCUMENTS_AND_IMAGES, *_LOCAL_PROCEDURES),
    OFFICERS: (
        "wagtailadmin.access_admin",
        "forms.view_dossier",
        "forms.change_dossier",
        "forms.reconcile_payment",
    ),
    LEADERS: (
        "wagtailadmin.access_admin",
        "forms.view_dossier",
        "forms.change_dossier",
        "forms.reconcile_payment",
        # Exports with the citizens' personal ID numbers (Nghị định 13/2023/NĐ-CP): the leader only.
        "forms.export_personal_id",
    ),
    ADMINISTRATORS: (
        "wagtailadmin.access_admin",
        "cms.change_communesettings",
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
    ),
}

# Wagtail page permissions (codenames of ``wagtailcore``), given on the commune's home page.
ROLE_PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    EDITORS: ("add_page", "change_page"),
    MODERATORS: ("add_page", "change_page", "lock_page", "publish_page", "unlock_page"),
}

_COLLECTION = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)

# Collection permissions ("app_label.codename"), given on the commune's collection.
ROLE_COLLECTION_PERMISSIONS: dict[str, tuple[str, ...]] = {EDITORS: _COLLECTION, MODERATORS: _COLLECTION}


def commune_group_name(role: str, commune_name: str) -> str:
    """The name of a commune's group for ``role``, e.g. "Biên tập viên – Xã Hàm Thuận Bắc"."""
    return f"{role} – {commune_name}"
