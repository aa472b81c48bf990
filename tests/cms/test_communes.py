"""Adding a commune (issue #17): ``manage.py add_commune`` / ``cms.communes.commune_add``.

A commune is a Wagtail Site with its pages, its settings from the official unit, one staff group
per role linked to it (``CommuneStaffGroup``) with the permissions of the default commune's group
of that role, page permissions on its own home page only, a collection and a moderation workflow.
"""

import io
import time

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
    Workflow,
)

from cms import communes
from cms.communes import CommuneError, commune_add, host_validate, unit_for_code
from cms.demo.accounts import ensure_demo_groups
from cms.models import CommuneSettings, CommuneStaffGroup, ProcedureIndexPage
from forms.models import SubmissionFormIndexPage

ACCESS = ("wagtailadmin", "access_admin")
DOCUMENTS_AND_IMAGES = {
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtaildocs", "delete_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtailimages", "delete_image"),
}
# What the groups of xã Hàm Thạnh must hold: the default commune's groups as the demo keeps them.
# "Thủ tục tại xã" (cms.roles, cms 0018): the editors and moderators keep their commune's rows.
LOCAL_PROCEDURES = {
    ("cms", "add_localprocedure"),
    ("cms", "change_localprocedure"),
    ("cms", "delete_localprocedure"),
    ("cms", "view_localprocedure"),
}
EXPECTED_GROUPS = {
    "Biên tập viên – Xã Hàm Thạnh": {
        ACCESS,
        *DOCUMENTS_AND_IMAGES,
        ("cms", "add_sector"),
        ("cms", "change_sector"),
        ("cms", "add_agency"),
        ("cms", "change_agency"),
        ("cms", "add_audience"),
        ("cms", "change_audience"),
        *LOCAL_PROCEDURES,
    },
    "Người kiểm duyệt – Xã Hàm Thạnh": {ACCESS, *DOCUMENTS_AND_IMAGES, *LOCAL_PROCEDURES},
    "Bộ phận Một cửa – Xã Hàm Thạnh": {
        ACCESS,
        ("forms", "view_dossier"),
        ("forms", "change_dossier"),
        ("forms", "reconcile_payment"),
    },
    "Lãnh đạo Bộ phận Một cửa – Xã Hàm Thạnh": {
        ACCESS,
        ("forms", "view_dossier"),
        ("forms", "change_dossier"),
        ("forms", "reconcile_payment"),
        ("forms", "export_personal_id"),
    },
    # The settings permission is held for the commune's own site (GroupSitePermission), below.
    "Quản trị cổng – Xã Hàm Thạnh": {
        ACCESS,
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "delete_user"),
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        ("wagtailredirects", "delete_redirect"),
    },
}
EDITOR_PAGE_PERMISSIONS = {"add_page", "change_page"}
MODERATOR_PAGE_PERMISSIONS = {"add_page", "change_page", "lock_page", "publish_page", "unlock_page"}
COLLECTION_PERMISSIONS = {
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
}


@pytest.fixture
def commune_a(procedure):
    """The default commune (xã Hàm Liêm) with the shared catalogue, its forms index and its staff groups."""
    ensure_demo_groups()
    site = Site.objects.get(is_default_site=True)
    settings = CommuneSettings.for_site(site)
    settings.commune_name, settings.commune_code = "Xã Hàm Liêm", "23098"
    settings.save()
    forms_index = SubmissionFormIndexPage(title="Nộp hồ sơ trực tuyến", slug="nop-ho-so-truc-tuyen", intro="")
    site.root_page.add_child(instance=forms_index)
    return site


def _counts() -> dict[str, int]:
    return {
        "sites": Site.objects.count(),
        "pages": Page.objects.count(),
        "groups": Group.objects.count(),
        "links": CommuneStaffGroup.objects.count(),
        "page permissions": GroupPagePermission.objects.count(),
        "collections": Collection.objects.count(),
        "workflows": Workflow.objects.count(),
        "settings": CommuneSettings.objects.count(),
    }


def _permissions(group: Group) -> set[tuple[str, str]]:
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def _add(code="23122", host="hamthanh.test", *extra) -> str:
    out = io.StringIO()
    call_command("add_commune", "--code", code, "--host", host, *extra, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_add_commune_makes_the_site_its_settings_and_its_pages(commune_a, client):
    output = _add()

    site = Site.objects.get(hostname="hamthanh.test")
    assert (site.port, site.site_name) == (80, "Cổng dịch vụ công xã Hàm Thạnh")
    assert "Đã thêm Cổng dịch vụ công xã Hàm Thạnh tại http://hamthanh.test/" in output
    settings = CommuneSettings.objects.get(site=site)
    assert (settings.commune_name, settings.committee_name, settings.commune_code, settings.province) == (
        "Xã Hàm Thạnh",
        "Ủy ban nhân dân xã Hàm Thạnh",
        "23122",
        "Tỉnh Lâm Đồng",
    )
    # The rest is for the commune's administrator to fill.
    assert (settings.address, settings.hotline, settings.email, settings.bank_account_number) == ("", "", "", "")
    children = Page.objects.child_of(site.root_page).live().order_by("path")
    assert [page.slug for page in children] == [
        "thu-tuc-hanh-chinh",
        "tin-tuc",
        "nop-ho-so-truc-tuyen",
        "bo-phan-mot-cua",
        "lien-he",
        "bao-ve-du-lieu-ca-nhan",
    ]
    directory = ProcedureIndexPage.objects.child_of(site.root_page).get()
    default_directory = ProcedureIndexPage.objects.child_of(commune_a.root_page).get()
    assert directory.catalogue_id == default_directory.pk
    assert directory.catalogue_directory == default_directory

    for path in ("/", "/lien-he/", "/bo-phan-mot-cua/", "/bao-ve-du-lieu-ca-nhan/"):
        response = client.get(path, HTTP_HOST="hamthanh.test")
        assert response.status_code == 200, path
    home = client.get("/", HTTP_HOST="hamthanh.test").content.decode()
    assert "Ủy ban nhân dân xã Hàm Thạnh" in home
    assert "Hàm Liêm" not in client.get("/bo-phan-mot-cua/", HTTP_HOST="hamthanh.test").content.decode()


@pytest.mark.django_db
def test_add_commune_makes_a_group_per_role_with_the_template_permissions(commune_a):
    output = _add()

    site = Site.objects.get(hostname="hamthanh.test")
    groups = {link.group.name: link.group for link in CommuneStaffGroup.objects.filter(site=site)}
    assert set(groups) == set(EXPECTED_GROUPS)
    for name, expected in EXPECTED_GROUPS.items():
        assert _permissions(groups[name]) == expected, name
        assert f"  {name}\n" in output
    # The default commune's groups are the templates: the same model permissions.
    for name, group in groups.items():
        template = Group.objects.get(name=name.split(" – ")[0], commune_link__site=commune_a)
        assert _permissions(group) == _permissions(template)
    rows = GroupSitePermission.objects.filter(group__in=groups.values())
    assert {(row.group.name, row.site_id, row.permission.codename) for row in rows} == {
        ("Quản trị cổng – Xã Hàm Thạnh", site.pk, "change_communesettings")
    }


@pytest.mark.django_db
def test_page_permissions_are_on_the_new_home_only_and_images_in_its_collection(commune_a):
    _add()

    site = Site.objects.get(hostname="hamthanh.test")
    editors = Group.objects.get(name="Biên tập viên – Xã Hàm Thạnh")
    moderators = Group.objects.get(name="Người kiểm duyệt – Xã Hàm Thạnh")
    rows = GroupPagePermission.objects.filter(group__commune_link__site=site)
    assert {(row.group_id, row.page_id, row.permission.codename) for row in rows} == {
        *((editors.pk, site.root_page_id, codename) for codename in EDITOR_PAGE_PERMISSIONS),
        *((moderators.pk, site.root_page_id, codename) for codename in MODERATOR_PAGE_PERMISSIONS),
    }
    collection = Collection.objects.get(name="Xã Hàm Thạnh")
    assert collection.get_parent() == Collection.get_first_root_node()
    rows = GroupCollectionPermission.objects.filter(group__commune_link__site=site)
    assert {(row.group_id, row.collection_id, row.permission.codename) for row in rows} == {
        *((group.pk, collection.pk, codename) for group in (editors, moderators) for codename in COLLECTION_PERMISSIONS)
    }


@pytest.mark.django_db
def test_the_new_home_goes_through_the_communes_own_moderators(commune_a):
    _add()

    home = Site.objects.get(hostname="hamthanh.test").root_page
    workflow = home.get_workflow()
    assert workflow.name == "Duyệt nội dung – Xã Hàm Thạnh"
    task = workflow.tasks.get().specific
    assert task.name == "Người kiểm duyệt phê duyệt – Xã Hàm Thạnh"
    assert [group.name for group in task.groups.all()] == ["Người kiểm duyệt – Xã Hàm Thạnh"]
    news = Page.objects.child_of(home).get(slug="tin-tuc")
    assert news.get_workflow() == workflow
    # The default commune keeps Wagtail's workflow on the tree root.
    assert commune_a.root_page.get_workflow().name == "Duyệt nội dung"


def _staff(username: str, group_name: str):
    user = get_user_model().objects.create_user(username, password="mat-khau-thu")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.mark.django_db
def test_a_moderator_of_b_publishes_in_b_and_cannot_touch_a(commune_a):
    _add()
    home_b = Site.objects.get(hostname="hamthanh.test").root_page
    news_b = Page.objects.child_of(home_b).get(slug="tin-tuc")
    moderator = _staff("lanhdao_b", "Người kiểm duyệt – Xã Hàm Thạnh")
    editor = _staff("bientap_b", "Biên tập viên – Xã Hàm Thạnh")
    shared_procedure = ProcedureIndexPage.objects.child_of(commune_a.root_page).get().get_children().first()

    assert news_b.permissions_for_user(moderator).can_publish()
    assert news_b.permissions_for_user(editor).can_add_subpage()
    assert not news_b.permissions_for_user(editor).can_publish()
    for page in (commune_a.root_page, shared_procedure):
        assert not page.permissions_for_user(moderator).can_publish(), page
        assert not page.permissions_for_user(moderator).can_edit(), page
        assert not page.permissions_for_user(editor).can_edit(), page


@pytest.mark.django_db
def test_a_template_group_that_was_deleted_falls_back_to_the_fixed_role_permissions(commune_a):
    Group.objects.filter(name="Bộ phận Một cửa").delete()
    editors = Group.objects.get(name="Biên tập viên")
    editors.permissions.add(*Group.objects.get(name="Quản trị cổng").permissions.filter(codename="add_redirect"))

    _add()

    officers = Group.objects.get(name="Bộ phận Một cửa – Xã Hàm Thạnh")
    assert _permissions(officers) == EXPECTED_GROUPS["Bộ phận Một cửa – Xã Hàm Thạnh"]
    # A template's own change is copied: the rule is "as the default commune's group".
    new_editors = Group.objects.get(name="Biên tập viên – Xã Hàm Thạnh")
    assert ("wagtailredirects", "add_redirect") in _permissions(new_editors)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("99999", "moi.test"), "Không có đơn vị hành chính mã 99999 trong danh mục hiện hành."),
        (("abc", "moi.test"), "Không có đơn vị hành chính mã abc trong danh mục hiện hành."),
        (("23122", "localhost"), "Tên miền localhost:80 đã có xã dùng."),
        (("23098", "moi.test"), "Đã có xã Hàm Liêm (mã 23098) trên hệ thống."),
        (("23122", "http://hamthanh.test"), "Tên miền «http://hamthanh.test» không hợp lệ"),
        (("23122", "hamthanh.test:8000"), "Tên miền «hamthanh.test:8000» không hợp lệ"),
        (("23122", "hàm-thạnh.vn"), "Tên miền «hàm-thạnh.vn» không hợp lệ"),
        (("23122", ""), "Tên miền «» không hợp lệ"),
    ],
)
def test_a_bad_code_or_host_is_refused_in_vietnamese_and_creates_nothing(commune_a, arguments, message):
    before = _counts()

    with pytest.raises(CommandError) as error:
        _add(*arguments)

    assert message in str(error.value)
    assert _counts() == before


@pytest.mark.django_db
def test_the_same_commune_twice_is_refused(commune_a):
    _add()
    before = _counts()

    with pytest.raises(CommandError, match=r"Đã có xã Hàm Thạnh \(mã 23122\) trên hệ thống."):
        _add("23122", "hamthanh2.test")
    with pytest.raises(CommandError, match="Tên miền hamthanh.test:80 đã có xã dùng."):
        _add("23089", "hamthanh.test")
    assert _counts() == before
    # Another port of the same host name is another site.
    _add("23089", "hamthanh.test", "--port", "8000")
    assert Site.objects.get(hostname="hamthanh.test", port=8000).site_name == "Cổng dịch vụ công xã Hàm Thuận Bắc"


@pytest.mark.django_db
def test_a_failure_half_way_leaves_nothing_behind(commune_a, monkeypatch):
    before = _counts()

    def broken(**kwargs):
        raise RuntimeError("máy chủ mất kết nối")

    monkeypatch.setattr(communes, "_moderation_workflow", broken)
    with pytest.raises(RuntimeError):
        commune_add(code="23122", host="hamthanh.test")

    assert _counts() == before
    assert not Group.objects.filter(name__endswith="Xã Hàm Thạnh").exists()
    assert not CommuneSettings.objects.filter(commune_code="23122").exists()


@pytest.mark.parametrize(
    ("code", "name", "committee", "province"),
    [
        ("23089", "Xã Hàm Thuận Bắc", "Ủy ban nhân dân xã Hàm Thuận Bắc", "Tỉnh Lâm Đồng"),
        ("22945", "Phường Phan Thiết", "Ủy ban nhân dân phường Phan Thiết", "Tỉnh Lâm Đồng"),
        ("23272", "Đặc khu Phú Quý", "Ủy ban nhân dân đặc khu Phú Quý", "Tỉnh Lâm Đồng"),
        ("19786", "Phường Thuận Hóa", "Ủy ban nhân dân phường Thuận Hóa", "Thành phố Huế"),
    ],
)
def test_the_official_unit_gives_the_names(code, name, committee, province):
    unit = unit_for_code(code)

    assert (unit.code, unit.name, unit.committee_name, unit.province) == (code, name, committee, province)


@pytest.mark.parametrize(
    ("host", "stored"),
    [
        ("hamthanh.lamdong.gov.vn", "hamthanh.lamdong.gov.vn"),
        ("HamThanh.LamDong.gov.vn.", "hamthanh.lamdong.gov.vn"),
        ("xa-23122.localhost", "xa-23122.localhost"),
        ("localhost", "localhost"),
        ("10.0.0.7", "10.0.0.7"),
    ],
)
def test_a_host_name_is_stored_in_lower_case(host, stored):
    assert host_validate(host) == stored


@pytest.mark.parametrize(
    "host", ["-ham.vn", "ham-.vn", "ham..vn", "ham thanh.vn", "ham_thanh.vn", "ham.vn/duong-dan", "1.2.3.4.5", "a" * 64]
)
def test_a_bad_host_name_is_refused(host):
    with pytest.raises(CommuneError, match="không hợp lệ"):
        host_validate(host)


@pytest.mark.django_db
def test_adding_a_commune_takes_a_second_or_two(commune_a):
    """The province bench adds a hundred: each must stay a few seconds at most (measured here, on SQLite)."""
    timings = []
    for code, host in (("23122", "hamthanh.test"), ("23089", "hamthuanbac.test"), ("22945", "phanthiet.test")):
        started = time.perf_counter()
        commune_add(code=code, host=host)
        timings.append(time.perf_counter() - started)

    print("commune_add: " + ", ".join(f"{seconds:.2f} s" for seconds in timings))
    assert max(timings) < 5


@pytest.mark.django_db
def test_the_default_communes_editors_and_moderators_no_longer_reach_the_new_commune(commune_a):
    """Wagtail gives them their rights on the tree root: with a second commune they move to their own home."""
    _staff("lanhdao_a", "Người kiểm duyệt")
    _staff("bientap_a", "Biên tập viên")

    _add()

    moderator, editor = (get_user_model().objects.get(username=name) for name in ("lanhdao_a", "bientap_a"))
    home_b = Site.objects.get(hostname="hamthanh.test").root_page
    news_b = Page.objects.child_of(home_b).get(slug="tin-tuc")
    shared_procedure = ProcedureIndexPage.objects.child_of(commune_a.root_page).get().get_children().first()
    for page in (home_b, news_b):
        assert not page.permissions_for_user(moderator).can_edit(), page
        assert not page.permissions_for_user(editor).can_edit(), page
    for page in (commune_a.root_page, shared_procedure):
        assert page.permissions_for_user(moderator).can_publish(), page
        assert page.permissions_for_user(editor).can_edit(), page
    rows = GroupPagePermission.objects.filter(group__name="Người kiểm duyệt")
    assert {(row.page_id, row.permission.codename) for row in rows} == {
        (commune_a.root_page_id, codename) for codename in MODERATOR_PAGE_PERMISSIONS
    }


@pytest.mark.django_db
def test_the_default_communes_media_rights_leave_the_root_collection_for_its_own(commune_a):
    """Wagtail gives editors and moderators their image and document rights on the root collection,
    which holds every commune's: with a second commune the root's media move into a collection of
    the default commune, and its groups' rights go there and to the collections they used before."""
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    Document = get_document_model()
    permission_policy = policy_registry.get_by_type(Document)
    root = Collection.get_first_root_node()
    forms_collection = root.add_child(name="Biểu mẫu")
    in_root = Document.objects.create(title="Mẫu đơn", collection=root, file=ContentFile(b"%PDF-1.4", name="don.pdf"))
    in_forms = Document.objects.create(
        title="Tờ khai", collection=forms_collection, file=ContentFile(b"%PDF-1.4", name="to-khai.pdf")
    )
    _staff("bientap_a", "Biên tập viên")
    _staff("lanhdao_a", "Người kiểm duyệt")

    _add()

    editor_a, moderator_a = (get_user_model().objects.get(username=name) for name in ("bientap_a", "lanhdao_a"))
    editor_b = _staff("bientap_b", "Biên tập viên – Xã Hàm Thạnh")
    own = Collection.objects.get(name="Xã Hàm Liêm")
    collection_b = Collection.objects.get(name="Xã Hàm Thạnh")
    assert own.get_parent() == root
    in_root.refresh_from_db()
    assert in_root.collection == own
    in_b = Document.objects.create(
        title="Thông báo", collection=collection_b, file=ContentFile(b"%PDF-1.4", name="thong-bao.pdf")
    )
    assert not GroupCollectionPermission.objects.filter(
        collection=root, group__name__in=["Biên tập viên", "Người kiểm duyệt"]
    ).exists()
    for user in (editor_a, moderator_a):
        for document in (in_root, in_forms):
            assert permission_policy.user_has_permission_for_instance(user, "change", document), (user, document)
        assert not permission_policy.user_has_permission_for_instance(user, "change", in_b), user
        assert not permission_policy.user_has_permission_for_instance(user, "delete", in_b), user
        assert collection_b not in permission_policy.collections_user_has_permission_for(user, "add"), user
    assert permission_policy.user_has_permission_for_instance(editor_b, "change", in_b)
    for document in (in_root, in_forms):
        assert not permission_policy.user_has_permission_for_instance(editor_b, "change", document), document
    # A third commune moves nothing more and gives the default commune nothing of the new one's.
    _add("23089", "hamthuanbac.test")
    collection_c = Collection.objects.get(name="Xã Hàm Thuận Bắc")
    assert not GroupCollectionPermission.objects.filter(collection=collection_c, group__name="Biên tập viên").exists()
    assert Collection.objects.filter(name="Xã Hàm Liêm").count() == 1


@pytest.mark.django_db
def test_each_communes_administrator_keeps_its_own_settings_only(commune_a, client):
    """Wagtail's per-site setting permissions: neither administrator opens the other commune's settings."""
    _staff("quantri_a", "Quản trị cổng")
    _add()
    site_b = Site.objects.get(hostname="hamthanh.test")
    _staff("quantri_b", "Quản trị cổng – Xã Hàm Thạnh")
    url_a = f"/admin/settings/cms/communesettings/{commune_a.pk}/"
    url_b = f"/admin/settings/cms/communesettings/{site_b.pk}/"

    client.force_login(get_user_model().objects.get(username="quantri_b"))
    assert client.get(url_b, HTTP_HOST="hamthanh.test").status_code == 200
    assert client.get(url_a, HTTP_HOST="hamthanh.test").status_code in (302, 403)
    client.force_login(get_user_model().objects.get(username="quantri_a"))
    assert client.get(url_a).status_code == 200
    assert client.get(url_b).status_code in (302, 403)
    # The default commune's administrators now hold it for their site, not as a model permission.
    administrators = Group.objects.get(name="Quản trị cổng")
    assert ("cms", "change_communesettings") not in _permissions(administrators)
    assert [(row.site_id, row.permission.codename) for row in administrators.site_permissions.all()] == [
        (commune_a.pk, "change_communesettings")
    ]


@pytest.mark.django_db
def test_the_two_communes_fixture_has_the_groups_of_b(two_communes):
    from tests.factories import commune_group

    officers = commune_group(two_communes.b, "Bộ phận Một cửa")
    assert officers.name == "Bộ phận Một cửa – Xã Hàm Thuận Bắc"
    assert officers.commune_link.site == two_communes.b
    assert commune_group(two_communes.a, "Bộ phận Một cửa").name == "Bộ phận Một cửa"


# -- the admin home's title ------------------------------------------------------------------------


def _dashboard_title(client, user) -> str:
    import re

    client.force_login(user)
    html = client.get("/admin/").content.decode()
    return re.search(r'<h1 class="w-h1 w-mt-0">\s*(.*?)\s*</h1>', html, re.S)[1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", ["Bộ phận Một cửa", "Lãnh đạo Bộ phận Một cửa", "Quản trị cổng", "Biên tập viên", "Người kiểm duyệt"]
)
def test_the_admin_home_names_the_commune_of_its_staff(client, two_communes, role):
    from tests.factories import commune_group

    user = get_user_model().objects.create_user(f"nhanvien-{len(role)}", password="mat-khau-thu")
    user.groups.add(commune_group(two_communes.b, role))

    assert _dashboard_title(client, user) == "Cổng dịch vụ công xã Hàm Thuận Bắc"


@pytest.mark.django_db
def test_the_admin_home_of_the_province_names_the_province(client, two_communes):
    province = get_user_model().objects.create_user("tinh", password="mat-khau-thu")
    province.groups.add(Group.objects.get(name=communes.PROVINCE_GROUP))
    superuser = get_user_model().objects.create_superuser("quantri", password="mat-khau-thu")

    assert _dashboard_title(client, province) == "Cổng dịch vụ công cấp tỉnh"
    settings = CommuneSettings.for_site(two_communes.a)
    settings.province = "Tỉnh Lâm Đồng"
    settings.save()
    assert _dashboard_title(client, province) == "Cổng dịch vụ công tỉnh Lâm Đồng"
    assert _dashboard_title(client, superuser) == "Cổng dịch vụ công tỉnh Lâm Đồng"


@pytest.mark.django_db
def test_the_admin_home_of_staff_of_no_commune_among_several_stays_generic(client, two_communes):
    from tests.factories import commune_group

    unlinked = Group.objects.create(name="Bộ phận Một cửa chưa gắn xã")
    unlinked.permissions.set(commune_group(two_communes.b, "Bộ phận Một cửa").permissions.all())
    officer = get_user_model().objects.create_user("canbo-khong-xa", password="mat-khau-thu")
    officer.groups.add(unlinked)

    assert _dashboard_title(client, officer) == "Cổng dịch vụ công cấp xã"


@pytest.mark.django_db
def test_the_admin_home_of_a_single_commune_names_it_for_everyone(client, home):
    from tests.forms import factories as f

    superuser = get_user_model().objects.create_superuser("quantri", password="mat-khau-thu")

    assert _dashboard_title(client, f.staff_make("canbo", f.OFFICERS)) == "UBND xã Hàm Chính"
    assert _dashboard_title(client, superuser) == "UBND xã Hàm Chính"
