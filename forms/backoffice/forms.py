"""Forms of the back office: each action's input, Mẫu 01's documents table, counter intake.

They only collect and shape what the officer typed; the services decide whether it is allowed.
"""

from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.admin.widgets import AdminDateInput

from forms.files.services import AttachmentInput
from forms.intake.fields import PhoneField
from forms.lifecycle.services import CORRECTABLE_FIELDS, NOTE_MAX_LENGTH, ReceivedDocumentInput
from forms.models import DeliveryMethod, DocumentForm, Dossier, SubmissionChannel
from forms.payments.fees import NO_CASE_LABEL, format_dong
from forms.payments.reconciliation import OFFICER_METHODS, parse_statement_amount
from portal.inputs import CleanInputFormMixin

NOTE_TOO_LONG = "Nội dung dài quá: tối đa %(limit_value)d ký tự (hiện có %(show_value)d ký tự); hãy rút gọn."
DOCUMENT_ROWS_EXTRA = 2


def note_field(label: str = "Ghi chú", *, help_text: str = "") -> forms.CharField:
    """A note of at most ``NOTE_MAX_LENGTH`` characters: the browser stops there too (maxlength)."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=help_text or f"Tối đa {NOTE_MAX_LENGTH} ký tự.",
        error_messages={"max_length": NOTE_TOO_LONG},
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def commune_field(communes: Sequence, *, label: str) -> forms.TypedChoiceField:
    """A choice among the communes a staff member works for (issue #17); another is refused."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "Chọn xã")] + [(str(site.pk), site.commune_name) for site in communes],
        coerce=int,
        error_messages={
            "required": "Hãy chọn xã.",
            "invalid_choice": "Xã này không thuộc các xã anh/chị làm việc.",
        },
    )


class ReceivedDocumentForm(CleanInputFormMixin, forms.Form):
    """One line of Mẫu 01's table; a line left without a name is dropped."""

    name = forms.CharField(label="Tên giấy tờ", required=False, max_length=500)
    form = forms.ChoiceField(label="Hình thức", choices=DocumentForm.choices, initial=DocumentForm.COPY)
    quantity = forms.IntegerField(
        label="Số lượng",
        required=False,
        min_value=1,
        max_value=99,
        initial=1,
        error_messages={
            "min_value": "Số lượng từ 1 đến 99.",
            "max_value": "Số lượng từ 1 đến 99.",
            "invalid": "Số lượng là một số từ 1 đến 99.",
            "required": "Hãy nhập số lượng.",
        },
    )

    def clean(self):
        data = super().clean()
        if (data.get("name") or "").strip() and data.get("quantity") is None and "quantity" not in self.errors:
            self.add_error("quantity", "Hãy nhập số lượng.")
        return data


class BaseReceivedDocumentFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        # Every row is read, also a prefilled one the officer left as it was (Django would skip an
        # unchanged extra row as empty).
        return super()._construct_form(i, empty_permitted=False, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        if not self.documents():
            raise ValidationError("Hãy ghi ít nhất một giấy tờ đã nhận.", code="documents_empty")

    def documents(self) -> list[ReceivedDocumentInput]:
        return [
            ReceivedDocumentInput(name=row["name"].strip(), form=row["form"], quantity=row["quantity"] or 1)
            for row in (form.cleaned_data for form in self.forms)
            if row and (row.get("name") or "").strip()
        ]


ReceivedDocumentFormSet = forms.formset_factory(
    ReceivedDocumentForm, formset=BaseReceivedDocumentFormSet, extra=DOCUMENT_ROWS_EXTRA, max_num=60
)


def documents_formset(data, *, initial: list[dict]) -> BaseReceivedDocumentFormSet:
    return ReceivedDocumentFormSet(data, initial=initial, prefix="giay-to")


class ActionForm(CleanInputFormMixin, forms.Form):
    """The base of every action's form: a note, and optionally Mẫu 01's documents table."""

    documents = None

    def __init__(self, *args, dossier: Dossier, note_label: str = "Ghi chú", documents_initial=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        self.fields["note"] = note_field(note_label)
        if documents_initial is not None:
            self.documents = documents_formset(self.data or None, initial=documents_initial)

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return (self.documents.is_valid() if self.documents is not None else True) and valid

    def attachments(self) -> list[AttachmentInput]:
        upload = self.cleaned_data.get("result_file")
        if not upload:
            return []
        return [AttachmentInput(slot="", label="Kết quả giải quyết", name=upload.name, file=upload)]


class TransitionForm(ActionForm):
    """A status change: the note, and the result file or the postal tracking number when asked."""

    def __init__(self, *args, with_file: bool = False, with_tracking: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_file:
            self.fields["result_file"] = forms.FileField(
                label="Tệp kết quả (bản điện tử)",
                required=False,
                help_text="PDF, ảnh chụp hoặc văn bản Word; người dân tải được trên trang tra cứu hồ sơ.",
            )
        if with_tracking:
            self.fields["postal_tracking_number"] = forms.CharField(
                label="Số hiệu bưu gửi",
                max_length=64,
                required=False,
                help_text=(
                    "Bắt buộc khi gửi kết quả qua bưu chính công ích."
                    if self.dossier.delivery_method == DeliveryMethod.POST
                    else "Chỉ điền khi gửi kết quả qua bưu chính; trả tại quầy thì để trống."
                ),
            )


class ResultFileForm(ActionForm):
    """A result file attached or replacing the earlier one until the dossier is returned."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("note")
        self.fields["result_file"] = forms.FileField(
            label="Tệp kết quả (bản điện tử)",
            required=False,
            help_text="Tệp mới thay tệp trước trên trang tra cứu của người dân; tệp cũ vẫn lưu trong lịch sử.",
        )


class PostalArrivedForm(ActionForm):
    """The postal item code printed on the envelope of a dossier sent by post."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "postal_item_code": forms.CharField(
                label="Số hiệu bưu gửi",
                required=False,
                max_length=64,
                help_text="In trên phong bì hoặc phiếu gửi của bưu điện, ví dụ RR123456789VN.",
            ),
            **self.fields,
        }


class ApologyForm(ActionForm):
    """The new date and the reason of an apology for a late dossier (Mẫu 04)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "new_due_date": forms.DateField(
                label="Ngày hẹn trả kết quả mới",
                widget=AdminDateInput(),
                help_text=f"Sau ngày hẹn hiện tại ({self.dossier.due_date:%d/%m/%Y}), vào ngày làm việc."
                if self.dossier.due_date
                else "",
                error_messages={"required": "Hãy chọn ngày hẹn mới.", "invalid": "Ngày không hợp lệ (dd/mm/yyyy)."},
            ),
            **self.fields,
        }


class PaymentForm(ActionForm):
    """An officer records a fee paid: amount (as typed, "20.000"), date, how, and the reference."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        remaining = max(self.dossier.amount_due - self.dossier.amount_paid, 0)
        self.fields = {
            "amount": forms.CharField(
                label="Số tiền đã nộp (đồng)",
                max_length=20,
                initial=f"{remaining:,}".replace(",", "."),
                help_text=f"Còn phải nộp {format_dong(remaining)}.",
                error_messages={"required": "Hãy nhập số tiền."},
            ),
            "paid_on": forms.DateField(
                label="Ngày nộp",
                widget=AdminDateInput(),
                initial=timezone.localdate(),
                error_messages={"required": "Hãy chọn ngày nộp.", "invalid": "Ngày không hợp lệ (dd/mm/yyyy)."},
            ),
            "method": forms.ChoiceField(
                label="Hình thức",
                choices=[(key, label) for key, (label, _online) in OFFICER_METHODS.items()],
                initial="counter",
                widget=forms.RadioSelect,
            ),
            "reference": forms.CharField(
                label="Số biên lai hoặc số tham chiếu giao dịch",
                required=False,
                max_length=100,
                help_text="Với chuyển khoản: số tham chiếu trên sao kê, để sao kê nhập sau không ghi nhận hai lần.",
            ),
            **self.fields,
        }

    def clean_amount(self) -> int:
        try:
            amount = parse_statement_amount(self.cleaned_data["amount"])
        except ValueError:
            amount = 0
        if amount <= 0:
            raise ValidationError("Số tiền là số đồng lớn hơn 0, ví dụ 20.000.", code="amount_invalid")
        return amount


class CorrectionForm(ActionForm):
    """The fields of a closed dossier an officer may correct ("điều chỉnh"), with the reason."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dossier = self.dossier
        self.fields = {
            "applicant_phone": PhoneField(
                label=CORRECTABLE_FIELDS["applicant_phone"].capitalize(), initial=dossier.applicant_phone
            ),
            "applicant_email": forms.EmailField(
                label=CORRECTABLE_FIELDS["applicant_email"].capitalize(),
                required=False,
                initial=dossier.applicant_email,
                error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
            ),
            "delivery_method": forms.ChoiceField(
                label=CORRECTABLE_FIELDS["delivery_method"].capitalize(),
                choices=DeliveryMethod.choices,
                initial=dossier.delivery_method,
            ),
            "postal_tracking_number": forms.CharField(
                label=CORRECTABLE_FIELDS["postal_tracking_number"].capitalize(),
                required=False,
                max_length=64,
                initial=dossier.postal_tracking_number,
            ),
            **self.fields,
        }

    def changes(self) -> dict[str, str]:
        return {field: self.cleaned_data.get(field) or "" for field in CORRECTABLE_FIELDS}


class CounterIntakeForm(CleanInputFormMixin, forms.Form):
    """A paper dossier registered at the counter (brought in person or arrived by post)."""

    full_name = forms.CharField(label="Họ, chữ đệm, tên người nộp", max_length=255)
    id_number = forms.CharField(
        label="Số định danh cá nhân (CCCD)", max_length=12, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    phone = forms.CharField(label="Số điện thoại", max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"}))
    email = forms.CharField(label="Thư điện tử", max_length=254, required=False, help_text="Để gửi thông báo.")
    address = forms.CharField(label="Địa chỉ", max_length=500, required=False)
    channel = forms.ChoiceField(
        label="Cách nộp",
        choices=[
            (SubmissionChannel.COUNTER, SubmissionChannel.COUNTER.label),
            (SubmissionChannel.POST, SubmissionChannel.POST.label),
        ],
        initial=SubmissionChannel.COUNTER,
        widget=forms.RadioSelect,
    )
    postal_item_code = forms.CharField(
        label="Số hiệu bưu gửi", max_length=64, required=False, help_text="Chỉ khi hồ sơ đến qua bưu chính."
    )
    delivery_method = forms.ChoiceField(
        label="Cách nhận kết quả",
        choices=DeliveryMethod.choices,
        initial=DeliveryMethod.COUNTER,
        widget=forms.RadioSelect,
    )
    delivery_address = forms.CharField(
        label="Địa chỉ nhận kết quả qua bưu chính", max_length=500, required=False, help_text="Nếu nhận qua bưu chính."
    )

    def __init__(
        self, *args, documents_initial: list[dict], fee_cases: Sequence[str] = (), communes: Sequence = (), **kwargs
    ):
        super().__init__(*args, **kwargs)
        if len(communes) > 1:
            # Issue #17: an officer working for several communes says whose counter receives it; a
            # commune that is not theirs is not a choice (a posted one is refused as invalid).
            self.fields["site"] = commune_field(communes, label="Xã tiếp nhận hồ sơ")
            self.order_fields(["site"])
        if fee_cases:
            # Issue 13: the case decides the amount due (an exemption, a reduced rate).
            self.fields["fee_case"] = forms.ChoiceField(
                label="Trường hợp thu phí",
                choices=[(case, case) for case in fee_cases] + [("", NO_CASE_LABEL)],
                required=False,
                widget=forms.RadioSelect,
                help_text="Để tính số tiền người nộp phải nộp.",
            )
        self.fields["note"] = note_field()
        self.documents = documents_formset(self.data or None, initial=documents_initial)

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return self.documents.is_valid() and valid

    def applicant(self) -> dict:
        data = self.cleaned_data
        return {
            "full_name": data["full_name"],
            "id_number": data["id_number"],
            "phone": data["phone"],
            "email": data["email"],
            "address_text": data["address"],
        }


class StatementUploadForm(forms.Form):
    """The bank statement file to reconcile, as the bank exported it, and whose account it is of
    when the officer works for several communes (issue #17)."""

    statement = forms.FileField(
        label="Tệp sao kê (CSV hoặc XLSX)",
        help_text="Sao kê tài khoản thu phí, lệ phí của xã do ngân hàng xuất ra; tối đa 5 MB.",
        error_messages={"required": "Hãy chọn tệp sao kê.", "empty": "Tệp sao kê rỗng."},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, communes: Sequence = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.communes = list(communes)
        if len(self.communes) > 1:
            self.fields["site"] = commune_field(self.communes, label="Sao kê tài khoản của xã")
            self.order_fields(["site"])

    def commune(self):
        """The commune whose statement it is: the officer's only one, or the one chosen of theirs."""
        if len(self.communes) == 1:
            return self.communes[0]
        site_id = self.cleaned_data.get("site")
        return next((site for site in self.communes if site.pk == site_id), None)


LINE_APPLY, LINE_REJECT = "apply", "reject"


class LineDecisionForm(CleanInputFormMixin, forms.Form):
    """An officer's decision on a statement line: apply it to a dossier (by code) or reject it, with a note."""

    decision = forms.ChoiceField(
        label="Quyết định",
        choices=[(LINE_APPLY, "Ghi nhận thanh toán cho hồ sơ"), (LINE_REJECT, "Không ghi nhận")],
        widget=forms.RadioSelect,
        error_messages={"required": "Hãy chọn ghi nhận hoặc không ghi nhận."},
    )
    dossier_code = forms.CharField(
        label="Mã hồ sơ",
        required=False,
        max_length=40,
        help_text="Hồ sơ được ghi nhận khoản tiền này (để trống: hồ sơ tìm thấy trong nội dung chuyển khoản).",
    )
    note = note_field("Ghi chú, lý do", help_text="Bắt buộc khi không ghi nhận: lý do (ví dụ: đã hoàn trả).")

    def __init__(self, *args, dossiers=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Issue #17: only the dossiers of the statement's commune; another commune's code is "not found".
        self.dossiers = Dossier.objects.all() if dossiers is None else dossiers

    def clean(self):
        data = super().clean()
        code = (data.get("dossier_code") or "").strip()
        data["dossier"] = None
        if data.get("decision") == LINE_APPLY and code:
            data["dossier"] = self.dossiers.filter(code__iexact=code).first()
            if data["dossier"] is None:
                self.add_error("dossier_code", f"Không có hồ sơ mã “{code}”.")
        return data
