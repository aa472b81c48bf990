"""Staff belong to communes (issue #17): every staff URL of the back office, for two communes.

Commune a is the default site (xã Hàm Liêm), b is xã Hàm Thuận Bắc on its own host; each has its
officers, leader and editor in groups linked to it (``CommuneStaffGroup``). An officer of a works
on a's dossiers and gets "not found" (404, never 403: nothing tells them a dossier exists there)
for b's, at every address; the province's read-only group ("Cấp tỉnh (chỉ xem)", forms migration
0019) reads both and is refused every action, the counter intake and the reconciliation.
"""

import csv
import io
import re
from types import SimpleNamespace

import pytest

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wagtail.log_actions import log

from cms.communes import PROVINCE_GROUP
from cms.models import CommuneStaffGroup
from forms.models import BankStatement, Dossier, LineDecision, LineOutcome, Payment, PaymentStatus, StatementLine
from forms.payments.reconciliation import payment_officer_record, statement_import, statement_line_apply
from tests import factories
from tests.forms import factories as f

pytestmark = pytest.mark.django_db

INDEX = "/admin/forms/dossier/"
COUNTER = "/admin/forms/tiep-nhan-tai-quay/"
RECONCILE = "/admin/forms/doi-soat/"
AUDIT_LOG = "/admin/reports/site-history/"
EDITORS = "Biên tập viên"
# Every action of the dossier view (forms.backoffice.actions.ACTIONS), written out.
ACTION_SLUGS = [
    "tiep-nhan",
    "nhan-ho-so-buu-chinh",
    "yeu-cau-hoan-thien",
    "tu-choi-tiep-nhan",
    "nhan-giai-quyet",
    "yeu-cau-bo-sung",
    "ghi-nhan-ket-qua",
    "tep-ket-qua",
    "tra-ket-qua",
    "xin-loi-hen-lai",
    "tu-choi",
    "ghi-nhan-thanh-toan",
    "dieu-chinh",
]
HEADER = "Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Nội dung\n"
ID_A = "060190000111"
ID_B = "060190000222"


def refused(response) -> bool:
    """Wagtail answers a PermissionDenied in the admin with 403 or a redirect to the admin home."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def opened(response) -> bool:
    """Served: the page (200), or a redirect to the dossier for an action not open in its status."""
    if response.status_code == 302:
        return response["Location"].startswith(f"{INDEX}inspect/")
    return response.status_code == 200


def province_make(username: str = "tinh"):
    user = f.staff_make(username)
    user.groups.add(Group.objects.get(name=PROVINCE_GROUP))
    return user


def dossier_of(site, *, page, id_number: str, **updates) -> Dossier:
    dossier = f.dossier_make(page=page, applicant=f.applicant_make(id_number=id_number))
    Dossier.objects.filter(pk=dossier.pk).update(site=site, **updates)
    dossier.refresh_from_db()
    return dossier


def paid_dossier_of(site, *, page, id_number: str, officer) -> Dossier:
    dossier = dossier_of(site, page=page, id_number=id_number, amount_due=20000, payment_status=PaymentStatus.AWAITING)
    payment_officer_record(dossier=dossier, actor=officer, amount=20000, paid_on=timezone.localdate())
    dossier.refresh_from_db()
    assert dossier.payment_status == PaymentStatus.PAID
    return dossier


@pytest.fixture
def world(two_communes, private_root):
    """Two communes, their staff, the province, and dossiers: a has 2 in progress, b has 3.

    b's dossiers are of a procedure of another sector ("Chứng thực"), so that a leak of b's
    procedures or sectors into a's filters shows.
    """
    a, b = two_communes.a, two_communes.b
    page_a = f.form_page_make(procedure=two_communes.procedure)
    procedure_b = factories.procedure_make(
        title="Chứng thực bản sao từ bản chính", code="2.000815", sector=factories.sector_make("Chứng thực")
    )
    page_b = f.form_page_make(procedure=procedure_b)
    staff = SimpleNamespace(
        officer_a=f.commune_staff_make("canbo-a", a, f.OFFICERS),
        officer_b=f.commune_staff_make("canbo-b", b, f.OFFICERS),
        leader_a=f.commune_staff_make("lanhdao-a", a, f.LEADERS),
        leader_b=f.commune_staff_make("lanhdao-b", b, f.LEADERS),
        editor_a=f.commune_staff_make("bientap-a", a, EDITORS),
        editor_b=f.commune_staff_make("bientap-b", b, EDITORS),
        province=province_make(),
    )
    dossier_a = dossier_of(a, page=page_a, id_number=ID_A, amount_due=20000, payment_status=PaymentStatus.AWAITING)
    dossier_b = dossier_of(b, page=page_b, id_number=ID_B, amount_due=20000, payment_status=PaymentStatus.AWAITING)
    paid_a = paid_dossier_of(a, page=page_a, id_number=ID_A, officer=staff.officer_a)
    paid_b = paid_dossier_of(b, page=page_b, id_number=ID_B, officer=staff.officer_b)
    extra_b = dossier_of(b, page=page_b, id_number=ID_B)
    return SimpleNamespace(
        a=a,
        b=b,
        procedure_b=procedure_b,
        dossier_a=dossier_a,
        dossier_b=dossier_b,
        paid_a=paid_a,
        paid_b=paid_b,
        extra_b=extra_b,
        codes_a={dossier_a.code, paid_a.code},
        codes_b={dossier_b.code, paid_b.code, extra_b.code},
        **vars(staff),
    )


def dossier_urls(dossier, paid) -> list[str]:
    """Every staff address about one dossier (``paid`` has a fee receipt)."""
    attachment = dossier.attachments.first()
    return [
        f"{INDEX}inspect/{dossier.pk}/",
        f"{INDEX}history/{dossier.pk}/",
        *(f"{INDEX}{dossier.pk}/xu-ly/{slug}/" for slug in ACTION_SLUGS),
        f"/ho-so/{dossier.pk}/giay-to/mau-01.pdf",
        f"/ho-so/{dossier.pk}/giay-to/mau-05.pdf",
        f"/ho-so/{paid.pk}/giay-to/bien-lai.pdf",
        f"/ho-so/tep/{attachment.pk}/",
    ]


def read_urls(dossier, paid) -> list[str]:
    """The addresses of ``dossier_urls`` that only read (no action)."""
    return [url for url in dossier_urls(dossier, paid) if "/xu-ly/" not in url]


def text(response) -> str:
    return response.content.decode()


def codes_in(html: str, codes) -> set[str]:
    return {code for code in codes if code in html}


# -- every staff URL about a dossier ---------------------------------------------------------------


@pytest.mark.parametrize("role", ["officer", "leader"])
def test_commune_staff_open_their_dossiers_and_find_nothing_of_the_other_commune(client, world, role):
    for own, other in (("a", "b"), ("b", "a")):
        client.force_login(getattr(world, f"{role}_{own}"))
        for url in dossier_urls(getattr(world, f"dossier_{own}"), getattr(world, f"paid_{own}")):
            assert opened(client.get(url)), (role, own, url)
        for url in dossier_urls(getattr(world, f"dossier_{other}"), getattr(world, f"paid_{other}")):
            assert client.get(url).status_code == 404, (role, own, url)


def test_posting_an_action_on_the_other_communes_dossier_is_not_found_and_changes_nothing(client, world):
    client.force_login(world.officer_a)
    before = (world.dossier_b.status, world.dossier_b.payment_status)
    for slug in ACTION_SLUGS:
        response = client.post(
            f"{INDEX}{world.dossier_b.pk}/xu-ly/{slug}/",
            {"note": "Thử", "amount": "20.000", "paid_on": timezone.localdate().isoformat(), "method": "counter"},
        )
        assert response.status_code == 404, slug
    world.dossier_b.refresh_from_db()
    assert (world.dossier_b.status, world.dossier_b.payment_status) == before
    assert not Payment.objects.filter(dossier=world.dossier_b).exists()


def test_officer_records_a_payment_on_their_own_dossier(client, world):
    client.force_login(world.officer_a)
    response = client.post(
        f"{INDEX}{world.dossier_a.pk}/xu-ly/ghi-nhan-thanh-toan/",
        {"amount": "20.000", "paid_on": timezone.localdate().isoformat(), "method": "counter", "note": ""},
    )
    assert response.status_code == 302
    world.dossier_a.refresh_from_db()
    assert world.dossier_a.payment_status == PaymentStatus.PAID


def test_province_reads_both_communes_and_may_take_no_action(client, world):
    client.force_login(world.province)
    for dossier, paid in ((world.dossier_a, world.paid_a), (world.dossier_b, world.paid_b)):
        for url in read_urls(dossier, paid):
            assert client.get(url).status_code == 200, url
        for slug in ACTION_SLUGS:
            url = f"{INDEX}{dossier.pk}/xu-ly/{slug}/"
            assert refused(client.get(url)), url
            assert refused(client.post(url, {"note": "Thử", "amount": "20.000", "method": "counter"})), url
        html = text(client.get(f"{INDEX}inspect/{dossier.pk}/"))
        assert "data-dossier-action" not in html
    for dossier in (world.dossier_a, world.dossier_b):
        dossier_before = Dossier.objects.get(pk=dossier.pk)
        assert (dossier_before.status, dossier_before.payment_status) == (dossier.status, dossier.payment_status)


def test_the_province_group_holds_read_permissions_only():
    group = Group.objects.get(name=PROVINCE_GROUP)
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert granted == {"wagtailadmin.access_admin", "cms.view_all_communes", "forms.view_dossier"}
    assert not CommuneStaffGroup.objects.filter(group=group).exists()  # every commune, through the permission


def test_province_may_edit_nothing(client, world):
    home = world.a.root_page
    client.force_login(world.province)
    for url in (
        f"{INDEX}edit/{world.dossier_b.pk}/",
        f"{INDEX}delete/{world.dossier_b.pk}/",
        f"{INDEX}create/",
        f"/admin/pages/{home.pk}/edit/",
        "/admin/users/",
        f"/admin/settings/cms/communesettings/{world.b.pk}/",
    ):
        response = client.get(url)
        assert refused(response) or response.status_code == 404, url
    response = client.post(f"/admin/pages/{home.pk}/edit/", {"title": "Đổi tên"})
    assert refused(response) or response.status_code == 404
    home.refresh_from_db()
    assert home.title != "Đổi tên"


def test_editors_of_a_commune_see_no_dossier(client, world):
    for editor in (world.editor_a, world.editor_b):
        client.force_login(editor)
        assert refused(client.get(INDEX))
        for dossier, paid in ((world.dossier_a, world.paid_a), (world.dossier_b, world.paid_b)):
            for url in dossier_urls(dossier, paid):
                response = client.get(url)
                assert refused(response) or response.status_code == 404, url


# -- the list, its filters, its search and its exports ----------------------------------------------


def test_each_officers_list_holds_their_communes_dossiers_only(client, world):
    client.force_login(world.officer_a)
    html = text(client.get(INDEX))
    assert codes_in(html, world.codes_a | world.codes_b) == world.codes_a
    # Their filters offer their communes' procedures and sectors only, and no commune choice.
    assert world.dossier_a.procedure_code in html and "2.000815" not in html
    assert "Chứng thực" not in html
    assert 'name="xa"' not in html and ">Xã<" not in html
    client.force_login(world.officer_b)
    html = text(client.get(INDEX))
    assert codes_in(html, world.codes_a | world.codes_b) == world.codes_b
    assert "2.000815" in html and "Chứng thực" in html


def test_searching_another_communes_code_finds_nothing(client, world):
    client.force_login(world.officer_a)
    html = text(client.get(INDEX, {"q": world.dossier_b.code}))
    assert f"{INDEX}inspect/{world.dossier_b.pk}/" not in html
    html = text(client.get(INDEX, {"q": ID_B}))
    assert codes_in(html, world.codes_b) == set()
    html = text(client.get(INDEX, {"q": ID_A}))
    assert codes_in(html, world.codes_a | world.codes_b) == world.codes_a


def test_province_list_has_a_commune_column_and_filter(client, world):
    client.force_login(world.province)
    html = text(client.get(INDEX))
    assert codes_in(html, world.codes_a | world.codes_b) == world.codes_a | world.codes_b
    assert "Xã Hàm Liêm" in html and "Xã Hàm Thuận Bắc" in html
    # The commune filter: a drop-down list of every commune (a province has about a hundred).
    assert '<select id="filter-xa" name="xa">' in html
    assert f'<option value="{world.b.pk}">Xã Hàm Thuận Bắc</option>' in html
    html = text(client.get(INDEX, {"xa": world.b.pk}))
    assert codes_in(html, world.codes_a | world.codes_b) == world.codes_b
    html = text(client.get(INDEX, {"xa": world.a.pk}))
    assert codes_in(html, world.codes_a | world.codes_b) == world.codes_a


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_exports_hold_the_users_communes_only(client, world):
    client.force_login(world.officer_a)
    rows = csv_rows(client.get(INDEX, {"export": "csv"}))
    assert {row[0] for row in rows[1:]} == world.codes_a
    assert "Xã" not in rows[0] and "Số định danh cá nhân" not in rows[0]
    # The leader exports ID numbers (forms migration 0002), of their commune only.
    client.force_login(world.leader_b)
    response = client.get(INDEX, {"export": "csv"})
    rows = csv_rows(response)
    assert {row[0] for row in rows[1:]} == world.codes_b
    assert "Số định danh cá nhân" in rows[0]
    body = response.content.decode("utf-8-sig")
    assert ID_B in body and ID_A not in body
    client.force_login(world.leader_a)
    xlsx = client.get(INDEX, {"export": "xlsx"})
    assert xlsx.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == world.codes_a


def test_province_exports_every_commune_without_id_numbers(client, world):
    # Also a province member who leads a commune's counter: the province's export stays without them.
    world.province.groups.add(Group.objects.get(name=f"{f.LEADERS} – {world.a.hostname}"))
    client.force_login(world.province)
    response = client.get(INDEX, {"export": "csv"})
    rows = csv_rows(response)
    assert rows[0][:2] == ["Mã hồ sơ", "Xã"]
    assert "Số định danh cá nhân" not in rows[0]
    by_code = {row[0]: row[1] for row in rows[1:]}
    assert by_code == {
        **dict.fromkeys(world.codes_a, "Xã Hàm Liêm"),
        **dict.fromkeys(world.codes_b, "Xã Hàm Thuận Bắc"),
    }
    body = response.content.decode("utf-8-sig")
    assert ID_A not in body and ID_B not in body
    xlsx = client.get(INDEX, {"export": "xlsx"})
    from openpyxl import load_workbook

    cells = {str(c) for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True) for c in row}
    assert ID_A not in cells and ID_B not in cells


# -- the dashboard's figures ------------------------------------------------------------------------


def in_progress(html: str) -> int:
    return int(re.search(r"<strong>(\d+)</strong> hồ sơ đang giải quyết", html)[1])


def test_dashboard_counts_the_users_communes_and_the_province_sees_each(client, world):
    client.force_login(world.officer_a)
    html = text(client.get("/admin/"))
    assert in_progress(html) == 2 and "data-commune-figures" not in html
    client.force_login(world.officer_b)
    assert in_progress(text(client.get("/admin/"))) == 3
    client.force_login(world.province)
    html = text(client.get("/admin/"))
    assert in_progress(html) == 5
    table = html[html.index("data-commune-figures") :]
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td>\d+</td>\s*<td>(\d+)</td>', table)
    assert rows == [("Xã Hàm Liêm", "2"), ("Xã Hàm Thuận Bắc", "3")]


# -- counter intake ---------------------------------------------------------------------------------


def intake_data(**overrides) -> dict:
    data = {
        "full_name": "Trần Thị Mai",
        "id_number": "060190000201",
        "phone": "0912000201",
        "email": "",
        "address": "Thôn 2",
        "channel": "counter",
        "postal_item_code": "",
        "delivery_method": "counter",
        "delivery_address": "",
        "note": "",
        "giay-to-TOTAL_FORMS": "1",
        "giay-to-INITIAL_FORMS": "1",
        "giay-to-0-name": "Tờ khai 1",
        "giay-to-0-form": "original",
        "giay-to-0-quantity": "1",
    }
    data.update(overrides)
    return data


def test_counter_intake_registers_the_dossier_for_the_officers_commune(client, world):
    procedure = world.procedure_b
    client.force_login(world.officer_b)
    html = text(client.get(COUNTER, {"thu_tuc": procedure.pk}))
    assert "Xã tiếp nhận hồ sơ" not in html
    response = client.post(f"{COUNTER}?thu_tuc={procedure.pk}", intake_data(site=str(world.a.pk)))
    assert response.status_code == 302
    dossier = Dossier.objects.get(applicant_id_number="060190000201")
    assert dossier.site == world.b  # a posted commune is not a field for an officer of one commune


def test_counter_search_offers_only_the_procedures_the_officers_commune_carries_out(client, world):
    from cms.models import LocalProcedure

    LocalProcedure.objects.create(site=world.b, procedure=world.procedure_b, carried_out=False)
    client.force_login(world.officer_b)
    assert "2.000815" not in text(client.get(COUNTER, {"q": "chứng thực bản sao"}))
    client.force_login(world.officer_a)
    assert "2.000815" in text(client.get(COUNTER, {"q": "chứng thực bản sao"}))


def test_an_officer_of_two_communes_chooses_one_of_theirs(client, world, two_communes):
    from cms.communes import commune_add

    third = commune_add(code="23110", host="hamthuannam.test")
    world.officer_a.groups.add(Group.objects.get(name=f"{f.OFFICERS} – {world.b.hostname}"))
    client.force_login(world.officer_a)
    url = f"{COUNTER}?thu_tuc={world.procedure_b.pk}"
    html = text(client.get(url))
    assert "Xã tiếp nhận hồ sơ" in html
    assert f'value="{world.a.pk}"' in html and f'value="{world.b.pk}"' in html and f'value="{third.pk}"' not in html
    response = client.post(url, intake_data(site=str(third.pk)))
    assert response.status_code == 400
    assert "Xã này không thuộc các xã anh/chị làm việc." in text(response)
    assert not Dossier.objects.filter(applicant_id_number="060190000201").exists()
    assert client.post(url, intake_data()).status_code == 400
    response = client.post(url, intake_data(site=str(world.b.pk)))
    assert response.status_code == 302
    assert Dossier.objects.get(applicant_id_number="060190000201").site == world.b


def test_province_may_not_register_at_the_counter(client, world):
    client.force_login(world.province)
    assert refused(client.get(COUNTER))
    assert refused(client.get(COUNTER, {"thu_tuc": world.procedure_b.pk}))
    assert refused(client.post(f"{COUNTER}?thu_tuc={world.procedure_b.pk}", intake_data(site=str(world.b.pk))))
    assert not Dossier.objects.filter(applicant_id_number="060190000201").exists()


# -- reconciliation ---------------------------------------------------------------------------------


def statement_of(site, officer, memo_lines: list[str]) -> BankStatement:
    content = (HEADER + "".join(memo_lines)).encode()
    return statement_import(content=content, original_name="saoke.csv", actor=officer, site=site)


def test_a_statement_matches_its_own_communes_dossiers_only(world):
    statement = statement_of(
        world.a,
        world.officer_a,
        [f"05/12/2026,FT1,,20.000,{world.dossier_a.code}\n", f"05/12/2026,FT2,,20.000,{world.dossier_b.code}\n"],
    )
    assert statement.site == world.a
    own, other = statement.lines.order_by("row_number")
    assert (own.outcome, own.dossier, own.decision) == (LineOutcome.MATCHED, world.dossier_a, LineDecision.APPLIED)
    # b's dossier code in a memo on a's account: "unknown" here, b's dossier untouched.
    assert (other.outcome, other.dossier, other.decision) == (LineOutcome.UNKNOWN, None, LineDecision.PENDING)
    world.dossier_b.refresh_from_db()
    assert world.dossier_b.payment_status == PaymentStatus.AWAITING
    with pytest.raises(ValidationError) as error:
        statement_line_apply(line=other, actor=world.officer_a, dossier=world.dossier_b)
    assert error.value.code == "dossier_other_commune"
    other.refresh_from_db()
    assert other.decision == LineDecision.PENDING


def test_the_same_bank_reference_in_two_communes_is_no_duplicate(world):
    statement_of(world.a, world.officer_a, [f"05/12/2026,FT7,,20.000,{world.dossier_a.code}\n"])
    statement = statement_of(world.b, world.officer_b, [f"05/12/2026,FT7,,20.000,{world.dossier_b.code}\n"])
    assert statement.lines.get().outcome == LineOutcome.MATCHED


def reconciliation_urls(statement) -> list[str]:
    line = statement.lines.filter(decision=LineDecision.PENDING).first()
    return [f"{RECONCILE}sao-ke/{statement.pk}/", f"{RECONCILE}dong/{line.pk}/"]


def test_reconciliation_pages_per_commune(client, world):
    statement_a = statement_of(world.a, world.officer_a, ["05/12/2026,FT1,,15.000,chuyen tien A\n"])
    statement_b = statement_of(world.b, world.officer_b, ["05/12/2026,FT2,,16.000,chuyen tien B\n"])
    for officer, own, other in (
        (world.officer_a, statement_a, statement_b),
        (world.officer_b, statement_b, statement_a),
    ):
        client.force_login(officer)
        index = text(client.get(RECONCILE))
        assert own.lines.get().memo in index and other.lines.get().memo not in index
        for url in reconciliation_urls(own):
            assert client.get(url).status_code == 200, url
        for url in reconciliation_urls(other):
            assert client.get(url).status_code == 404, url
        line = other.lines.get()
        response = client.post(f"{RECONCILE}dong/{line.pk}/", {"decision": "reject", "note": "Không phải phí"})
        assert response.status_code == 404
        line.refresh_from_db()
        assert line.decision == LineDecision.PENDING


def test_applying_a_line_to_another_communes_dossier_code_is_refused(client, world):
    statement = statement_of(world.a, world.officer_a, ["05/12/2026,FT1,,20.000,chuyen tien\n"])
    line = statement.lines.get()
    client.force_login(world.officer_a)
    response = client.post(
        f"{RECONCILE}dong/{line.pk}/", {"decision": "apply", "dossier_code": world.dossier_b.code, "note": ""}
    )
    assert response.status_code == 400
    assert f"Không có hồ sơ mã “{world.dossier_b.code}”." in text(response)
    line.refresh_from_db()
    assert line.decision == LineDecision.PENDING
    world.dossier_b.refresh_from_db()
    assert world.dossier_b.payment_status == PaymentStatus.AWAITING


def upload(content: str):
    return SimpleUploadedFile("saoke.csv", content.encode(), content_type="text/csv")


def test_an_upload_is_the_officers_commune_or_one_chosen_of_theirs(client, world):
    client.force_login(world.officer_b)
    assert "Sao kê tài khoản của xã" not in text(client.get(RECONCILE))
    client.post(RECONCILE, {"statement": upload(HEADER + "05/12/2026,FT3,,1.000,x\n"), "site": str(world.a.pk)})
    assert BankStatement.objects.get().site == world.b
    world.officer_b.groups.add(Group.objects.get(name=f"{f.OFFICERS} – {world.a.hostname}"))
    client.force_login(world.officer_b)
    assert "Sao kê tài khoản của xã" in text(client.get(RECONCILE))
    response = client.post(RECONCILE, {"statement": upload(HEADER + "05/12/2026,FT4,,1.000,y\n")})
    assert response.status_code == 400 and BankStatement.objects.count() == 1
    client.post(RECONCILE, {"statement": upload(HEADER + "05/12/2026,FT4,,1.000,y\n"), "site": str(world.a.pk)})
    assert BankStatement.objects.latest("pk").site == world.a


def test_province_is_refused_every_reconciliation_page(client, world):
    statement = statement_of(world.a, world.officer_a, ["05/12/2026,FT1,,15.000,chuyen tien\n"])
    client.force_login(world.province)
    for url in [RECONCILE, *reconciliation_urls(statement)]:
        assert refused(client.get(url)), url
    line = statement.lines.get()
    assert refused(client.post(f"{RECONCILE}dong/{line.pk}/", {"decision": "reject", "note": "x"}))
    assert refused(client.post(RECONCILE, {"statement": upload(HEADER + "05/12/2026,FT9,,1.000,z\n")}))
    assert BankStatement.objects.count() == 1
    assert StatementLine.objects.get().decision == LineDecision.PENDING


# -- the audit log ----------------------------------------------------------------------------------


def test_audit_log_lists_the_users_communes_entries_only(client, world):
    log(instance=world.dossier_a, action="forms.dossier.view", user=world.officer_a)
    log(instance=world.dossier_b, action="forms.dossier.view", user=world.officer_b)
    for user, own, other in (
        (world.leader_a, world.dossier_a, world.dossier_b),
        (world.leader_b, world.dossier_b, world.dossier_a),
    ):
        client.force_login(user)
        for url in (AUDIT_LOG, f"{AUDIT_LOG}results/"):
            html = text(client.get(url))
            assert own.code in html and other.code not in html, url
        client.force_login(user)
        export = client.get(AUDIT_LOG, {"export": "csv"})
        body = b"".join(export.streaming_content).decode("utf-8-sig")
        assert own.code in body and other.code not in body
    client.force_login(world.province)
    html = text(client.get(AUDIT_LOG))
    assert world.dossier_a.code in html and world.dossier_b.code in html


# -- dossiers made before communes ------------------------------------------------------------------


def test_a_dossier_without_a_site_belongs_to_the_default_commune(client, world):
    Dossier.objects.filter(pk=world.dossier_a.pk).update(site=None)
    client.force_login(world.officer_a)
    assert client.get(f"{INDEX}inspect/{world.dossier_a.pk}/").status_code == 200
    assert world.dossier_a.code in text(client.get(INDEX))
    client.force_login(world.officer_b)
    assert client.get(f"{INDEX}inspect/{world.dossier_a.pk}/").status_code == 404
    assert world.dossier_a.code not in text(client.get(INDEX))


def test_the_province_list_costs_no_query_per_row(client, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.province)
    client.get(INDEX)
    with CaptureQueriesContext(connection) as few:
        assert client.get(INDEX).status_code == 200
    page = world.extra_b.form_page
    for _ in range(4):
        dossier_of(world.b, page=page, id_number=ID_B)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(INDEX).status_code == 200
