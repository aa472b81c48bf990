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
