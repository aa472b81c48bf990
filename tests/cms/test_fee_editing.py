"""Editors enter a procedure's fee items (issue 13) on the "Hồ sơ và cách thực hiện" tab."""

import pytest

from django.contrib.auth.models import Group, User
from django.urls import reverse

from cms.forms import DongField
from cms.models import ProcedurePage
from tests.cms.test_procedure_editing import browser_post

pytestmark = pytest.mark.django_db
AMOUNT_MESSAGE = "Số tiền phải là số đồng nguyên, không âm, ví dụ 70000 hoặc 70.000; ghi 0 nếu được miễn."


@pytest.fixture
def editor(db):
    user = User.objects.create_user(username="bientap", password="mat-khau-thu-nghiem")
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    return user


def _with_items(data: dict, items: list[dict]) -> dict:
    data = dict(data)
    data["fee_items-TOTAL_FORMS"] = [str(len(items))]
    data["fee_items-INITIAL_FORMS"] = ["0"]
    for index, item in enumerate(items):
        fields = {"kind": "le_phi", "name": "", "amount": "0", "unit": "", "case": "", "channel": "", **item}
        for key, value in fields.items():
            if key == "per_copy":
                if value:
                    data[f"fee_items-{index}-per_copy"] = ["on"]
                continue
            data[f"fee_items-{index}-{key}"] = [value]
        data[f"fee_items-{index}-ORDER"] = [str(index + 1)]
        data[f"fee_items-{index}-DELETE"] = [""]
        data[f"fee_items-{index}-id"] = [""]
    return data


def test_the_editor_shows_the_fee_items_and_the_payment_choice_on_the_requirements_tab(client, editor, procedure):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[procedure.pk])).content.decode()
    tab = html[html.index('id="tab-ho_so_va_cach_thuc_hien"') : html.index('id="tab-can_cu_phap_ly"')]
    assert "Khoản thu" in tab
    assert 'name="fee_items-TOTAL_FORMS"' in tab
    assert 'name="payment_before_processing"' in tab
    assert "Dòng «Phí, lệ phí» ở trang thủ tục lấy từ ô phí" in tab


def test_an_editor_adds_fee_items_and_saves(client, editor, procedure):
    client.force_login(editor)
    data = _with_items(
        browser_post(client, procedure),
        [
            {"name": "Lệ phí đăng ký kết hôn", "amount": "20.000", "unit": "lần"},
            {"name": "Miễn lệ phí", "amount": "0", "case": "Người thuộc hộ nghèo", "channel": "online"},
            {"kind": "phi", "name": "Phí cấp bản sao", "amount": "8,000 đồng", "per_copy": True},
        ],
    )
    data["payment_before_processing"] = ["on"]
    response = client.post(reverse("wagtailadmin_pages:edit", args=[procedure.pk]), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    page = ProcedurePage.objects.get(pk=procedure.pk).get_latest_revision_as_object()
    assert [(i.kind, i.name, i.amount, i.unit, i.case, i.channel, i.per_copy) for i in page.fee_items.all()] == [
        ("le_phi", "Lệ phí đăng ký kết hôn", 20000, "lần", "", "", False),
        ("le_phi", "Miễn lệ phí", 0, "", "Người thuộc hộ nghèo", "online", False),
        ("phi", "Phí cấp bản sao", 8000, "", "", "", True),
    ]
    assert page.payment_before_processing is True


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5000", AMOUNT_MESSAGE),
        ("70.5", AMOUNT_MESSAGE),
        ("bảy mươi nghìn", AMOUNT_MESSAGE),
        ("", "Hãy nhập số tiền; ghi 0 nếu được miễn."),
        ("5000000000", "Số tiền quá lớn; hãy kiểm tra lại."),
    ],
)
def test_an_amount_that_is_not_whole_dong_is_refused_with_a_clear_message(client, editor, procedure, amount, message):
    client.force_login(editor)
    data = _with_items(browser_post(client, procedure), [{"name": "Lệ phí", "amount": amount}])
    response = client.post(reverse("wagtailadmin_pages:edit", args=[procedure.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProcedurePage.objects.get(pk=procedure.pk).get_latest_revision_as_object().fee_items.exists()


def test_a_per_copy_item_needs_an_amount(client, editor, procedure):
    client.force_login(editor)
    data = _with_items(browser_post(client, procedure), [{"name": "Phí bản sao", "amount": "0", "per_copy": True}])
    response = client.post(reverse("wagtailadmin_pages:edit", args=[procedure.pk]), data)
    assert response.status_code == 200
    assert "Khoản thu theo bản sao cần số tiền cho mỗi bản." in response.content.decode()
    # Wagtail's own banner for a refused save, in Vietnamese (locale/vi overrides Wagtail's catalogue).
    assert "Chưa lưu được trang vì có lỗi nhập liệu" in response.content.decode()
    assert "could not be saved" not in response.content.decode()


@pytest.mark.parametrize(
    ("text", "amount"),
    [("70000", 70000), ("70.000", 70000), ("70,000", 70000), ("1.250.000 đồng", 1250000), ("0", 0), (" 5 000 ", 5000)],
)
def test_dong_field_reads_amounts_as_editors_write_them(text, amount):
    assert DongField().clean(text) == amount


@pytest.mark.parametrize(
    ("value", "shown"), [(20000, "20.000"), ("1250000", "1.250.000"), (0, "0"), ("abc", "abc"), (None, None)]
)
def test_dong_field_shows_amounts_back_as_editors_write_them(value, shown):
    assert DongField().prepare_value(value) == shown


def test_the_same_fee_item_entered_twice_is_refused(client, editor, procedure):
    client.force_login(editor)
    item = {"name": "Lệ phí cấp bản sao trích lục", "amount": "20.000"}
    data = _with_items(browser_post(client, procedure), [item, {**item, "amount": "20000"}])
    response = client.post(reverse("wagtailadmin_pages:edit", args=[procedure.pk]), data)
    assert response.status_code == 200
    assert "Khoản thu này trùng với một khoản đã nhập ở trên; hãy xóa bớt một dòng." in response.content.decode()
    assert not ProcedurePage.objects.get(pk=procedure.pk).get_latest_revision_as_object().fee_items.exists()

    data = _with_items(browser_post(client, procedure), [item, {**item, "case": "Người thuộc hộ nghèo", "amount": "0"}])
    response = client.post(reverse("wagtailadmin_pages:edit", args=[procedure.pk]), data)
    assert response.status_code == 302
