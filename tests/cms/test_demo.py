"""The demo commune built by ``manage.py load_demo``: tree, procedures, forms, articles, accounts, idempotence.

Building the demo imports 53 procedures, so the module builds it once (``demo``) inside a
transaction rolled back when the module ends; each test still runs in its own savepoint.
"""

import io
import time
import zipfile

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction

from wagtail.documents import get_document_model
from wagtail.models import Page, Revision, Site

from cms.demo import DemoContext, base, demo_steps, register_step, run_demo
from cms.demo.accounts import build_accounts
from cms.demo.form_templates import FORM_TEMPLATES, build_all
from cms.demo.procedures import attach_form_templates
from cms.demo.site import build_site
from cms.models import (
    ArticleIndexPage,
    ArticlePage,
    CommuneSettings,
    HomePage,
    ProcedureDocument,
    ProcedureIndexPage,
    ProcedurePage,
    StandardPage,
)

NAMED_PROCEDURES = {
    "1.001193": "tờ khai đăng ký khai sinh",
    "1.000894": "tờ khai đăng ký kết hôn",
    "1.000656": "tờ khai đăng ký khai tử",
    "1.004873": "tờ khai cấp giấy xác nhận tình trạng hôn nhân",
    "2.000815": "phiếu yêu cầu chứng thực bản sao",
}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        started = time.perf_counter()
        context = run_demo()
        context.first_run_seconds = time.perf_counter() - started
        yield context
        transaction.set_rollback(True)


def _counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "documents": get_document_model().objects.count(),
        "required_documents": ProcedureDocument.objects.count(),
        "users": get_user_model().objects.count(),
        "groups": Group.objects.count(),
        "sites": Site.objects.count(),
    }


@pytest.mark.django_db
def test_home_page_replaces_wagtail_welcome_page_as_site_root(demo):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific

    assert isinstance(home, HomePage)
    assert home.title == "Cổng dịch vụ công xã Hàm Liêm"
    assert home.live
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()
    assert ProcedureIndexPage.objects.live().get().url == "/thu-tuc-hanh-chinh/"
    assert ArticleIndexPage.objects.live().get().url == "/tin-tuc/"
    assert set(StandardPage.objects.live().child_of(home).values_list("slug", flat=True)) == {
        "lien-he",
        "bo-phan-mot-cua",
        "bao-ve-du-lieu-ca-nhan",
    }


@pytest.mark.django_db
def test_the_privacy_page_states_the_retention_period_from_the_settings(demo, client):
    html = client.get("/bao-ve-du-lieu-ca-nhan/").content.decode()
    assert "Nghị định 13/2023/NĐ-CP" in html
    assert "<span data-retention-default>5 năm</span> kể từ khi hồ sơ kết thúc" in html


@pytest.mark.django_db
def test_commune_settings_are_filled(demo):
    settings = CommuneSettings.for_site(Site.objects.get(is_default_site=True))

    assert settings.commune_name == "Xã Hàm Liêm"
    assert settings.committee_name == "Ủy ban nhân dân xã Hàm Liêm"
    assert settings.commune_code == "23098"
    assert settings.province == "Tỉnh Lâm Đồng"
    assert settings.address and settings.hotline and settings.email
    assert len(settings.opening_hours_lines) == 2
    # A made-up account (Vietcombank, NAPAS BIN 970436) for the VietQR fee transfers of issue #13.
    assert (settings.bank_bin, settings.bank_account_number, settings.bank_account_name) == (
        "970436",
        "0011000000000",
        "UBND XA HAM LIEM",
    )


@pytest.mark.django_db
def test_settings_an_administrator_changed_are_kept(demo):
    settings = CommuneSettings.for_site(demo.site)
    settings.hotline = "0252 9 999 999"
    settings.save()

    build_site(DemoContext())

    assert CommuneSettings.objects.get(pk=settings.pk).hotline == "0252 9 999 999"


@pytest.mark.django_db
def test_directory_holds_live_procedures_across_sectors(demo):
    procedures = ProcedurePage.objects.live().descendant_of(demo.procedure_index)

    assert procedures.count() >= 40
    assert procedures.values("sector").distinct().count() >= 8
    assert set(NAMED_PROCEDURES) <= set(procedures.values_list("code", flat=True))
    titles = " ".join(procedures.values_list("title", flat=True)).lower()
    for name in ("khai sinh", "kết hôn", "khai tử", "tình trạng hôn nhân", "chứng thực bản sao"):
        assert name in titles
    # Customs and tax records mis-filed as commune level stay out of the demo.
    assert not procedures.filter(sector__name__in=["Hải quan", "Thuế"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(NAMED_PROCEDURES))
def test_named_procedures_have_a_downloadable_form(demo, client, code):
    page = ProcedurePage.objects.get(code=code)
    rows = [row for row in page.required_documents.select_related("template") if row.template_id]

    assert rows, f"{code} has no form template"
    document = rows[0].template
    assert NAMED_PROCEDURES[code] in document.title.lower()

    response = client.get(document.url)

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in body
    assert document.title.split(" (")[0].upper() in body


@pytest.mark.django_db
def test_template_an_editor_chose_is_not_replaced(demo):
    page = ProcedurePage.objects.get(code="1.001193")
    other = get_document_model().objects.get(title="Tờ khai đăng ký kết hôn")
    rows = list(page.required_documents.all())
    for row in rows:
        if row.template_id:
            row.template = other
    page.required_documents = rows
    page.save_revision().publish()

    attach_form_templates(DemoContext())

    templates = {row.template_id for row in ProcedurePage.objects.get(code="1.001193").required_documents.all()}
    assert templates == {None, other.pk}


@pytest.mark.django_db
def test_page_with_an_unpublished_draft_is_left_alone(demo):
    page = ProcedurePage.objects.get(code="1.000894")
    rows = list(page.required_documents.all())
    for row in rows:
        row.template = None
    page.required_documents = rows
    page.save_revision().publish()
    page.title = "Đăng ký kết hôn (bản nháp)"
    page.save_revision()
    messages = []

    attach_form_templates(DemoContext(log=messages.append))

    page = ProcedurePage.objects.get(code="1.000894")
    assert not page.required_documents.exclude(template=None).exists()
    assert any("1.000894" in message for message in messages)


@pytest.mark.django_db
def test_outreach_articles_are_published_with_diacritics(demo, client):
    articles = ArticlePage.objects.live().child_of(demo.article_index).order_by("date")

    assert articles.count() == 2
    levels, postal = articles
    assert "mức độ" in levels.title.lower()
    assert "bưu điện" in postal.title.lower()
    for article in articles:
        assert article.lead and article.date and article.tags.exists()
        kinds = [block.block_type for block in article.body]
        assert kinds.count("heading") >= 3 and "paragraph" in kinds and "callout" in kinds
    levels_text = str(levels.body.raw_data)
    assert "Mức độ 4" in levels_text and "toàn trình" in levels_text and "641/QĐ-UBND" in levels_text
    postal_text = str(postal.body.raw_data)
    assert "bưu chính công ích" in postal_text and "cước" in postal_text

    response = client.get(postal.url)

    assert response.status_code == 200
    assert "Chi phí bao nhiêu?" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "password", "groups"),
    [
        ("bientap", "demo-bientap-2026", {"Biên tập viên"}),
        ("lanhdao", "demo-lanhdao-2026", {"Người kiểm duyệt"}),
        ("canbo", "demo-canbo-2026", {"Bộ phận Một cửa"}),
        ("quantri", "demo-quantri-2026", {"Quản trị cổng"}),
    ],
)
def test_demo_accounts_reach_the_admin(demo, client, username, password, groups):
    user = get_user_model().objects.get(username=username)

    assert set(user.groups.values_list("name", flat=True)) == groups
    assert user.has_perm("wagtailadmin.access_admin")
    assert not user.is_superuser
    assert client.login(username=username, password=password)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_editor_edits_procedures_and_the_catalogue_but_the_officer_does_not(demo, client):
    procedure = ProcedurePage.objects.get(code="1.001193")
    edit_url = f"/admin/pages/{procedure.pk}/edit/"

    client.login(username="bientap", password="demo-bientap-2026")
    assert client.get(edit_url).status_code == 200
    assert client.get("/admin/snippets/cms/sector/").status_code == 200
    assert client.get("/admin/documents/").status_code == 200

    client.login(username="canbo", password="demo-canbo-2026")
    assert client.get(edit_url).status_code in (302, 403)


@pytest.mark.django_db
def test_only_the_approver_publishes_and_the_tree_goes_through_moderation(demo):
    users = get_user_model().objects.in_bulk(["bientap", "lanhdao", "canbo"], field_name="username")
    article = ArticlePage.objects.live().first()

    assert article.permissions_for_user(users["bientap"]).can_edit()
    assert not article.permissions_for_user(users["bientap"]).can_publish()
    assert article.permissions_for_user(users["lanhdao"]).can_publish()
    assert not article.permissions_for_user(users["canbo"]).can_edit()
    assert demo.home.get_workflow().name == "Duyệt nội dung"
    assert ProcedurePage.objects.first().get_workflow().name == "Duyệt nội dung"


@pytest.mark.django_db
def test_changed_password_is_kept_and_not_printed(demo):
    editor = get_user_model().objects.get(username="bientap")
    editor.set_password("mat-khau-rieng-cua-toi")
    editor.save()
    context = DemoContext()

    build_accounts(context)

    editor.refresh_from_db()
    assert editor.check_password("mat-khau-rieng-cua-toi")
    logins = {login.username: login.password for login in context.logins}
    assert logins == {
        "bientap": None,
        "lanhdao": "demo-lanhdao-2026",
        "canbo": "demo-canbo-2026",
        "quantri": "demo-quantri-2026",
    }


@pytest.mark.django_db
def test_second_run_duplicates_nothing_and_prints_the_logins(demo, monkeypatch):
    before = _counts()
    monkeypatch.setenv("PORT", "8123")
    out = io.StringIO()

    started = time.perf_counter()
    call_command("load_demo", "--without-debug", stdout=out)
    second_run_seconds = time.perf_counter() - started

    assert _counts() == before
    output = out.getvalue()
    # The summary lists what each step counted: here only the procedures the importer left alone.
    assert "— thủ tục không đổi: 53." in output
    assert "http://127.0.0.1:8123/" in output
    assert "Tài khoản biên tập: bientap / demo-bientap-2026" in output
    assert "Tài khoản lãnh đạo phê duyệt: lanhdao / demo-lanhdao-2026" in output
    assert "Tài khoản cán bộ một cửa: canbo / demo-canbo-2026" in output
    assert "Tài khoản quản trị cổng: quantri / demo-quantri-2026" in output
    print(f"load_demo: first run {demo.first_run_seconds:.1f} s, second run {second_run_seconds:.1f} s")


def test_registered_steps_run_after_the_cms_steps(monkeypatch):
    monkeypatch.setattr(base, "_registered", [])

    def build_something(context):
        context.count("thứ gì đó")

    register_step(build_something)
    register_step(build_something)

    steps = demo_steps()
    assert steps[-1] is build_something
    assert steps.count(build_something) == 1
    assert steps[0].__name__ == "build_site"


def test_committed_form_templates_match_their_generator(tmp_path):
    written = build_all(tmp_path)

    assert len(written) == len(FORM_TEMPLATES)
    for form, path in zip(FORM_TEMPLATES, written, strict=True):
        assert path.read_bytes() == form.path.read_bytes(), (
            f"rebuild {form.filename}: python -m cms.demo.form_templates"
        )
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            core = archive.read("docProps/core.xml").decode("utf-8")
        assert f"<dc:title>{form.title}</dc:title>" in core


def test_default_site_answers_on_the_address_make_run_serves(demo, db, monkeypatch):
    # QR codes and e-mail links are built from the site's root URL.
    monkeypatch.delenv("PORT", raising=False)
    build_site(DemoContext())
    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8000"
    monkeypatch.setenv("PORT", "8123")
    build_site(DemoContext())
    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8123"


def test_a_site_hostname_set_by_an_administrator_is_kept(demo, db):
    Site.objects.filter(is_default_site=True).update(hostname="dichvucong.hamchinh.gov.vn", port=443)
    build_site(DemoContext())
    assert Site.objects.get(is_default_site=True).root_url == "https://dichvucong.hamchinh.gov.vn"


def test_demo_commune_agrees_with_the_current_administrative_units():
    """Since 1 July 2025 the demo's xã Hàm Liêm (tỉnh Lâm Đồng) covers the former xã Hàm Chính."""
    from cms.demo.texts import COMMUNE_SETTINGS
    from forms.intake.fields import commune_name, province_choices

    province_code = next(code for code, name in province_choices() if name == "Lâm Đồng")
    assert COMMUNE_SETTINGS["commune_code"] == "23098"
    assert commune_name(province_code, COMMUNE_SETTINGS["commune_code"]) == COMMUNE_SETTINGS["commune_name"]
    assert COMMUNE_SETTINGS["province"] == "Tỉnh Lâm Đồng"
    assert COMMUNE_SETTINGS["district"] == ""  # no districts in the two-level local government


@pytest.mark.django_db
def test_the_administrator_keeps_the_commune_settings_without_being_a_superuser(demo, client):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/cms/communesettings/{site.pk}/"
    client.login(username="quantri", password="demo-quantri-2026")

    assert client.get(url).status_code == 200
    assert client.get("/admin/users/").status_code == 200
    client.login(username="bientap", password="demo-bientap-2026")
    assert client.get(url).status_code in (302, 403)


@pytest.mark.django_db
def test_the_demo_can_be_tried_at_level_4(demo):
    """Issue #13: fee items, a bank account, a dossier awaiting payment, one paid with its electronic result."""
    from forms.models import AttachmentKind, Dossier, PaymentStatus

    fees = ProcedurePage.objects.get(code="1.001193").fee_items.all()
    assert [(fee.amount, fee.per_copy) for fee in fees] == [(0, False), (8000, True)]
    awaiting = Dossier.objects.get(submission_key="demo-ho-so-13")
    assert (awaiting.amount_due, awaiting.payment_status) == (16000, PaymentStatus.AWAITING)
    paid = Dossier.objects.get(submission_key="demo-ho-so-14")
    assert (paid.amount_paid, paid.payment_status) == (8000, PaymentStatus.PAID)
    assert paid.payments.get().method == "vietqr"
    assert len(paid.attachments.get(kind=AttachmentKind.RESULT).sha256) == 64


@pytest.mark.django_db
def test_load_demo_with_three_communes_twice_gives_the_same_counts(demo, client, monkeypatch):
    """Issue #17: ``load_demo --communes 3`` adds xã Hàm Thuận Bắc and xã Hàm Thạnh with their staff."""
    from cms.models import CommuneStaffGroup
    from forms.models import Dossier, DossierEvent

    monkeypatch.setenv("PORT", "8123")
    before = _counts()
    out = io.StringIO()

    def more_counts():
        return {
            "staff groups": CommuneStaffGroup.objects.count(),
            "articles": ArticlePage.objects.count(),
            "dossiers": Dossier.objects.count(),
            "history": DossierEvent.objects.count(),
        }

    call_command("load_demo", "--without-debug", "--communes", "3", stdout=out)
    first = {**_counts(), **more_counts()}
    call_command("load_demo", "--without-debug", "--communes", "3", stdout=io.StringIO())
    second = {**_counts(), **more_counts()}

    assert second == first
    assert first["sites"] == before["sites"] + 2 == 3
    assert first["users"] == before["users"] + 9  # four accounts per commune and the province's
    assert first["groups"] == before["groups"] + 10  # five per commune (the province's: forms migration 0019)
    output = out.getvalue()
    assert "Xã Hàm Thuận Bắc: http://xa-23089.localhost:8123/" in output
    assert "Xã Hàm Thạnh: http://xa-23122.localhost:8123/" in output
    assert "Tài khoản cán bộ một cửa – Xã Hàm Thuận Bắc: canbo2 / demo-canbo2-2026" in output
    assert "Tài khoản biên tập – Xã Hàm Thạnh: bientap3 / demo-bientap3-2026" in output
    assert "Tài khoản cấp tỉnh (chỉ xem mọi xã): tinh / demo-tinh-2026" in output

    users = get_user_model().objects.in_bulk(["canbo2", "lanhdao3", "tinh"], field_name="username")
    assert set(users["canbo2"].groups.values_list("name", flat=True)) == {"Bộ phận Một cửa – Xã Hàm Thuận Bắc"}
    assert set(users["lanhdao3"].groups.values_list("name", flat=True)) == {"Người kiểm duyệt – Xã Hàm Thạnh"}
    assert set(users["tinh"].groups.values_list("name", flat=True)) == {"Cấp tỉnh (chỉ xem)"}
    site_b = Site.objects.get(hostname="xa-23089.localhost", port=8123)
    settings_b = CommuneSettings.for_site(site_b)
    assert (settings_b.commune_code, settings_b.email, settings_b.hotline) == (
        "23089",
        "motcua@xa-23089.example",
        "0252 3 200 002",
    )
    assert (settings_b.bank_bin, settings_b.bank_account_number, settings_b.bank_account_name) == (
        "970436",
        "0011000023089",
        "UBND XA HAM THUAN BAC",
    )
    # Each commune's editors and moderators work in their own tree only.
    staff = get_user_model().objects.in_bulk(["bientap", "lanhdao", "bientap2", "lanhdao2"], field_name="username")
    news_a, news_b = (ArticleIndexPage.objects.child_of(site.root_page).get() for site in (demo.site, site_b))
    assert news_b.permissions_for_user(staff["lanhdao2"]).can_publish()
    assert news_b.permissions_for_user(staff["bientap2"]).can_edit()
    assert not news_b.permissions_for_user(staff["lanhdao"]).can_edit()
    assert not news_a.permissions_for_user(staff["lanhdao2"]).can_edit()
    assert news_a.permissions_for_user(staff["lanhdao"]).can_publish()
    assert not news_a.permissions_for_user(staff["bientap2"]).can_edit()
    response = client.get("/tin-tuc/cong-dich-vu-cong-bat-dau-hoat-dong/", HTTP_HOST="xa-23089.localhost:8123")
    assert response.status_code == 200
    assert "Cổng dịch vụ công xã Hàm Thuận Bắc bắt đầu hoạt động" in response.content.decode()
    # Commune 2's "Thủ tục tại xã" rows (issue #17), made once: after the second run still two.
    from cms.models import LocalProcedure, ProcedurePage

    local_rows = {row.procedure.code: row for row in LocalProcedure.objects.select_related("procedure")}
    assert set(local_rows) == {"1.001193", "2.001019"}
    assert {row.site_id for row in local_rows.values()} == {site_b.pk}
    birth = local_rows["1.001193"]
    assert (birth.carried_out, birth.contact) == (True, "Anh Tâm, công chức Tư pháp – Hộ tịch, 0252 3 200 012")
    assert birth.note == "Xã nhận hồ sơ khai sinh cả sáng thứ Bảy (7 giờ 30 đến 11 giờ 30)."
    assert local_rows["2.001019"].carried_out is False
    host_b = "xa-23089.localhost:8123"
    birth_url = f"/thu-tuc-hanh-chinh/{ProcedurePage.objects.get(code='1.001193').slug}/"
    will_url = f"/thu-tuc-hanh-chinh/{ProcedurePage.objects.get(code='2.001019').slug}/"
    assert "Xã nhận hồ sơ khai sinh cả sáng thứ Bảy" in client.get(birth_url, HTTP_HOST=host_b).content.decode()
    assert "Xã nhận hồ sơ khai sinh cả sáng thứ Bảy" not in client.get(birth_url).content.decode()
    assert client.get(will_url, HTTP_HOST=host_b).status_code == 404
    assert client.get(will_url).status_code == 200

    # Each added commune has three sample dossiers of its own, numbered with its unit code, in
    # three statuses; the demo prints one code and phone to try its tracking page with.
    site_c = Site.objects.get(hostname="xa-23122.localhost", port=8123)
    for site, code in ((site_b, "23089"), (site_c, "23122")):
        dossiers = Dossier.objects.filter(site=site).order_by("submission_key")
        assert [d.submission_key for d in dossiers] == [f"demo-{code}-ho-so-{i}" for i in (1, 2, 3)]
        assert [d.status for d in dossiers] == ["awaiting_reception", "received", "result_ready"]
        assert all(d.code.startswith(f"{code}-") for d in dossiers)
        assert {d.form_page.slug for d in dossiers} <= {
            "dang-ky-khai-sinh",
            "dang-ky-ket-hon",
            "xac-nhan-tinh-trang-hon-nhan",
        }
    result_b = Dossier.objects.get(submission_key="demo-23089-ho-so-3")
    assert result_b.applicant_phone == "0913002003"
    assert (
        f"Xã Hàm Thuận Bắc – hồ sơ mẫu {result_b.code} (đã có kết quả): tra cứu tại "
        "http://xa-23089.localhost:8123/tra-cuu-ho-so/ với số điện thoại 0913002003." in output
    )
    assert "Xã Hàm Thạnh – hồ sơ mẫu 23122-" in output
    # The two communes' officers each see their own list only.
    officers = get_user_model().objects.in_bulk(["canbo", "canbo2"], field_name="username")
    client.force_login(officers["canbo2"])
    list_b = client.get("/admin/forms/dossier/").content.decode()
    client.force_login(officers["canbo"])
    list_a = client.get("/admin/forms/dossier/").content.decode()
    codes_b = [d.code for d in Dossier.objects.filter(site=site_b)]
    codes_c = [d.code for d in Dossier.objects.filter(site=site_c)]
    codes_a = [d.code for d in Dossier.objects.filter(site=demo.site)]
    assert all(code in list_b for code in codes_b)
    assert not any(code in list_b for code in codes_a + codes_c)
    assert any(code in list_a for code in codes_a)
    assert not any(code in list_a for code in codes_b + codes_c)


@pytest.mark.django_db
def test_demo_groups_someone_deleted_come_back_with_their_dossier_permissions():
    """A recreated "Bộ phận Một cửa" used to get admin access only: no dossiers, no reconciliation."""
    from cms.demo.accounts import ensure_demo_groups
    from cms.models import CommuneStaffGroup

    Group.objects.filter(name__in=["Bộ phận Một cửa", "Lãnh đạo Bộ phận Một cửa"]).delete()

    groups = ensure_demo_groups()

    def codenames(name):
        return set(groups[name].permissions.values_list("content_type__app_label", "codename"))

    assert codenames("Bộ phận Một cửa") == {
        ("wagtailadmin", "access_admin"),
        ("forms", "view_dossier"),
        ("forms", "change_dossier"),
        ("forms", "reconcile_payment"),
    }
    assert codenames("Lãnh đạo Bộ phận Một cửa") == codenames("Bộ phận Một cửa") | {("forms", "export_personal_id")}
    default_site = Site.objects.get(is_default_site=True)
    assert CommuneStaffGroup.objects.get(group=groups["Bộ phận Một cửa"]).site == default_site
