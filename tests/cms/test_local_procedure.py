"""What a commune says about a procedure of the shared catalogue (``LocalProcedure``, issue #17):
edited by its own editors in "Thủ tục tại xã", shown on its host only; a procedure it does not
carry out is absent from its pages and refused at submission; its own fees where they differ.
"""

import re

import pytest

from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cms.models import CommuneSettings, CommuneStaffGroup, LocalProcedure, LocalProcedureFee
from cms.models.pages import FeeKind, ProcedureFee
from cms.selectors import procedure_fee_items
from forms.payments.fees import procedure_amount_due
from tests import factories

B = "hamthuanbac.test"
PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("cms", "add_localprocedure"),
    ("cms", "change_localprocedure"),
    ("cms", "delete_localprocedure"),
    ("cms", "view_localprocedure"),
]


def editor_of(site, username: str) -> User:
    """An editor whose group works for commune ``site`` only (``CommuneStaffGroup``)."""
    group = Group.objects.create(name=f"Biên tập viên {username}")
    for app_label, codename in PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    CommuneStaffGroup.objects.create(group=group, site=site)
    user = User.objects.create_user(username=username, password="mat-khau-dai-123")
    user.groups.add(group)
    return user


@pytest.fixture
def communes(two_communes):
    settings_b = CommuneSettings.for_site(two_communes.b)
    settings_b.hotline, settings_b.address = "0252 3865 222", "Thôn Lâm Hòa, xã Hàm Thuận Bắc"
    settings_b.save()
    return two_communes


@pytest.fixture
def rows(communes):
    """One row of each commune about the shared procedure."""
    communes.row_a = LocalProcedure.objects.create(site=communes.a, procedure=communes.procedure, contact="Chị Lan")
    communes.row_b = LocalProcedure.objects.create(
        site=communes.b, procedure=communes.procedure, contact="Anh Tâm, 0912 000 111"
    )
    return communes


def list_url() -> str:
    return reverse("wagtailsnippets_cms_localprocedure:list")


def edit_url(row) -> str:
    return reverse("wagtailsnippets_cms_localprocedure:edit", args=[row.pk])


def delete_url(row) -> str:
    return reverse("wagtailsnippets_cms_localprocedure:delete", args=[row.pk])


def add_form(*, site, procedure, **fields) -> dict:
    data = {"site": site.pk, "procedure": procedure.pk, "carried_out": "on", **fields}
    return nested_form_data({**data, "fee_items": inline_formset([])})


# -- the admin -----------------------------------------------------------------------------------


def test_the_admin_menu_names_it_in_vietnamese(client, communes):
    client.force_login(editor_of(communes.b, "bientap_b"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Th\\u1ee7 t\\u1ee5c t\\u1ea1i x\\u00e3" in html  # the sidebar's menu, as JSON
    assert list_url() in html


def test_an_editor_lists_only_the_rows_of_their_commune(client, rows):
    client.force_login(editor_of(rows.b, "bientap_b"))

    html = client.get(list_url()).content.decode()

    assert edit_url(rows.row_b) in html
    assert edit_url(rows.row_a) not in html


def test_another_communes_row_by_its_url_is_refused(client, rows):
    client.force_login(editor_of(rows.b, "bientap_b"))

    assert client.get(edit_url(rows.row_a)).status_code in (403, 404)
    assert client.post(edit_url(rows.row_a), add_form(site=rows.a, procedure=rows.procedure)).status_code in (403, 404)
    assert client.post(delete_url(rows.row_a)).status_code in (403, 404)
    assert LocalProcedure.objects.get(pk=rows.row_a.pk).contact == "Chị Lan"


def test_the_commune_choice_holds_only_the_editors_communes(client, communes):
    client.force_login(editor_of(communes.b, "bientap_b"))

    html = client.get(reverse("wagtailsnippets_cms_localprocedure:add")).content.decode()
    select = re.search(r'<select name="site".*?</select>', html, re.S).group(0)

    assert re.findall(r'<option value="(\d+)"', select) == [str(communes.b.pk)]


def test_an_editor_adds_a_row_for_their_commune_and_not_for_another(client, communes):
    client.force_login(editor_of(communes.b, "bientap_b"))
    url = reverse("wagtailsnippets_cms_localprocedure:add")

    refused = client.post(url, add_form(site=communes.a, procedure=communes.procedure, contact="Giả mạo"))
    added = client.post(url, add_form(site=communes.b, procedure=communes.procedure, contact="Anh Tâm"))

    assert refused.status_code == 200  # the form again, with the error on the commune
    assert added.status_code == 302
    assert list(LocalProcedure.objects.values_list("site_id", "contact")) == [(communes.b.pk, "Anh Tâm")]


# -- the roles' permissions (cms.roles, cms 0018) -----------------------------------------------

LOCAL_CODENAMES = {"add_localprocedure", "change_localprocedure", "delete_localprocedure", "view_localprocedure"}


def test_the_editor_of_a_new_commune_sees_the_menu_and_adds_a_row_for_it_only(client, communes):
    """The group ``commune_add`` made for commune B ("Biên tập viên – Xã Hàm Thuận Bắc"), nothing added by hand."""
    user = User.objects.create_user(username="bientap_htb", password="mat-khau-dai-123")
    user.groups.add(factories.commune_group(communes.b, "Biên tập viên"))
    client.force_login(user)
    url = reverse("wagtailsnippets_cms_localprocedure:add")

    home = client.get(reverse("wagtailadmin_home")).content.decode()
    select = re.search(r'<select name="site".*?</select>', client.get(url).content.decode(), re.S).group(0)
    refused = client.post(url, add_form(site=communes.a, procedure=communes.procedure, contact="Giả mạo"))
    added = client.post(url, add_form(site=communes.b, procedure=communes.procedure, contact="Anh Tâm"))

    assert "Th\\u1ee7 t\\u1ee5c t\\u1ea1i x\\u00e3" in home
    assert re.findall(r'<option value="(\d+)"', select) == [str(communes.b.pk)]
    assert refused.status_code == 200
    assert added.status_code == 302
    assert list(LocalProcedure.objects.values_list("site_id", "contact")) == [(communes.b.pk, "Anh Tâm")]


@pytest.mark.parametrize("role", ["Biên tập viên", "Người kiểm duyệt"])
def test_the_default_communes_editors_and_moderators_hold_the_local_procedure_permissions(db, role):
    codenames = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))

    assert LOCAL_CODENAMES <= codenames


def test_the_migration_gives_the_permissions_to_existing_commune_groups_only(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("cms.migrations.0018_local_procedure_role_permissions")
    editors_b = Group.objects.create(name="Biên tập viên – Xã Hàm Thuận Bắc")
    moderators_b = Group.objects.create(name="Người kiểm duyệt – Xã Hàm Thuận Bắc")
    officers_b = Group.objects.create(name="Bộ phận Một cửa – Xã Hàm Thuận Bắc")
    lookalike = Group.objects.create(name="Biên tập viên cũ")

    migration.give_local_procedure_permissions(apps, None)

    def codenames(group):
        return set(group.permissions.values_list("codename", flat=True))

    assert codenames(editors_b) == LOCAL_CODENAMES
    assert codenames(moderators_b) == LOCAL_CODENAMES
    assert codenames(officers_b) == set()
    assert codenames(lookalike) == set()

    migration.take_local_procedure_permissions(apps, None)

    assert codenames(editors_b) == set()
    assert not LOCAL_CODENAMES & codenames(Group.objects.get(name="Biên tập viên"))


# -- the public pages ----------------------------------------------------------------------------


def test_the_procedure_page_shows_the_communes_own_fields_on_its_host_only(client, communes):
    LocalProcedure.objects.create(
        site=communes.b,
        procedure=communes.procedure,
        receiving_address="Bộ phận Một cửa, 12 Lê Duẩn, xã Hàm Thuận Bắc",
        contact="Anh Tâm, 0912 000 111",
        note="Xã nhận hồ sơ cả sáng thứ Bảy.",
    )
    url = f"/thu-tuc-hanh-chinh/{communes.procedure.slug}/"

    html_b = client.get(url, HTTP_HOST=B).content.decode()
    html_a = client.get(url).content.decode()

    assert "Thực hiện tại xã Hàm Thuận Bắc" in html_b  # a unit inside a sentence: lower-case "xã"
    assert "Bộ phận Một cửa, 12 Lê Duẩn, xã Hàm Thuận Bắc" in html_b
    assert "Anh Tâm, 0912 000 111" in html_b
    assert "Xã nhận hồ sơ cả sáng thứ Bảy." in html_b
    assert "data-local-procedure" not in html_a
    assert "Anh Tâm" not in html_a


def test_the_communes_own_agency_is_shown_in_its_box(client, communes):
    LocalProcedure.objects.create(
        site=communes.b, procedure=communes.procedure, agency="Ủy ban nhân dân xã Hàm Thuận Bắc (Bộ phận Tư pháp)"
    )

    html = client.get(f"/thu-tuc-hanh-chinh/{communes.procedure.slug}/", HTTP_HOST=B).content.decode()

    section = re.search(r"<section[^>]*data-local-procedure.*?</section>", html, re.S).group(0)
    assert "Cơ quan thực hiện" in section
    assert "Ủy ban nhân dân xã Hàm Thuận Bắc (Bộ phận Tư pháp)" in section


def test_an_editor_saves_the_agency_in_the_admin_form(client, communes):
    client.force_login(editor_of(communes.b, "bientap_b"))
    url = reverse("wagtailsnippets_cms_localprocedure:add")

    response = client.post(
        url, add_form(site=communes.b, procedure=communes.procedure, agency="Công chức Tư pháp – Hộ tịch xã")
    )

    assert response.status_code == 302
    assert LocalProcedure.objects.get(site=communes.b).agency == "Công chức Tư pháp – Hộ tịch xã"


def test_without_a_local_address_the_communes_address_is_shown(client, communes):
    LocalProcedure.objects.create(site=communes.b, procedure=communes.procedure, note="Mang theo bản chính.")

    html = client.get(f"/thu-tuc-hanh-chinh/{communes.procedure.slug}/", HTTP_HOST=B).content.decode()

    section = re.search(r"<section[^>]*data-local-procedure.*?</section>", html, re.S).group(0)
    assert "Thôn Lâm Hòa, xã Hàm Thuận Bắc" in section
    assert "0252 3865 222" in section  # the commune's hotline stands for a contact


@pytest.fixture
def not_carried_out_in_b(communes):
    kept = factories.procedure_make(title="Chứng thực bản sao từ bản chính")
    LocalProcedure.objects.create(
        site=communes.b, procedure=communes.procedure, carried_out=False, contact="Chị Hoa, 0252 3865 333"
    )
    communes.kept = kept
    return communes


def test_a_procedure_not_carried_out_is_absent_from_the_communes_directory_and_home(client, not_carried_out_in_b):
    slug, kept = not_carried_out_in_b.procedure.slug, not_carried_out_in_b.kept

    directory_b = client.get("/thu-tuc-hanh-chinh/", HTTP_HOST=B).content.decode()
    home_b = client.get("/", HTTP_HOST=B).content.decode()
    directory_a = client.get("/thu-tuc-hanh-chinh/").content.decode()

    assert f"/thu-tuc-hanh-chinh/{slug}/" not in directory_b
    assert f"/thu-tuc-hanh-chinh/{kept.slug}/" in directory_b
    assert f"/thu-tuc-hanh-chinh/{slug}/" not in home_b
    assert f"/thu-tuc-hanh-chinh/{slug}/" in directory_a


def test_a_procedure_not_carried_out_is_a_404_on_that_commune_only(client, not_carried_out_in_b):
    url = f"/thu-tuc-hanh-chinh/{not_carried_out_in_b.procedure.slug}/"

    assert client.get(url, HTTP_HOST=B).status_code == 404
    assert client.get(url).status_code == 200


def test_submitting_a_procedure_not_carried_out_is_refused_naming_the_counters_contact(client, not_carried_out_in_b):
    url = f"/nop-ho-so/thu-tuc/{not_carried_out_in_b.procedure.code}/"

    refused = client.get(url, HTTP_HOST=B)
    accepted = client.get(url)

    assert refused.status_code == 404
    html = refused.content.decode()
    assert "Xã Hàm Thuận Bắc không tiếp nhận thủ tục này" in html
    assert "không được thực hiện tại xã Hàm Thuận Bắc, nên" in html  # lower-case "xã" inside the sentence
    assert "Chị Hoa, 0252 3865 333" in html
    assert accepted.status_code == 200


def test_a_change_of_the_local_fields_reaches_the_page_kept_in_memory(client, communes, settings):
    settings.PAGE_CACHE_ENABLED = False  # the worker's memo stays on
    url = f"/thu-tuc-hanh-chinh/{communes.procedure.slug}/"
    assert client.get(url, HTTP_HOST=B).status_code == 200

    LocalProcedure.objects.create(site=communes.b, procedure=communes.procedure, carried_out=False)

    assert client.get(url, HTTP_HOST=B).status_code == 404


# -- fees where they differ ----------------------------------------------------------------------


@pytest.fixture
def fees(communes):
    """The catalogue's fee 8.000 đồng; xã Hàm Thuận Bắc charges 5.000 đồng (a provincial council's decision)."""
    procedure = communes.procedure
    ProcedureFee.objects.create(page=procedure, kind=FeeKind.LE_PHI, name="Lệ phí chứng thực", amount=8000)
    row = LocalProcedure.objects.create(site=communes.b, procedure=procedure)
    LocalProcedureFee.objects.create(local_procedure=row, kind=FeeKind.LE_PHI, name="Lệ phí chứng thực", amount=5000)
    return communes


def test_fee_items_are_the_communes_own_where_it_has_any(fees):
    procedure = type(fees.procedure).objects.get(pk=fees.procedure.pk)

    assert [(item.name, item.amount) for item in procedure_fee_items(procedure, fees.b)] == [
        ("Lệ phí chứng thực", 5000)
    ]
    assert [(item.name, item.amount) for item in procedure_fee_items(procedure, fees.a)] == [
        ("Lệ phí chứng thực", 8000)
    ]


def test_the_amount_due_is_the_communes_own(fees):
    procedure = fees.procedure

    assert procedure_amount_due(procedure=procedure, submission_channel="online", site=fees.b).total == 5000
    assert procedure_amount_due(procedure=procedure, submission_channel="online", site=fees.a).total == 8000
    assert procedure_amount_due(procedure=procedure, submission_channel="online").total == 8000


def test_the_fee_table_shows_the_communes_own_amounts(client, fees):
    url = f"/thu-tuc-hanh-chinh/{fees.procedure.slug}/"

    html_b = client.get(url, HTTP_HOST=B).content.decode()
    html_a = client.get(url).content.decode()

    assert "5.000 đồng" in html_b and "8.000 đồng" not in html_b
    assert "8.000 đồng" in html_a and "5.000 đồng" not in html_a


def test_a_local_row_without_fee_items_keeps_the_catalogues(fees):
    row = LocalProcedure.objects.get(site=fees.b)
    row.fee_items.all().delete()

    assert [item.amount for item in procedure_fee_items(fees.procedure, fees.b)] == [8000]
