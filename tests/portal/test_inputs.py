"""portal.inputs: control characters refused next to the field, stripped from what drafts keep."""

import pytest

from django import forms

from forms.intake.fields import AddressField, PhoneField
from portal.inputs import CleanInputFormMixin, has_control_characters, strip_control_characters

MESSAGE = "Nội dung có ký tự điều khiển không hợp lệ"


class SampleForm(CleanInputFormMixin, forms.Form):
    name = forms.CharField(max_length=50)
    note = forms.CharField(required=False, widget=forms.Textarea)
    phone = PhoneField(required=False)
    address = AddressField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["late"] = forms.CharField(required=False)  # added after the form was built


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9f", "\t", "\n", "\r"])
def test_single_line_field_refuses_every_control_character(character):
    form = SampleForm(data={"name": f"Nguyễn{character}An"})
    assert not form.is_valid()
    assert form.errors["name"] == [
        "Nội dung có ký tự điều khiển không hợp lệ (ví dụ ký tự NUL, thường do sao chép từ tệp khác). "
        "Hãy xóa nội dung ô này rồi gõ lại."
    ]


def test_nul_is_explained_once_in_vietnamese():
    form = SampleForm(data={"name": "An\x00"})
    assert not form.is_valid()
    assert len(form.errors["name"]) == 1  # Django's English NUL message is replaced, not added to


def test_text_area_keeps_tab_and_line_breaks_but_refuses_nul():
    assert SampleForm(data={"name": "An", "note": "dòng 1\r\n\tdòng 2"}).is_valid()
    form = SampleForm(data={"name": "An", "note": "dòng 1\x00"})
    assert not form.is_valid() and MESSAGE in form.errors["note"][0]


def test_subclassed_and_composite_fields_are_guarded():
    form = SampleForm(
        data={
            "name": "An",
            "phone": "0912\x00345678",
            "address_0": "1",
            "address_1": "70",
            "address_2": "Số 1\x00 Tràng Tiền",
            "late": "x\x00",
        }
    )
    assert not form.is_valid()
    assert MESSAGE in form.errors["phone"][0]
    assert MESSAGE in form.errors["address"][0]
    assert MESSAGE in form.errors["late"][0]


def test_clean_text_passes():
    form = SampleForm(data={"name": "Nguyễn Văn An – ĐT ½ (²)", "phone": "0912 345 678"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "0912345678"


def test_repeat_validation_does_not_stack_validators():
    form = SampleForm(data={"name": "An"})
    form.is_valid()
    form.full_clean()
    assert sum(type(v).__name__ == "ControlCharacterValidator" for v in form.fields["name"].validators) == 1


def test_has_control_characters():
    assert has_control_characters("a\x00b")
    assert has_control_characters("a\tb")
    assert not has_control_characters("a\tb\r\n", multiline=True)
    assert has_control_characters("a\x0bb", multiline=True)
    assert not has_control_characters("Tiếng Việt có dấu: ắ ằ ẳ ẵ ặ")


def test_strip_control_characters_in_nested_values():
    assert strip_control_characters({"a\x00": ["x\x00y", "z\n"], "b": "\x1bq\t"}) == {"a": ["xy", "z\n"], "b": "q\t"}
    assert strip_control_characters(3) == 3
