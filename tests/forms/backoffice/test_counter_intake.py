"""Counter intake: a paper dossier registered by an officer, received at once (Mẫu 01)."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError

from wagtail.models import ModelLogEntry

from forms.backoffice.services import dossier_register
from forms.lifecycle.services import ReceivedDocumentInput, dossier_transition
from forms.models import Dossier, DossierStatus, SubmissionChannel
from tests import factories
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
S = DossierStatus
VN = ZoneInfo("Asia/Ho_Chi_Minh")
URL = "/admin/forms/tiep-nhan-tai-quay/"
APPLICANT = {
    "full_name": "Trần Thị Mai",
    "id_number": "060190000201",
    "phone": "0912 000 201",
    "email": "",
    "address_text": "Thôn 2, xã Hàm Chính",
}
DOCUMENTS = [ReceivedDocumentInput(name="Tờ khai đăng ký khai sinh", form="original", quantity=1)]


@pytest.fixture
def officer(db):
    return f.staff_make("canbo", f.OFFICERS)


@pytest.fixture
def procedure(procedure_index):
    return factories.procedure_make(parent=procedure_index, title="Đăng ký khai sinh", code="1.001193")


def register(procedure, officer, **overrides):
    kwargs = {
        "procedure": procedure,
        "applicant": dict(APPLICANT),
        "channel": SubmissionChannel.COUNTER,
        "documents": DOCUMENTS,
        "delivery_method": "counter",
        "actor": officer,
        "now": datetime(2026, 11, 20, 17, 15, tzinfo=VN),  # Friday after closing time
    }
    kwargs.update(overrides)
    return dossier_register(**kwargs)


# -- the service ---------------------------------------------------------------------------------


def test_a_counter_dossier_is_received_at_once_and_due_from_the_reception_day(procedure, officer):
    dossier = register(procedure, officer)
    assert dossier.status == S.RECEIVED and dossier.channel == SubmissionChannel.COUNTER
    assert dossier.received_at == datetime(2026, 11, 20, 17, 15, tzinfo=VN)
    # After closing on Friday: from Monday 23; Tuesday 24 is Vietnam Cultural Day; 3 working days.
    assert dossier.due_date == date(2026, 11, 27)
    assert dossier.applicant_phone == "0912000201" and dossier.procedure_code == "1.001193"
    assert dossier.code == "HS-261120-0001"
    assert list(dossier.received_documents.values_list("name", "form", "quantity")) == [
        ("Tờ khai đăng ký khai sinh", "original", 1)
    ]
    event = dossier.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("", S.RECEIVED, officer)
    assert event.note == "Tiếp nhận hồ sơ nộp trực tiếp tại Bộ phận Một cửa."
    entry = ModelLogEntry.objects.for_instance(dossier).get()
    assert (entry.action, entry.user) == ("forms.dossier.register", officer)


def test_counter_dossiers_share_the_code_sequence_with_online_ones(procedure, officer):
    page = f.form_page_make(procedure=procedure)
    f.dossier_make(page=page, received=False, submitted_at=datetime(2026, 11, 20, 9, tzinfo=VN))
    dossier = register(procedure, officer, now=datetime(2026, 11, 20, 10, tzinfo=VN))
    assert dossier.code == "HS-261120-0002" and dossier.due_date == date(2026, 11, 26)  # Mon 23, Wed 25, Thu 26


def test_a_dossier_arrived_by_post_needs_its_postal_item_code(procedure, officer):
    with pytest.raises(ValidationError) as caught:
        register(procedure, officer, channel=SubmissionChannel.POST)
    assert caught.value.message_dict == {"postal_item_code": ["Hãy nhập số hiệu bưu gửi in trên phong bì."]}
    dossier = register(procedure, officer, channel=SubmissionChannel.POST, postal_item_code=" RR987654321VN ")
    assert dossier.channel == SubmissionChannel.POST and dossier.postal_item_code == "RR987654321VN"
    assert dossier.events.get().note == "Tiếp nhận hồ sơ nhận qua dịch vụ bưu chính công ích."


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"applicant": {**APPLICANT, "full_name": " "}}, "full_name", "Hãy nhập họ, chữ đệm và tên người nộp hồ sơ."),
        (
            {"applicant": {**APPLICANT, "id_number": "12345"}},
            "id_number",
            "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.",
        ),
        ({"applicant": {**APPLICANT, "phone": "12345"}}, "phone", "Số điện thoại di động không hợp lệ."),
        ({"applicant": {**APPLICANT, "email": "khong-phai-thu"}}, "email", "Địa chỉ thư điện tử không hợp lệ."),
        ({"channel": "online"}, "channel", "Hãy chọn cách nộp: trực tiếp tại quầy hoặc qua bưu chính."),
        ({"delivery_method": "fax"}, "delivery_method", "Hãy chọn cách nhận kết quả."),
        ({"delivery_method": "post"}, "delivery_address", "Hãy nhập địa chỉ nhận kết quả qua bưu chính."),
        ({"documents": [ReceivedDocumentInput(name=" ")]}, "documents", "Hãy ghi ít nhất một giấy tờ đã nhận."),
        ({"note": "x" * 2001}, "note", "Ghi chú dài 2001 ký tự; hãy rút gọn trong 2000 ký tự."),
    ],
)
def test_each_wrong_input_is_refused_and_nothing_is_stored(procedure, officer, overrides, field, message):
    with pytest.raises(ValidationError) as caught:
        register(procedure, officer, **overrides)
    assert caught.value.message_dict == {field: [message]}
    assert not Dossier.objects.exists()


def test_result_by_post_only_where_the_procedure_returns_by_post(procedure_index, officer):
    procedure = factories.procedure_make(parent=procedure_index, postal_return=False)
    with pytest.raises(ValidationError) as caught:
        register(procedure, officer, delivery_method="post", delivery_address={"detail": "Thôn 2"})
    assert caught.value.message_dict == {"delivery_method": ["Thủ tục này không trả kết quả qua bưu chính công ích."]}


def test_a_counter_dossier_follows_the_same_lifecycle_and_tells_the_citizen(
    procedure, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = register(procedure, officer, applicant={**APPLICANT, "email": "mai@example.vn"})
    assert len(mail.outbox) == 1 and dossier.code in mail.outbox[0].subject
    for status in (S.PROCESSING, S.RESULT_READY, S.RETURNED):
        dossier_transition(dossier=dossier, to_status=status, actor=officer)
    assert dossier.status == S.RETURNED


def test_repeat_calls_make_separate_dossiers(procedure, officer):
    first, second = register(procedure, officer), register(procedure, officer)
    assert (first.code, second.code) == ("HS-261120-0001", "HS-261120-0002")


# -- the admin view ------------------------------------------------------------------------------


def test_the_menu_item_is_for_officers_only(client, officer):
    client.force_login(officer)
    assert URL in client.get("/admin/").content.decode()
    editor = f.staff_make("bientap", "Biên tập viên")
    client.force_login(editor)
    assert URL not in client.get("/admin/").content.decode()
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_officers_of_no_commune_among_several_have_no_counter_intake(client, two_communes):
    # Issue #17: with several communes a group linked to none works for no commune; its officers
    # see an empty dossier list, and have nowhere to register a dossier either.
    unlinked = Group.objects.create(name="Cán bộ một cửa chưa gắn xã")
    f.back_office_groups_ensure()
    unlinked.permissions.set(Group.objects.get(name=f.OFFICERS).permissions.all())
    officer = f.staff_make("canbo-khong-xa")
    officer.groups.add(unlinked)
    client.force_login(officer)

    assert URL not in client.get("/admin/").content.decode()
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get(URL, {"q": "khai sinh"})["Location"] == "/admin/"


def test_officers_of_a_commune_among_several_have_the_counter_intake(client, two_communes):
    client.force_login(f.commune_staff_make("canbo-b", two_communes.b, f.OFFICERS))

    assert URL in client.get("/admin/").content.decode()
    assert client.get(URL).status_code == 200


def test_the_officer_finds_the_procedure_by_words_without_diacritics(client, officer, procedure):
    client.force_login(officer)
    html = client.get(URL, {"q": "dang ky khai sinh"}).content.decode()
    assert f'href="?thu_tuc={procedure.pk}"' in html and "Đăng ký khai sinh" in html
    html = client.get(URL, {"q": "1.001193"}).content.decode()
    assert f'href="?thu_tuc={procedure.pk}"' in html


def test_the_form_is_prefilled_with_the_procedures_papers(client, officer, procedure):
    client.force_login(officer)
    html = client.get(URL, {"thu_tuc": procedure.pk}).content.decode()
    assert re.findall(r'name="giay-to-\d+-name"[^>]*value="([^"]*)"', html) == ["Tờ khai 1", "Tờ khai 2"]
    assert len(re.findall(r'<option value="original" selected>', html)) == 2  # "1 bản chính"


def post_data(**overrides) -> dict:
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
        "giay-to-TOTAL_FORMS": "2",
        "giay-to-INITIAL_FORMS": "2",
        "giay-to-0-name": "Tờ khai 1",
        "giay-to-0-form": "original",
        "giay-to-0-quantity": "1",
        "giay-to-1-name": "",
        "giay-to-1-form": "copy",
        "giay-to-1-quantity": "1",
    }
    data.update(overrides)
    return data


def test_registering_lands_on_the_dossier_with_mau_01_to_print(client, officer, procedure):
    client.force_login(officer)
    response = client.post(f"{URL}?thu_tuc={procedure.pk}", post_data())
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/forms/dossier/inspect/{dossier.pk}/?vua-tiep-nhan=1"
    assert dossier.status == S.RECEIVED and dossier.channel == SubmissionChannel.COUNTER
    assert list(dossier.received_documents.values_list("name", flat=True)) == ["Tờ khai 1"]
    html = client.get(response["Location"]).content.decode()
    assert 'data-print-paper="01"' in html and "Nộp trực tiếp tại Bộ phận Một cửa" in html


def test_errors_are_shown_next_to_their_fields(client, officer, procedure):
    client.force_login(officer)
    response = client.post(f"{URL}?thu_tuc={procedure.pk}", post_data(channel="post", id_number="123"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số." in html
    assert "Hãy nhập số hiệu bưu gửi in trên phong bì." in html
    assert html.index("Hãy nhập số hiệu bưu gửi") > html.index('name="postal_item_code"') - 2000
    assert not Dossier.objects.exists()
