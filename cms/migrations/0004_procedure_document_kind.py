"""Required documents get a kind (required, conditional, shown at the counter, note, eForm) and
the condition a conditional paper applies in; ``is_required`` becomes ``kind == "required"``.

Existing rows, and the documents inside each procedure's latest revision (so that publishing a
pending draft keeps the classification), are classified by the importer's own rule,
``cms.catalogue.documents.classify_document``. A row an editor had unticked as not required stays
optional (conditional) even where the rule would say required.
"""

from django.db import migrations, models

from cms.catalogue.documents import CONDITIONAL, REQUIRED, classify_document


def _classify(name, group, quantity, is_required):
    kind, condition = classify_document(name or "", group or "", quantity or "")
    if not is_required and kind == REQUIRED:
        kind = CONDITIONAL
    return kind, condition


def classify_existing(apps, schema_editor):
    ProcedureDocument = apps.get_model("cms", "ProcedureDocument")
    changed = []
    for document in ProcedureDocument.objects.all().iterator():
        document.kind, document.condition = _classify(
            document.name, document.group, document.quantity, document.is_required
        )
        changed.append(document)
    ProcedureDocument.objects.bulk_update(changed, ["kind", "condition"], batch_size=500)

    ProcedurePage = apps.get_model("cms", "ProcedurePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    latest = ProcedurePage.objects.exclude(latest_revision=None).values_list("latest_revision_id", flat=True)
    revisions = []
    for revision in Revision.objects.filter(pk__in=list(latest)).iterator():
        content = revision.content or {}
        documents = content.get("required_documents") or []
        for item in documents:
            item["kind"], item["condition"] = _classify(
                item.get("name"), item.get("group"), item.get("quantity"), item.pop("is_required", True)
            )
        if documents:
            revisions.append(revision)
    Revision.objects.bulk_update(revisions, ["content"], batch_size=200)


def restore_is_required(apps, schema_editor):
    ProcedureDocument = apps.get_model("cms", "ProcedureDocument")
    ProcedureDocument.objects.exclude(kind=REQUIRED).update(is_required=False)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_vietnamese_workflow_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="proceduredocument",
            name="kind",
            field=models.CharField(
                choices=[
                    ("required", "Bắt buộc nộp"),
                    ("conditional", "Nộp trong trường hợp cụ thể"),
                    ("present", "Chỉ xuất trình tại Bộ phận Một cửa"),
                    ("note", "Lưu ý (không phải giấy tờ)"),
                    ("eform", "Tờ khai điện tử (thay bằng biểu mẫu trực tuyến)"),
                ],
                default="required",
                max_length=12,
                verbose_name="loại",
            ),
        ),
        migrations.AddField(
            model_name="proceduredocument",
            name="condition",
            field=models.TextField(
                blank=True,
                help_text=(
                    "Với giấy tờ nộp trong trường hợp cụ thể: trường hợp người dân đánh dấu nếu áp dụng với mình, "
                    "ví dụ «Trường hợp ủy quyền thực hiện việc đăng ký khai sinh»."
                ),
                verbose_name="trường hợp áp dụng",
            ),
        ),
        migrations.RunPython(classify_existing, restore_is_required),
        migrations.RemoveField(model_name="proceduredocument", name="is_required"),
    ]
