"""The rating form (tracking page and "Hồ sơ của tôi")."""

from django import forms

from forms.models.ratings import RATING_MAX, RATING_MIN

SCORE_LABELS = {
    1: "1 – Rất không hài lòng",
    2: "2 – Không hài lòng",
    3: "3 – Bình thường",
    4: "4 – Hài lòng",
    5: "5 – Rất hài lòng",
}


class RatingForm(forms.Form):
    """Score 1–5 as radio buttons, and an optional comment."""

    score = forms.TypedChoiceField(
        label="Mức độ hài lòng của ông/bà",
        choices=[(n, SCORE_LABELS[n]) for n in range(RATING_MAX, RATING_MIN - 1, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Hãy chọn mức độ hài lòng.",
            "invalid_choice": "Hãy chọn mức độ hài lòng từ 1 đến 5.",
        },
    )
    comment = forms.CharField(
        label="Góp ý (không bắt buộc)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Không ghi số điện thoại, số định danh hay thông tin cá nhân khác vào góp ý.",
    )
