import pytest

from django import forms as django_forms

from wagtail import blocks

from forms.blocks import DeclarationBlock, fold_key, parse_choices
from forms.steps import declaration_form_class
from tests.forms import factories as f


def test_fold_key_handles_vietnamese_labels():
    assert fold_key("Họ, chữ đệm, tên") == "ho_chu_dem_ten"
    assert fold_key("Đã có tên cha?") == "da_co_ten_cha"
    assert fold_key("2 bản sao") == "truong_2_ban_sao"
    assert parse_choices("Nam\n\n Nữ ") == [("nam", "Nam"), ("nu", "Nữ")]


def declaration(*fields):
    block = DeclarationBlock()
    return block, block.to_python(
        [
            {
                "type": "step",
                "value": {
                    "title": "Bước",
                    "intro": "",
                    "fields": [{"type": kind, "value": value} for kind, value in fields],
                },
            }
        ]
    )


def test_duplicate_keys_and_forward_conditions_are_refused():
    block, value = declaration(
        f.field("text", "Họ tên", key="ten"),
        f.field("text", "Họ tên khác", key="ten"),
        f.field("text", "Tên cha", key="cha", condition_field="co_cha", condition_value="Có"),
    )
    with pytest.raises(blocks.StreamBlockValidationError) as caught:
        block.clean(value)
    text = str(caught.value.non_block_errors)
    assert "Mã trường “ten” bị trùng" in text
    assert "phụ thuộc vào mã “co_cha”" in text


def test_valid_declaration_passes():
    block, value = declaration(
        f.field("yes_no", "Có cha", key="co_cha"),
        f.field("text", "Tên cha", key="cha", condition_field="co_cha", condition_value="Có"),
    )
    assert block.clean(value)


def test_every_field_type_builds_and_validates():
    _block, value = declaration(
        ("heading", {"heading": "Phần 1", "help_text": "Hướng dẫn"}),
        f.field("text", "Văn bản", key="a"),
        f.field("long_text", "Dài", key="b"),
        f.field("number", "Số", key="c"),
        f.field("date", "Ngày", key="d"),
        f.field("choice", "Một", key="e", choices="Xanh\nĐỏ"),
        f.field("multiple_choice", "Nhiều", key="g", choices="Xanh\nĐỏ"),
        f.field("yes_no", "Có không", key="h"),
        f.field("email", "Thư", key="i"),
        f.field("phone", "Điện thoại", key="j"),
        f.field("id_number", "CCCD", key="k"),
        f.field("address", "Địa chỉ", key="m"),
    )
    form_class = declaration_form_class(value[0].value)
    data = {
        "a": "x",
        "b": "y",
        "c": "3",
        "d": "01/02/2020",
        "e": "do",
        "g": ["xanh", "do"],
        "h": "co",
        "i": "a@b.vn",
        "j": "0912345678",
        "k": "001090012345",
        "m_0": "1",
        "m_1": "70",
        "m_2": "Số 1",
    }
    form = form_class(data=data)
    assert form.is_valid(), form.errors
    assert form.answers()["d"] == "2020-02-01"
    rows = dict(form.rows())
    assert rows["Ngày"] == "01/02/2020"
    assert rows["Một"] == "Đỏ" and rows["Nhiều"] == "Xanh; Đỏ" and rows["Có không"] == "Có"
    assert rows["Địa chỉ"] == "Số 1, Phường Hoàn Kiếm, Thành phố Hà Nội"
    assert form.layout[0][0] == "heading"
    assert isinstance(form.fields["g"].widget, django_forms.CheckboxSelectMultiple)

    bad = form_class(data={**data, "j": "12345", "k": "12", "c": "x", "i": "khong"})
    assert not bad.is_valid()
    assert set(bad.errors) == {"j", "k", "c", "i"}


def test_condition_on_an_earlier_step_uses_prior_answers():
    _block, value = declaration(
        f.field(
            "text", "Tên người dự định kết hôn", key="partner", condition_field="purpose", condition_value="Kết hôn"
        ),
    )
    form_class = declaration_form_class(value[0].value)
    assert not form_class(data={}, prior_answers={"purpose": "ket_hon"}).is_valid()
    assert form_class(data={}, prior_answers={"purpose": "khac"}).is_valid()
