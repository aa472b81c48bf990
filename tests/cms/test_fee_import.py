"""The importer's writing of fee items (issue 13) and its report of what it could not read.

24 real commune-level records (tests/data/tthc/cap_xa.jsonl.gz). Items are written only when
every channel's fee cell was read plainly (``cms.catalogue.fees``); the rest are left for editors
and listed per procedure code, in the command's output and in the admin import's report. Items an
editor changed are never overwritten by a re-import: a national change becomes a proposal.
"""

import gzip
import io
import json
from pathlib import Path

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from cms.models import CatalogueImport, ImportStatus, ProcedureFee, ProcedureImportState, ProcedurePage
from cms.models import ProcedureUpdateProposal as Proposal
from cms.services import procedures_import, proposal_accept

pytestmark = pytest.mark.django_db
COUNCIL = "Mức thu do Hội đồng nhân dân cấp tỉnh quyết định; văn bản không ghi số tiền áp dụng ở xã."
CORPUS = Path(__file__).resolve().parent.parent / "data" / "tthc" / "cap_xa.jsonl.gz"

# code: items as (channel, kind, amount, unit, case), read by hand from the record's fee cells.
# The online and counter cases of a temporary residence ("Trường hợp công dân nộp hồ sơ qua cổng
# dịch vụ công trực tuyến") only restate the item's channel, so the importer drops them.
FILLED = {
    "1.001193": [("", "phi_le_phi", 0, "", "")],
    "1.000419": [("", "phi_le_phi", 0, "", "")],
    "1.004194": [
        ("online", "phi_le_phi", 7000, "lần đăng ký", ""),
        ("in_person", "phi_le_phi", 10000, "người/lần đăng ký", ""),
    ],
    "1.010038": [
        ("in_person", "phi_le_phi", 10000, "lần đăng ký", ""),
        ("online", "phi_le_phi", 5000, "lần đăng ký", ""),
    ],
    "2.001827": [("", "phi", 700000, "cơ sở", "")],
    "1.000014": [("", "phi_le_phi", 20000, "tờ khai", "")],
    "1.007855": [
        ("online", "phi_le_phi", 20000, "tờ khai", ""),
        ("online", "le_phi", 0, "", "trường hợp chuyển sang hợp đồng gia công khác"),
        ("in_person", "phi_le_phi", 0, "", ""),
    ],
    "1.007857": [("online", "le_phi", 20000, "tờ khai hải quan", ""), ("in_person", "phi_le_phi", 0, "", "")],
    "1.009091": [("", "le_phi", 500000, "phương tiện", "")],
    "1.001342": [("", "phi_le_phi", 20000, "", "")],
}
# code: the start of the first problem reported; none of these gets items, even those partly read.
LEFT = {
    "1.002755": "Trực tuyến: mức thu 5.000 đồng khác với ghi chú (7.000 đồng).",
    "1.003133": "Trực tiếp: mức thu 40 đồng khác với ghi chú (4.000 đồng).",
    "1.012680": "Trực tuyến: mức thu 25 đồng khác với ghi chú (25.000.000 đồng).",
    "1.014364": "Trực tuyến: mức thu 50.000 đồng khác với ghi chú (0 đồng).",
    "1.009092": "Trực tiếp: mức thu 500 đồng quá nhỏ",
    "1.007879": "Mức thu 20 đồng quá nhỏ",
    "1.007891": "Ô ghi “Miễn phí” nhưng ghi chú nêu mức thu 20.000 đồng.",
    "1.001612": "Mức thu do Hội đồng nhân dân cấp tỉnh quyết định",
    "1.004873": "Mức thu do Hội đồng nhân dân cấp tỉnh quyết định",
    "1.000894": "Ghi mức thu theo văn bản khác, không ghi số tiền (Phí cấp bản sao Trích lục kết hôn",
    "1.004837": "Trực tuyến, Dịch vụ bưu chính: ghi mức thu theo văn bản khác",
    "1.012753": "Ghi mức thu theo văn bản khác, không ghi số tiền (Theo quy định của Luật phí và lệ phí",
    "1.014063": "Trực tiếp, Trực tuyến: mức thu tính theo tỷ lệ phần trăm",
    "1.000253": "Văn bản không có thông tin về phí, lệ phí.",
}


@pytest.fixture(scope="module")
def records():
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        by_code = {record["ma_thu_tuc"]: record for record in map(json.loads, handle)}
    return [by_code[code] for code in [*FILLED, *LEFT]]


def items_of(code):
    page = ProcedurePage.objects.get(code=code)
    return [(i.channel, i.kind, i.amount, i.unit, i.case) for i in page.fee_items.order_by("sort_order")]


def test_fee_items_are_filled_where_the_text_states_them_and_the_rest_reported(procedure_index, records):
    assert len(records) == 24
    result = procedures_import(records=records, parent=procedure_index, all_levels=True)
    assert result.created == 24
    for code, expected in FILLED.items():
        assert items_of(code) == expected, code
    for code in LEFT:
        assert items_of(code) == [], code
    assert result.fees_read == 10
    assert [row["code"] for row in result.fees_left] == list(LEFT)
    for row in result.fees_left:
        assert row["problems"][0].startswith(LEFT[row["code"]]), row
    report = result.fee_report()
    assert report[:2] == [
        "Phí, lệ phí: đọc được 10 thủ tục, để biên tập viên nhập 14.",
        "  1.002755: Trực tuyến: mức thu 5.000 đồng khác với ghi chú (7.000 đồng).",
    ]
    assert len(report) == 15


def test_a_reimport_changes_nothing(procedure_index, records):
    procedures_import(records=records, parent=procedure_index, all_levels=True)
    again = procedures_import(records=records, parent=procedure_index, all_levels=True)
    assert (again.created, again.updated, again.proposed, again.unchanged) == (0, 0, 0, 24)
    assert ProcedureFee.objects.count() == 15


def _edit_items(code, items, user):
    page = ProcedurePage.objects.get(code=code)
    page.fee_items = [ProcedureFee(sort_order=i, **item) for i, item in enumerate(items)]
    page.save_revision(user=user).publish(user=user, skip_permission_checks=True)


def _record(records, code, fee_cell):
    record = dict(next(r for r in records if r["ma_thu_tuc"] == code))
    record["cach_thuc_thuc_hien"] = f"Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp15 Ngày{fee_cell}"
    return record


def test_items_an_editor_changed_are_kept_and_a_national_change_becomes_a_proposal(procedure_index, records):
    editor = get_user_model().objects.create_user("bientap", password="x")
    procedures_import(records=[_record(records, "1.001342", "20,000 VNĐ")], parent=procedure_index)
    _edit_items("1.001342", [{"kind": "le_phi", "name": "Lệ phí chứng thực", "amount": 25000}], editor)

    same = procedures_import(records=[_record(records, "1.001342", "20,000 VNĐ")], parent=procedure_index)
    assert same.unchanged == 1 and not Proposal.objects.exists()
    changed = procedures_import(records=[_record(records, "1.001342", "30,000 VNĐ")], parent=procedure_index)
    # The catalogue's text fields the editor left alone are updated; the items wait for a decision.
    assert changed.updated == 1 and changed.details[0]["fields"] == ["channels", "fees"]
    assert items_of("1.001342") == [("", "le_phi", 25000, "", "")]
    proposal = Proposal.objects.get(field="fee_items")
    assert proposal.old_text == "- Lệ phí chứng thực: 25.000 đồng"
    assert proposal.new_text == "- Phí, lệ phí: 30.000 đồng"
    proposal_accept(proposal=proposal, user=editor)
    assert items_of("1.001342") == [("", "phi_le_phi", 30000, "", "")]


def test_a_national_change_updates_items_the_editor_left_alone(procedure_index, records):
    procedures_import(records=[_record(records, "1.001342", "20,000 VNĐ")], parent=procedure_index)
    result = procedures_import(records=[_record(records, "1.001342", "30,000 VNĐ")], parent=procedure_index)
    assert result.updated == 1 and "fee_items" in result.details[0]["fields"]
    assert items_of("1.001342") == [("", "phi_le_phi", 30000, "", "")]


def test_an_unreadable_text_never_removes_items(procedure_index, records):
    procedures_import(records=[_record(records, "1.001342", "20,000 VNĐ")], parent=procedure_index)
    result = procedures_import(records=[_record(records, "1.001342", "Không có thông tin")], parent=procedure_index)
    assert items_of("1.001342") == [("", "phi_le_phi", 20000, "", "")]
    assert result.fees_left[0]["problems"] == ["Văn bản không có thông tin về phí, lệ phí."]


def test_items_an_editor_entered_before_imports_wrote_fees_are_the_communes(procedure_index, records):
    """A page imported before this change has an import state without fee items."""
    editor = get_user_model().objects.create_user("bientap", password="x")
    procedures_import(records=[_record(records, "1.001342", "20,000 VNĐ")], parent=procedure_index)
    state = ProcedureImportState.objects.get()
    state.fields = {name: value for name, value in state.fields.items() if name != "fee_items"}
    state.save()
    _edit_items("1.001342", [{"kind": "le_phi", "name": "Lệ phí chứng thực", "amount": 15000}], editor)

    result = procedures_import(records=[_record(records, "1.001342", "20,000 VNĐ")], parent=procedure_index)
    assert result.proposed == 1
    assert items_of("1.001342") == [("", "le_phi", 15000, "", "")]


def test_the_command_lists_what_it_could_not_read(procedure_index, records, tmp_path):
    path = tmp_path / "phi.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records[:10] + records[17:19]))
    out = io.StringIO()
    call_command("import_procedures", str(path), "--all-levels", stdout=out, stderr=io.StringIO())
    lines = out.getvalue().splitlines()
    assert lines == [
        "Phí, lệ phí: đọc được 10 thủ tục, để biên tập viên nhập 2.",
        "  1.001612: Mức thu do Hội đồng nhân dân cấp tỉnh quyết định; văn bản không ghi số tiền áp dụng ở xã.",
        "  1.004873: Mức thu do Hội đồng nhân dân cấp tỉnh quyết định; văn bản không ghi số tiền áp dụng ở xã.",
        "Đã tạo: 12, cập nhật: 0, không đổi: 0, bỏ qua: 0",
    ]


def test_the_admin_import_report_lists_the_fees_left_for_editors(
    client, procedure_index, records, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = get_user_model().objects.create_superuser("quantri", "quantri@example.com", "x")
    client.force_login(admin)
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in records[:2] + records[17:18])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("cms_catalogue_import_start"),
            {"file": SimpleUploadedFile("phi.jsonl", body.encode()), "all_levels": "on"},
        )
    run = CatalogueImport.objects.get()
    assert run.status == ImportStatus.PREVIEWED
    assert run.preview["fees"] == {
        "read": 2,
        "left": [
            {
                "code": "1.001612",
                "title": run.preview["fees"]["left"][0]["title"],
                "problems": [
                    "Mức thu do Hội đồng nhân dân cấp tỉnh quyết định; văn bản không ghi số tiền áp dụng ở xã."
                ],
            }
        ],
    }
    page = client.get(reverse("cms_catalogue_import", args=[run.pk])).content.decode()
    assert "Đọc được mức thu của 2 thủ tục." in page
    assert "Các thủ tục chưa đọc được phí, lệ phí (1)" in page
    assert "<td>1.001612</td>" in page
    assert f"<li>{COUNCIL}</li>" in page


def test_a_page_imported_before_fees_were_data_gets_its_items_on_the_next_import(procedure_index, records):
    procedures_import(records=[_record(records, "1.001342", "20,000 VNĐ")], parent=procedure_index)
    ProcedureFee.objects.all().delete()
    state = ProcedureImportState.objects.get()
    state.fields = {name: value for name, value in state.fields.items() if name != "fee_items"}
    state.save()

    result = procedures_import(records=[_record(records, "1.001342", "20,000 VNĐ")], parent=procedure_index)
    assert result.updated == 1 and result.details[0]["fields"] == ["fee_items"]
    assert items_of("1.001342") == [("", "phi_le_phi", 20000, "", "")]
