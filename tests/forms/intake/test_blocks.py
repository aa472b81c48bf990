import pytest

from django import forms as django_forms

from wagtail import blocks

from forms.intake.blocks import DeclarationBlock, fold_key, parse_choices
from forms.intake.steps import declaration_form_class
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
    # Every field follows the heading "Phần 1", which names it in the review rows.
    assert rows["Phần 1: Ngày"] == "01/02/2020"
    assert rows["Phần 1: Một"] == "Đỏ" and rows["Phần 1: Nhiều"] == "Xanh; Đỏ" and rows["Phần 1: Có không"] == "Có"
    assert rows["Phần 1: Địa chỉ"] == "Số 1, Phường Hoàn Kiếm, Thành phố Hà Nội"
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


def test_before_field_must_name_another_date_field():
    block, value = declaration(
        f.field("date", "Ngày, tháng, năm sinh", key="child_birth_date"),
        f.field("text", "Họ, chữ đệm, tên", key="child_name"),
        f.field("date", "Ngày sinh của cha", key="father_birth_date", before_field="child_name"),
        f.field("date", "Ngày cấp", key="issued", before_field="issued"),
        f.field("date", "Ngày sinh của mẹ", key="mother_birth_date", before_field="mother_death_date"),
    )
    with pytest.raises(blocks.StreamBlockValidationError) as caught:
        block.clean(value)
    assert [message for error in caught.value.non_block_errors.as_data() for message in error.messages] == [
        "Trường “Ngày sinh của cha” phải trước ngày của mã “child_name”, nhưng đó không phải trường ngày.",
        "Trường “Ngày cấp” không thể phải trước ngày của chính nó.",
        "Trường “Ngày sinh của mẹ” phải trước ngày của mã “mother_death_date”, nhưng biểu mẫu không có mã đó.",
    ]


def test_before_field_may_name_a_later_date_field():
    # The editor sets "before the child's birth date" on the mother's field, which comes first.
    block, value = declaration(
        f.field("date", "Ngày sinh của mẹ", key="mother_birth_date", before_field="child_birth_date"),
        f.field("date", "Ngày, tháng, năm sinh", key="child_birth_date"),
    )

    assert block.clean(value)


def test_before_field_may_name_a_date_of_an_earlier_step():
    block = DeclarationBlock()
    value = block.to_python(
        [
            {
                "type": "step",
                "value": {
                    "title": "Người được khai sinh",
                    "intro": "",
                    "fields": [{"type": "date", "value": f.field("date", "Ngày sinh", key="child_birth_date")[1]}],
                },
            },
            {
                "type": "step",
                "value": {
                    "title": "Cha, mẹ",
                    "intro": "",
                    "fields": [
                        {
                            "type": "date",
                            "value": f.field(
                                "date", "Ngày sinh của mẹ", key="mother_birth_date", before_field="child_birth_date"
                            )[1],
                        }
                    ],
                },
            },
        ]
    )
    assert block.clean(value)


def test_date_rules_in_one_step():
    from datetime import timedelta

    from django.utils import timezone

    _block, value = declaration(
        f.field("date", "Ngày, tháng, năm sinh", key="child_birth_date", not_after_today=True),
        f.field("yes_no", "Khai thông tin người cha", key="has_father"),
        f.field(
            "date",
            "Ngày, tháng, năm sinh",
            key="father_birth_date",
            before_field="child_birth_date",
            condition_field="has_father",
            condition_value="Có",
        ),
    )
    form_class = declaration_form_class(value[0].value)
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)

    future = form_class(data={"child_birth_date": tomorrow.isoformat(), "has_father": "khong"})
    assert not future.is_valid()
    assert future.errors == {"child_birth_date": [f"Ngày không được sau hôm nay ({today:%d/%m/%Y})."]}

    late_father = form_class(
        data={"child_birth_date": "2020-03-12", "has_father": "co", "father_birth_date": "2020-03-12"}
    )
    assert not late_father.is_valid()
    assert late_father.errors == {
        "father_birth_date": [
            "Ngày này phải trước ngày đã khai ở mục “Ngày, tháng, năm sinh” của bước “Bước” (12/03/2020)."
        ]
    }
    hidden_father = form_class(
        data={"child_birth_date": "2020-03-12", "has_father": "khong", "father_birth_date": "2021-01-01"}
    )
    assert hidden_father.is_valid(), hidden_father.errors
    assert "father_birth_date" not in hidden_father.cleaned_data
    no_child_date = form_class(data={"child_birth_date": "x", "has_father": "co", "father_birth_date": "2021-01-01"})
    assert set(no_child_date.errors) == {"child_birth_date"}


def test_before_field_on_an_earlier_step_reads_prior_answers():
    from datetime import date

    _block, value = declaration(
        f.field("date", "Ngày sinh của mẹ", key="mother_birth_date", before_field="child_birth_date"),
    )
    labels = {"child_birth_date": ("Ngày, tháng, năm sinh", "Người được khai sinh")}
    form_class = declaration_form_class(value[0].value, field_labels=labels)
    prior = {"child_birth_date": date(2026, 3, 12)}
    refused = form_class(data={"mother_birth_date": "2026-03-13"}, prior_answers=prior)
    assert refused.errors == {
        "mother_birth_date": [
            "Ngày này phải trước ngày đã khai ở mục “Ngày, tháng, năm sinh” của bước “Người được khai sinh” "
            "(12/03/2026)."
        ]
    }
    assert form_class(data={"mother_birth_date": "1996-03-13"}, prior_answers=prior).is_valid()
    assert form_class(data={"mother_birth_date": "2026-03-13"}, prior_answers={}).is_valid()
