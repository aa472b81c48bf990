"""ASCII slugs for Vietnamese titles, as the national catalogue's imported pages have them."""

from __future__ import annotations

import unicodedata

from django.utils.text import slugify


def ascii_slug(text: str, *, max_length: int = 80) -> str:
    """ "Đăng ký nhận cha, mẹ, con" → "dang-ky-nhan-cha-me-con": diacritics dropped, đ → d.

    ``slugify`` alone drops "đ" (it has no ASCII decomposition); a long slug is cut at a word
    boundary. Empty when the text has no letter or digit.
    """
    text = unicodedata.normalize("NFC", text or "").replace("đ", "d").replace("Đ", "D")
    slug = slugify(text)
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


# For Wagtail's slug input (``SlugInput(formatters=…)``), which transliterates in the browser with a
# table that lacks most Vietnamese letters ("Đăng ký nhận" → "djang-ky-nhn"): every Vietnamese
# vowel with a diacritic, and đ, become their base letter first.
_VIETNAMESE_LETTERS = {
    "a": "àáảãạăằắẳẵặâầấẩẫậ",
    "e": "èéẻẽẹêềếểễệ",
    "i": "ìíỉĩị",
    "o": "òóỏõọôồốổỗộơờớởỡợ",
    "u": "ùúủũụưừứửữự",
    "y": "ỳýỷỹỵ",
    "d": "đ",
}
VIETNAMESE_SLUG_FORMATTERS = [(f"[{letters}]", base) for base, letters in _VIETNAMESE_LETTERS.items()] + [
    (f"[{letters.upper()}]", base.upper()) for base, letters in _VIETNAMESE_LETTERS.items()
]
