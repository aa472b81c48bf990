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

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

from cms.demo.base import DemoContext, DemoLogin

# The names cms migration 0007 gives Wagtail's "Editors" and "Moderators" groups, and the group it creates.
EDITORS = "Biên tập viên"
MODERATORS = "Người kiểm duyệt"
OFFICERS = "Bộ phận Một cửa"
ADMINISTRATORS = "Quản trị cổng"
# The Vietnamese names cms migration 0003 gives Wagtail's default "Moderators approval" workflow.
WORKFLOW_NAME = "Duyệt nội dung"
TASK_NAME = "Người kiểm duyệt phê duyệt"

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

# Page permissions Wagtail's own migration gives these groups on the root page; recreated only
# when a group had to be created because someone deleted it.
GROUP_PAGE_PERMISSIONS = {
    EDITORS: ("add_page", "change_page"),
    MODERATORS: ("add_page", "change_page", "publish_page"),
}

# Model permissions ("app_label.codename") each group needs for its work.
GROUP_PERMISSIONS = {
    EDITORS: (
        "wagtailadmin.access_admin",
        "cms.add_sector",
        "cms.change_sector",
        "cms.add_agency",
        "cms.change_agency",
        "cms.add_audience",
        "cms.change_audience",
    ),
    MODERATORS: ("wagtailadmin.access_admin",),
    OFFICERS: ("wagtailadmin.access_admin",),
    # As cms migration 0005 grants them, for a group someone deleted.
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


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _ensure_groups() -> dict[str, Group]:
    root = Page.get_first_root_node()
    groups = {}
    for name in (EDITORS, MODERATORS, OFFICERS, ADMINISTRATORS):
        group, created = Group.objects.get_or_create(name=name)
        if created:
            for codename in GROUP_PAGE_PERMISSIONS.get(name, ()):
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=_permission(f"wagtailcore.{codename}")
                )
        group.permissions.add(*(_permission(p) for p in GROUP_PERMISSIONS[name]))
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


def _ensure_user(context: DemoContext, account: dict, groups: dict[str, Group]):
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
    groups = _ensure_groups()
    ensure_moderation_workflow(groups[MODERATORS])
    for account in DEMO_ACCOUNTS:
        _ensure_user(context, account, groups)
