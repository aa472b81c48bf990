"""The forms of the submission wizard's steps, and how their answers read back.

Standard steps surround the editor-built declaration: applicant → declaration steps → documents
→ delivery → review → commitment. Fields may depend on another field ("show only when …"): a
hidden field is neither required nor kept, on the server as in the browser.
"""

from collections.abc import Sequence
from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from forms.files.uploads import ACCEPT_ATTRIBUTE, ALLOWED_TYPES_LABEL, FILE_ERRORS, validate_total_size, validate_upload
from forms.intake.blocks import fold_key
from forms.intake.fields import AddressField, IdNumberField, PhoneField, format_address
from forms.models import DeliveryMethod, SubmissionChannel
from forms.payments.fees import NO_CASE_LABEL
from portal.inputs import CleanInputFormMixin

STEP_APPLICANT = "nguoi-nop"
STEP_REQUEST = "de-nghi"
STEP_DOCUMENTS = "giay-to"
STEP_DELIVERY = "nhan-ket-qua"
STEP_REVIEW = "kiem-tra"
STEP_CONFIRM = "cam-doan"
NO_FEE_CASE = "khong"  # the radio value of "Không thuộc trường hợp nào trên" (a choice cannot be "")

APPLYING_FOR = [("self", "Cho bản thân tôi"), ("other", "Nộp thay cho người khác")]


class StepForm(CleanInputFormMixin, forms.Form):
    """A wizard step: a title, an ordered layout (fields and headings) and display conditions.

    ``conditions`` maps a field name to (controlling field name, expected value). The controlling
    field is in this form or among ``prior_answers`` (answers of earlier steps, by key).
    """

    title = ""
    intro = ""
    required_css_class = "field--required"
    error_css_class = "field--error"

    def __init__(self, *args, prior_answers: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.prior_answers = prior_answers or {}
        self.conditions: dict[str, tuple[str, str]] = dict(getattr(self, "base_conditions", {}))
        self.layout: list[tuple[str, object]] = [("field", name) for name in self.fields]

    def _controlling_value(self, name: str):
        if name in self.fields:
            if not self.is_bound:
                return self[name].initial
            return self[name].field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        return self.prior_answers.get(name)

    def is_shown(self, name: str) -> bool:
        """Whether the field ``name`` applies, given the value of the field it depends on."""
        if name not in self.conditions:
            return True
        controlling, expected = self.conditions[name]
        if controlling in self.conditions and not self.is_shown(controlling):
            return False
        value = self._controlling_value(controlling)
        values = value if isinstance(value, (list, tuple)) else [value]
        values = [str(v) for v in values if v not in (None, "")]
        return expected in values or fold_key(expected) in values

    def full_clean(self):
        hidden = [name for name in self.fields if not self.is_shown(name)] if self.is_bound else []
        saved = {name: self.fields[name].required for name in hidden}
        for name in hidden:
            self.fields[name].required = False
        super().full_clean()
        for name, required in saved.items():
            self.fields[name].required = required
            if hasattr(self, "cleaned_data"):
                self.cleaned_data.pop(name, None)
            self._errors.pop(name, None) if self._errors else None

    def condition_attrs(self, name: str) -> dict[str, str]:
        """HTML data attributes the browser script uses to show or hide the field's block."""
        if name not in self.conditions:
            return {}
        controlling, expected = self.conditions[name]
        target = self.add_prefix(controlling) if controlling in self.fields else ""
        value = fold_key(expected)
        choices = getattr(self.fields.get(controlling), "choices", None) or ()
        if str(expected) in {str(key) for key, _label in choices}:
            value = str(expected)  # the input's own value (a document slot is a number, not a label)
        return {"field": target, "value": value, "raw": expected}

    def render_items(self) -> list[dict]:
        """The layout ready for the template: headings, and fields with their condition attributes."""
        items = []
        for kind, item in self.layout:
            if kind == "heading":
                items.append({"kind": "heading", "value": item})
            else:
                items.append(
                    {"kind": "field", "field": self[item], "condition": self.condition_attrs(item), "kept": None}
                )
        return items

    def rows(self) -> list[tuple[str, str]]:
        """(label, answer) pairs for the review step; hidden and empty fields left out.

        A field under a section heading is labelled with it ("Người mẹ: Họ, chữ đệm, tên"): the
        labels of a declaration repeat for each person it names, and the rows are read without
        the headings (check-your-answers, the officer's view, the receipt).
        """
        rows = []
        heading = ""
        for kind, item in self.layout:
            if kind == "heading":
                heading = str(item["heading"]).strip()
                continue
            if item not in self.cleaned_data:
                continue
            text = self.display(item, self.cleaned_data[item])
            if text:
                label = str(self.fields[item].label)
                rows.append((f"{heading}: {label}" if heading else label, text))
        return rows

    def display(self, name: str, value) -> str:
        field = self.fields[name]
        if value in (None, "", []):
            return ""
        if isinstance(value, bool):
            return "Có" if value else "Không"
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, dict):
            return format_address(value)
        if hasattr(field, "choices"):
            labels = {str(k): str(v) for k, v in field.choices}
            if isinstance(value, (list, tuple)):
                return "; ".join(labels.get(str(v), str(v)) for v in value)
            return labels.get(str(value), str(value))
        return str(value)

    def answers(self) -> dict:
        """Cleaned values as JSON data (dates as ISO strings)."""
        result = {}
        for name, value in self.cleaned_data.items():
            if isinstance(value, date):
                value = value.isoformat()
            result[name] = value
        return result


class ApplicantForm(StepForm):
    """Người nộp hồ sơ: who submits, how to reach them, and whether they act for someone else."""

    title = "Người nộp hồ sơ"
    intro = "Thông tin của người trực tiếp nộp hồ sơ; dùng để liên hệ và tra cứu kết quả."

    full_name = forms.CharField(label="Họ, chữ đệm và tên", max_length=255)
    id_number = IdNumberField(
        label="Số định danh cá nhân (CCCD)", help_text="12 chữ số, in trên thẻ căn cước hoặc căn cước công dân."
    )
    date_of_birth = forms.DateField(
        label="Ngày, tháng, năm sinh",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Ngày sinh không hợp lệ; hãy nhập theo dạng ngày/tháng/năm."},
    )
    phone = PhoneField(label="Số điện thoại di động", help_text="Dùng cùng mã hồ sơ để tra cứu.")
    email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        help_text="Không bắt buộc. Nếu có, chúng tôi gửi đường dẫn tiếp tục, giấy tiếp nhận và thông báo.",
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    address = AddressField(label="Nơi cư trú")
    applying_for = forms.ChoiceField(
        label="Ông/bà nộp hồ sơ",
        choices=APPLYING_FOR,
        widget=forms.RadioSelect,
        error_messages={"required": "Hãy cho biết ông/bà nộp cho bản thân hay nộp thay người khác."},
    )
    represented_name = forms.CharField(label="Họ và tên người được nộp thay", max_length=255)
    relationship = forms.CharField(
        label="Quan hệ với người được nộp thay", max_length=100, help_text="Ví dụ: cha, mẹ, con, người được ủy quyền."
    )

    base_conditions = {
        "represented_name": ("applying_for", "other"),
        "relationship": ("applying_for", "other"),
    }

    def __init__(self, *args, ask_on_behalf: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_on_behalf:
            # The declaration names the people concerned (a child to register …): not asked twice.
            for name in ("applying_for", "represented_name", "relationship"):
                del self.fields[name]
                self.conditions.pop(name, None)
            self.layout = [item for item in self.layout if item[1] in self.fields]

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value and (value > date.today() or value.year < 1900):
            raise ValidationError("Ngày sinh phải ở trong quá khứ.")
        return value


def declaration_field_labels(declaration_steps) -> dict[str, tuple[str, str]]:
    """Map every field key of a whole declaration to (field label, step title).

    Labels repeat across a declaration ("Ngày, tháng, năm sinh" of the child, the mother, the
    father), so a message about another field names its step too.
    """
    labels: dict[str, tuple[str, str]] = {}
    for _name, step_value in declaration_steps:
        for child in step_value["fields"]:
            if getattr(child.block, "is_input", False):
                labels[child.block.field_key(child.value)] = (child.value["label"], step_value["title"])
    return labels


def _as_date(value) -> date | None:
    """A cleaned value if it is a date (empty, invalid and hidden fields have none)."""
    return value if isinstance(value, date) else None


def declaration_date_rules(declaration_steps) -> list[tuple[str, str]]:
    """Every date-order rule of a whole declaration as (date key, key of the date it must precede).

    A rule may be set on either field, so a step also checks rules set on fields of other steps.
    """
    rules: list[tuple[str, str]] = []
    for _name, step_value in declaration_steps:
        for child in step_value["fields"]:
            if getattr(child.block, "is_input", False) and child.value.get("before_field"):
                rules.append((child.block.field_key(child.value), child.value["before_field"]))
    return rules


def declaration_form_class(
    step_value,
    *,
    field_labels: dict[str, tuple[str, str]] | None = None,
    date_rules: list[tuple[str, str]] | None = None,
) -> type[StepForm]:
    """Build the form class of one editor-made declaration step.

    ``field_labels`` (see ``declaration_field_labels``) names fields of the whole declaration, so
    a date-order error can say which other date is meant. ``date_rules`` (see
    ``declaration_date_rules``) are the whole declaration's; without them, the step's own.
    """
    fields: dict[str, forms.Field] = {}
    layout: list[tuple[str, object]] = []
    conditions: dict[str, tuple[str, str]] = {}
    blocks_by_key: dict[str, tuple] = {}
    before_rules: dict[str, str] = {}
    labels = dict(field_labels or {})
    for child in step_value["fields"]:
        if not getattr(child.block, "is_input", False):
            layout.append(("heading", child.value))
            continue
        key = child.block.field_key(child.value)
        fields[key] = child.block.build_field(child.value)
        layout.append(("field", key))
        blocks_by_key[key] = (child.block, child.value)
        labels.setdefault(key, (child.value["label"], step_value["title"]))
        if child.value.get("condition_field"):
            conditions[key] = (child.value["condition_field"], child.value["condition_value"])
        if child.value.get("before_field"):
            before_rules[key] = child.value["before_field"]
    rules = list(before_rules.items()) if date_rules is None else list(date_rules)

    def __init__(self, *args, **kwargs):
        StepForm.__init__(self, *args, **kwargs)
        self.layout = list(layout)

    def other_date(self, name: str) -> date | None:
        """The date entered in field ``name`` (this step or an earlier one), None if empty or hidden."""
        if name in self.fields:
            if not self.is_shown(name):
                return None
            return _as_date(self.cleaned_data.get(name))
        return _as_date(self.prior_answers.get(name))

    def clean(self):
        """Each date with a ``before_field`` rule must be strictly before the other field's date.

        Checked once both dates are known, in the step of either field; the error goes on this
        step's field.
        """
        cleaned = StepForm.clean(self)
        for key, other in rules:
            if key not in self.fields and other not in self.fields:
                continue
            earlier, later = self.other_date(key), self.other_date(other)
            if earlier is None or later is None or earlier < later:
                continue
            if key in self.fields:
                label, title = labels.get(other, (other, self.title))
                message = f"Ngày này phải trước ngày đã khai ở mục “{label}” của bước “{title}” ({later:%d/%m/%Y})."
                self.add_error(key, ValidationError(message, code="not_before"))
            else:
                label, title = labels.get(key, (key, self.title))
                message = f"Ngày này phải sau ngày đã khai ở mục “{label}” của bước “{title}” ({earlier:%d/%m/%Y})."
                self.add_error(other, ValidationError(message, code="not_after"))
        return cleaned

    def answers(self):
        return {
            key: blocks_by_key[key][0].to_answer(blocks_by_key[key][1], value)
            for key, value in self.cleaned_data.items()
        }

    def display(self, name, value):
        block, block_value = blocks_by_key[name]
        return block.display(block_value, block.to_answer(block_value, value))

    attrs = {
        **fields,
        "title": step_value["title"],
        "intro": step_value.get("intro") or "",
        "base_conditions": conditions,
        "__init__": __init__,
        "other_date": other_date,
        "clean": clean,
        "answers": answers,
        "display": display,
    }
    return type("DeclarationForm", (StepForm,), attrs)


MISSING_REQUIRED = "Hãy tải lên tệp của giấy tờ bắt buộc này."
MISSING_TICKED = "Hãy tải lên tệp của giấy tờ này (cần cho trường hợp ông/bà đã đánh dấu)."
CHANNEL_CHOICES = [
    (SubmissionChannel.ONLINE.value, "Tải lên bản chụp giấy tờ ngay bây giờ (nộp trực tuyến)"),
    (SubmissionChannel.POST.value, "Gửi bộ hồ sơ giấy qua bưu điện (bưu chính công ích)"),
]


class DocumentsForm(StepForm):
    """Thành phần hồ sơ: the procedure's papers as the counter asks for them.

    One upload slot per required paper; conditional papers ("Trường hợp …") are listed as cases
    the citizen ticks, and a ticked case asks for its paper; papers shown at the counter and the
    catalogue's notes are listed, never uploaded. Where the procedure also accepts the public
    postal service, the citizen may send the papers by post instead (files then optional).
    ``kept`` maps slot → DraftFile already stored for this draft; a new upload replaces it.
    ``saved`` are the signed-in citizen's documents kept in the account (``accounts.SavedDocument``):
    each slot then offers them instead of an upload, and a picked one counts against the dossier's
    size limit as if uploaded. ``offer_keep`` adds the choice to keep this dossier's files in the account.
    """

    title = "Thành phần hồ sơ"
    intro = f"Tải lên bản chụp hoặc bản scan rõ nét của từng giấy tờ ({ALLOWED_TYPES_LABEL})."

    def __init__(
        self,
        *args,
        documents=(),
        listing=None,
        kept=None,
        online: bool = True,
        postal: bool = False,
        saved=(),
        offer_keep: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.documents = list(documents)
        self.saved = {str(document.pk): document for document in saved}
        self.listing = listing
        self.kept = dict(kept or {})
        self.online_allowed = online or not postal
        self.postal_allowed = postal
        layout: list[tuple[str, object]] = []
        if self.online_allowed and self.postal_allowed:
            self.fields["channel"] = forms.ChoiceField(
                label="Ông/bà nộp giấy tờ bằng cách nào?",
                choices=CHANNEL_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": "Hãy chọn cách nộp giấy tờ."},
            )
            layout.append(("field", "channel"))
        conditional = [doc for doc in self.documents if doc.conditional]
        if conditional:
            self.fields["cases"] = forms.MultipleChoiceField(
                label="Trường hợp nào dưới đây áp dụng với ông/bà?",
                help_text="Đánh dấu các trường hợp đúng với hồ sơ của mình; mỗi trường hợp cần thêm giấy tờ ghi kèm.",
                choices=[(doc.key, doc.condition or doc.name) for doc in conditional],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        for doc in self.documents:
            name = f"doc_{doc.key}"
            self.fields[name] = forms.FileField(
                label=doc.name.rstrip(" .;,:"),  # the error summary adds ": message"
                required=False,
                error_messages=FILE_ERRORS,
                help_text=doc.quantity,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
            )
            self.fields[name].is_required_document = doc.required
            if doc.conditional:
                self.conditions[name] = ("cases", doc.key)
            if self.saved:
                self.fields[f"saved_{doc.key}"] = forms.ChoiceField(
                    label=f"Hoặc dùng giấy tờ đã lưu trong tài khoản cho “{doc.name.rstrip(' .;,:')}”",
                    required=False,
                    choices=[("", "— Không dùng —"), *self._saved_choices(doc.name)],
                    error_messages={"invalid_choice": "Giấy tờ đã chọn không còn trong tài khoản; hãy chọn lại."},
                )
                if doc.conditional:
                    self.conditions[f"saved_{doc.key}"] = ("cases", doc.key)

        def with_saved(docs):
            items = []
            for doc in docs:
                items.append(("field", f"doc_{doc.key}"))
                if self.saved:
                    items.append(("field", f"saved_{doc.key}"))
            return items

        layout += with_saved([doc for doc in self.documents if not doc.conditional])  # required, optional
        if conditional:
            layout.append(("field", "cases"))
            layout += with_saved(conditional)
        if offer_keep and self.documents:
            self.fields["keep_in_account"] = forms.BooleanField(
                label="Lưu các tệp của hồ sơ này vào tài khoản để dùng lại cho hồ sơ sau",
                required=False,
                help_text="Có thể xem và xóa tại mục “Giấy tờ đã lưu” của tài khoản.",
            )
            layout.append(("field", "keep_in_account"))
        self.layout = layout
        self.limit_label = filesizeformat(settings.FORMS_UPLOAD_MAX_FILE_SIZE)

    def _saved_choices(self, slot_name: str) -> list[tuple[str, str]]:
        """The saved documents, those kept for a paper of the same name first."""
        same = [d for d in self.saved.values() if d.kind and d.kind.strip().lower() == slot_name.strip().lower()]
        others = [d for d in self.saved.values() if d not in same]
        return [(str(d.pk), f"{d.label} – {d.original_name} ({filesizeformat(d.size)})") for d in [*same, *others]]

    def slot_of(self, name: str) -> str:
        return name.removeprefix("doc_").removeprefix("saved_")

    def picked(self) -> dict:
        """Slot → saved document the citizen picked for it, where no file was uploaded for that slot."""
        cleaned = getattr(self, "cleaned_data", {})
        picked = {}
        for doc in self.documents:
            choice = cleaned.get(f"saved_{doc.key}")
            if choice and not cleaned.get(f"doc_{doc.key}") and f"saved_{doc.key}" not in self.errors:
                picked[doc.key] = self.saved[choice]
        return picked

    def keep_in_account(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get("keep_in_account"))

    def channel(self) -> str:
        """How the papers come: uploaded now, or by post (the citizen's choice, or the only way allowed)."""
        if "channel" in self.fields:
            return self.cleaned_data.get("channel") or SubmissionChannel.ONLINE
        return SubmissionChannel.ONLINE if self.online_allowed else SubmissionChannel.POST

    def ticked(self) -> list[str]:
        """Slots of the conditional papers whose case the citizen ticked."""
        return list(self.cleaned_data.get("cases") or [])

    def clean(self):
        cleaned = super().clean()
        by_post = self.channel() == SubmissionChannel.POST
        ticked = set(self.ticked())
        picked = self.picked()
        total = 0
        for doc in self.documents:
            name = f"doc_{doc.key}"
            upload = cleaned.get(name)
            kept = self.kept.get(doc.key)
            if upload:
                total += upload.size
            elif doc.key in picked and (not doc.conditional or doc.key in ticked):
                total += picked[doc.key].size  # as if uploaded
            elif kept and (not doc.conditional or doc.key in ticked):
                total += kept.size
            elif not by_post and doc.needed(ticked) and name not in self.errors:
                # Shown under the document's name, and after it in the error summary: not named again.
                self.add_error(name, MISSING_REQUIRED if doc.required else MISSING_TICKED)
        try:
            validate_total_size(total)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def _clean_fields(self):
        super()._clean_fields()
        for name in list(self.cleaned_data):
            upload = self.cleaned_data[name]
            if not name.startswith("doc_") or not upload:
                continue
            try:
                validate_upload(upload)
            except ValidationError as error:
                self.add_error(name, error)

    def render_items(self):
        items = super().render_items()
        for item in items:
            if item["kind"] == "field" and item["field"].name.startswith("doc_"):
                item["kept"] = self.kept.get(self.slot_of(item["field"].name))
        return items

    def rows(self):
        """What the citizen gives: the way the papers come, the cases ticked, the files kept."""
        rows = []
        if "channel" in self.fields or not self.online_allowed:
            labels = dict(CHANNEL_CHOICES)
            rows.append(("Cách nộp giấy tờ", labels[self.channel()]))
        ticked = set(self.ticked())
        for doc in self.documents:
            if doc.conditional and doc.key in ticked:
                rows.append(("Trường hợp áp dụng", doc.condition or doc.name))
        for doc in self.documents:
            kept = self.kept.get(doc.key)
            if kept and (not doc.conditional or doc.key in ticked):
                rows.append((doc.name, f"{kept.original_name} ({filesizeformat(kept.size)})"))
        return rows

    def answers(self):
        """The cases ticked, as the names the officer reads (the files go as attachments)."""
        ticked = set(self.ticked())
        ticked_docs = [doc for doc in self.documents if doc.conditional and doc.key in ticked]
        if not ticked_docs:
            return {}
        return {
            "document_cases": [doc.condition or doc.name for doc in ticked_docs],
            "document_conditions": [doc.key for doc in ticked_docs],
        }


class DeliveryForm(StepForm):
    """Cách nhận kết quả: at the counter, or by public post where the procedure allows it."""

    title = "Cách nhận kết quả"
    intro = ""

    method = forms.ChoiceField(
        label="Ông/bà muốn nhận kết quả", choices=DeliveryMethod.choices, widget=forms.RadioSelect, initial="counter"
    )
    address = AddressField(label="Địa chỉ nhận kết quả qua bưu chính")
    extra_copies = forms.IntegerField(
        label="Số bản sao thêm",
        min_value=0,
        max_value=20,
        initial=0,
        help_text="Số bản sao trích lục hoặc bản sao kết quả cần thêm (nếu thủ tục cho phép), tối đa 20.",
        error_messages={
            "min_value": "Số bản sao không được âm.",
            "max_value": "Tối đa 20 bản sao.",
            "invalid": "Hãy nhập một số.",
        },
    )

    base_conditions = {"address": ("method", DeliveryMethod.POST.value)}

    def __init__(
        self,
        *args,
        postal_return: bool = False,
        fee_note: str = "",
        ask_copies: bool = True,
        fee_cases: Sequence[str] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.postal_return = postal_return
        self.fee_note = fee_note
        if fee_cases:
            # Issue 13: the case decides the amount due (an exemption, a reduced rate); asked here,
            # beside the extra copies, so the check-your-answers step can show the total.
            self.fields["fee_case"] = forms.ChoiceField(
                label="Trường hợp thu phí",
                choices=[(case, case) for case in fee_cases] + [(NO_FEE_CASE, NO_CASE_LABEL)],
                widget=forms.RadioSelect,
                help_text="Chọn trường hợp của ông/bà nếu có; số tiền phải nộp hiện ở bước Kiểm tra lại.",
                error_messages={
                    "required": "Hãy chọn trường hợp thu phí của ông/bà.",
                    "invalid_choice": "Trường hợp thu phí không thuộc thủ tục này; hãy chọn lại.",
                },
            )
            self.layout.append(("field", "fee_case"))
        if not ask_copies:  # the declaration already asks how many copies
            del self.fields["extra_copies"]
            self.layout = [item for item in self.layout if item[1] != "extra_copies"]
        if not postal_return:
            self.fields["method"].choices = [(DeliveryMethod.COUNTER.value, DeliveryMethod.COUNTER.label)]
            del self.fields["address"]
            self.conditions.pop("address", None)
            self.layout = [item for item in self.layout if item[1] != "address"]

    def fee_case(self) -> str:
        """The fee case chosen, "" for none (the general items) or when the procedure has no cases."""
        case = getattr(self, "cleaned_data", {}).get("fee_case") or ""
        return "" if case == NO_FEE_CASE else case


class RequestForm(StepForm):
    """Nội dung đề nghị: what the citizen asks for, in the standard flow (no editor-built declaration).

    The catalogue's electronic declaration ("Mẫu … điện tử tương tác") has no form on this portal
    yet; the officer reads the request here and may ask for completion (Mẫu 02) if anything is missing.
    """

    title = "Nội dung đề nghị"
    intro = "Ghi ngắn gọn việc ông/bà đề nghị giải quyết; Bộ phận Một cửa đọc phần này khi kiểm tra hồ sơ."

    request = forms.CharField(
        label="Ông/bà đề nghị giải quyết việc gì?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ví dụ: cấp Giấy xác nhận tình trạng hôn nhân để đăng ký kết hôn. Tối đa 2.000 ký tự.",
        error_messages={
            "required": "Hãy ghi nội dung đề nghị.",
            "max_length": "Nội dung đề nghị tối đa 2.000 ký tự (hiện có %(show_value)d).",
        },
    )


class ReviewForm(StepForm):
    """Kiểm tra lại: every answer by section, each with a "Sửa" link back to its step."""

    title = "Kiểm tra lại"
    intro = "Hãy đọc lại toàn bộ thông tin. Bấm “Sửa” ở mục nào để quay lại sửa mục đó."

    def rows(self):
        return []


class ConfirmForm(StepForm):
    """Cam đoan và nộp hồ sơ."""

    title = "Cam đoan và nộp"
    intro = ""

    agree = forms.BooleanField(
        label="Tôi đã đọc và cam đoan như trên",
        error_messages={"required": "Hãy đánh dấu ô cam đoan để nộp hồ sơ."},
    )

    def rows(self):
        return []
