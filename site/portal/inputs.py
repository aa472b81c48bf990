"""One clean-up for text that arrives from outside: control characters are refused.

PostgreSQL cannot store NUL in text or JSON (psycopg raises, the request fails with a 500), and
the other C0/C1 control characters have no place in a name, an address or a search. Tab, line
feed and carriage return are text in a text area; anywhere else every control character is
refused. Forms say so next to the field (``ControlCharacterValidator`` through
``CleanInputFormMixin``); the path and the query string are checked by
``portal.middleware.BadInputMiddleware`` before any view runs.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.deconstruct import deconstructible

# C0 controls, DEL and the C1 controls.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# The same without tab, line feed and carriage return.
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

CONTROL_CHARACTER_MESSAGE = (
    "Nội dung có ký tự điều khiển không hợp lệ (ví dụ ký tự NUL, thường do sao chép từ tệp khác). "
    "Hãy xóa nội dung ô này rồi gõ lại."
)


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    """True when ``value`` holds a control character (tab and line breaks allowed if ``multiline``)."""
    return bool((_CONTROL_MULTILINE if multiline else _CONTROL).search(value))


def strip_control_characters(value):
    """``value`` with control characters other than tab and line breaks removed, in strings, lists and dicts.

    For what is kept as typed (a wizard draft): the form refuses the value with a message, the draft
    keeps the rest so that nothing else the citizen typed is lost.
    """
    if isinstance(value, str):
        return _CONTROL_MULTILINE.sub("", value)
    if isinstance(value, list | tuple):
        return [strip_control_characters(item) for item in value]
    if isinstance(value, dict):
        return {strip_control_characters(key): strip_control_characters(item) for key, item in value.items()}
    return value


@deconstructible
class ControlCharacterValidator:
    """Refuse control characters (tab and line breaks allowed when ``multiline``), with a Vietnamese message."""

    code = "control_characters"

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        if isinstance(value, str) and has_control_characters(value, multiline=self.multiline):
            raise ValidationError(CONTROL_CHARACTER_MESSAGE, code=self.code)

    def __eq__(self, other):
        return isinstance(other, ControlCharacterValidator) and other.multiline == self.multiline


def _guard(field: forms.Field) -> None:
    if isinstance(field, forms.MultiValueField):
        for subfield in field.fields:
            _guard(subfield)
        return
    if not isinstance(field, forms.CharField):
        return  # choices, dates, numbers and files are checked by their own parsing
    multiline = isinstance(field.widget, forms.Textarea)
    # Django's own NUL check says it in English; ours covers NUL and says it in Vietnamese.
    field.validators = [
        validator for validator in field.validators if not isinstance(validator, ProhibitNullCharactersValidator)
    ]
    if not any(isinstance(validator, ControlCharacterValidator) for validator in field.validators):
        field.validators.append(ControlCharacterValidator(multiline=multiline))


class CleanInputFormMixin:
    """Every text field of the form (address parts included) refuses control characters.

    The fields are guarded when the form is cleaned, so fields added in a subclass's
    ``__init__`` are covered too.
    """

    def full_clean(self):
        for field in self.fields.values():
            _guard(field)
        super().full_clean()
