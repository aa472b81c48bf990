"""Demo step: the editor, approver, officer and administrator accounts, their groups, the workflow.

Who gets what, and why:

- ``bientap`` (biên tập viên) is only in Wagtail's editors group ("Biên tập viên" since cms
  migration 0005): create and edit pages, upload documents and images, manage the procedure
  catalogue snippets, and send pages for approval ("Gửi duyệt"); publishing is not theirs, so
  nothing reaches citizens unreviewed.
- ``lanhdao`` (lãnh đạo UBND xã) is in "Người kiểm duyệt" (Wagtail's moderators): approves or
  rejects what editors submit in the "Người kiểm duyệt phê duyệt" task of the "Duyệt nội dung"
  workflow, and may publish.
- ``canbo`` (cán bộ một cửa) is only in "Bộ phận Một cửa": admin access to process dossiers,
  no page permissions. The forms app grants that group its dossier permissions.
- ``quantri`` (quản trị cổng) is in "Quản trị cổng": the commune's settings (name, address,
  hotline, opening hours, account for fees), staff accounts and redirects, without being a
  superuser.

Passwords are fixed for this local demo and printed by ``load_demo``. An existing account keeps
its password (a person may have changed it); the summary then says the password was changed.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

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

from cms.communes import PROVINCE_GROUP, WORKFLOW_NAME, WORKFLOW_TASK_NAME
from cms.demo.base import DemoContext, DemoLogin
from cms.models import CommuneStaffGroup
from cms.roles import (
    ADMINISTRATORS,
    EDITORS,
    LEADERS,
    MODERATORS,
    OFFICERS,
    ROLE_COLLECTION_PERMISSIONS,
    ROLE_PAGE_PERMISSIONS,
    ROLE_PERMISSIONS,
)

# WORKFLOW_NAME, TASK_NAME: the Vietnamese names cms migration 0003 gives Wagtail's default workflow.
TASK_NAME = WORKFLOW_TASK_NAME

DEMO_ACCOUNTS = (
    {
        "username": "bientap",
        "password": "demo-bientap-2026",
        "label": "Tài khoản biên tập",
        "first_name": "Lan",
        "last_name": "Nguyễn Thị",
        "email": "bientap@hamchinh.example",
        "groups": (EDITORS,),
    },
    {
        "username": "lanhdao",
        "password": "demo-lanhdao-2026",
        "label": "Tài khoản lãnh đạo phê duyệt",
        "first_name": "Hùng",
        "last_name": "Lê Văn",
        "email": "lanhdao@hamchinh.example",
        "groups": (MODERATORS,),
    },
    {
        "username": "canbo",
        "password": "demo-canbo-2026",
        "label": "Tài khoản cán bộ một cửa",
        "first_name": "Minh",
        "last_name": "Trần Văn",
        "email": "canbo@hamchinh.example",
        "groups": (OFFICERS,),
    },
    {
        "username": "quantri",
        "password": "demo-quantri-2026",
        "label": "Tài khoản quản trị cổng",
        "first_name": "Hoa",
        "last_name": "Phạm Thị",
        "email": "quantri@hamchinh.example",
        "groups": (ADMINISTRATORS,),
    },
)


# Issue #17: ``load_demo --communes N`` gives commune number n (2..N) the same four accounts with
# the number after the name (``bientap2``, ``canbo2``…), and the province a read-only account.
COMMUNE_ACCOUNT_NAME = re.compile(r"^(bientap|lanhdao|canbo|quantri)([1-9][0-9]*)$")
PROVINCE_ACCOUNT = {
    "username": "tinh",
    "password": "demo-tinh-2026",
    "label": "Tài khoản cấp tỉnh (chỉ xem mọi xã)",
    "first_name": "Tâm",
    "last_name": "Võ Thị",
    "email": "tinh@lamdong.example",
    "groups": (PROVINCE_GROUP,),
}


def commune_accounts(number: int, *, code: str, commune_name: str) -> tuple[dict, ...]:
    """The demo accounts of commune ``number`` (2, 3…), official unit ``code``, in its own groups."""
    return tuple(
        {
            **account,
            "username": f"{account['username']}{number}",
            "password": f"demo-{account['username']}{number}-2026",
            "label": f"{account['label']} – {commune_name}",
            "email": f"{account['username']}{number}@xa-{code}.example",
        }
        for account in DEMO_ACCOUNTS
    )


def demo_account(username: str) -> dict | None:
    """The demo account ``load_demo`` makes under ``username`` (any number of communes), or None."""
    from cms.demo.communes import demo_commune_code

    for account in DEMO_ACCOUNTS:
        if account["username"] == username:
            return account
    if username == PROVINCE_ACCOUNT["username"]:
        return PROVINCE_ACCOUNT
    match = COMMUNE_ACCOUNT_NAME.match(username)
    number = int(match.group(2)) if match else 0
    code = demo_commune_code(number) if number >= 2 else None
    if code is None:
        return None
    accounts = commune_accounts(number, code=code, commune_name="")
    return next(account for account in accounts if account["username"] == username)


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_demo_groups() -> dict[str, Group]:
    """The default commune's staff groups with the permissions of ``cms.roles``.

    A group someone deleted is recreated whole: its page permissions on the root page (as Wagtail's
    migration gives them), image and document permissions on the root collection, and its link to
    the default site (issue #17) — not just admin access, which left a recreated "Bộ phận Một cửa"
    without the dossier and reconciliation permissions.
    """
    root = Page.get_first_root_node()
    default_site = Site.objects.filter(is_default_site=True).first()
    groups = {}
    for name in (EDITORS, MODERATORS, OFFICERS, LEADERS, ADMINISTRATORS):
        group, created = Group.objects.get_or_create(name=name)
        if created:
            for codename in ROLE_PAGE_PERMISSIONS.get(name, ()):
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=_permission(f"wagtailcore.{codename}")
                )
            for dotted in ROLE_COLLECTION_PERMISSIONS.get(name, ()):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=Collection.get_first_root_node(), permission=_permission(dotted)
                )
            if default_site is not None:
                CommuneStaffGroup.objects.get_or_create(group=group, defaults={"site": default_site})
        # A settings permission held per site (once a second commune was added) is not made global again.
        per_site = set(GroupSitePermission.objects.filter(group=group).values_list("permission_id", flat=True))
        group.permissions.add(*(p for p in map(_permission, ROLE_PERMISSIONS[name]) if p.pk not in per_site))
        groups[name] = group
    return groups


def ensure_moderation_workflow(moderators: Group) -> Workflow:
    """The "Duyệt nội dung" workflow on the root page, so every page of the tree goes through it."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True)
        task.groups.set([moderators])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    elif not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    root = Page.get_first_root_node()
    if not WorkflowPage.objects.filter(page=root).exists():
        WorkflowPage.objects.create(page=root, workflow=workflow)
    return workflow


def ensure_demo_user(context: DemoContext, account: dict, groups: dict[str, Group]):
    """The account (created with its demo password if missing) in its groups, listed among the logins."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=account["username"]).first()
    if user is None:
        user = user_model(
            username=account["username"],
            first_name=account["first_name"],
            last_name=account["last_name"],
            email=account["email"],
        )
        user.set_password(account["password"])
        user.save()
        context.count("tài khoản mới")
    user.groups.add(*(groups[name] for name in account["groups"]))
    password = account["password"] if user.check_password(account["password"]) else None
    context.users[user.username] = user
    context.logins.append(DemoLogin(label=account["label"], username=user.username, password=password))
    return user


def build_accounts(context: DemoContext) -> None:
    """Groups with admin access, the moderation workflow, and the demo editor, approver, officer and administrator."""
    groups = ensure_demo_groups()
    ensure_moderation_workflow(groups[MODERATORS])
    for account in DEMO_ACCOUNTS:
        ensure_demo_user(context, account, groups)
