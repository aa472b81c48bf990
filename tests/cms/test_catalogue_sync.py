"""A safe catalogue import (issue 15): the commune's edits, drafts and moderation are respected,
national changes to edited fields become proposals, junk agencies are neither created nor kept.

Records are real ones of data/tthc/cap_xa.jsonl copied to tests/cms/data/."""

from pathlib import Path

import pytest

from django.contrib.auth import get_user_model

from wagtail.models import Revision, Workflow

from cms.importer import parse_record, read_records
from cms.models import Agency, ProcedureImportState, ProcedurePage, ProcedureUpdateProposal, ProposalStatus
from cms.services import (
    ProposalError,
    agencies_cleanup,
    procedure_upsert,
    procedures_import,
    procedures_unpublish_other_levels,
    proposal_accept,
    proposal_dismiss,
)
from tests import factories

DATA = Path(__file__).parent / "data"
CODE = "1.002755"  # Gia hạn tạm trú


@pytest.fixture(scope="module")
def sample() -> dict[str, dict]:
    return {raw["ma_thu_tuc"]: raw for raw in read_records(DATA / "catalogue_sample.jsonl")}


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("bientap", password="x", is_superuser=True)


def revisions(page) -> int:
    return Revision.page_revisions.filter(object_id=str(page.pk)).count()


def national_change(raw: dict) -> dict:
    """The same record after the ministry changed its conditions and its result."""
    return dict(raw, yeu_cau_dieu_kien="Điều kiện mới theo Luật Cư trú 2026.", ket_qua_xu_ly="Kết quả mới")


def edit_and_publish(page, editor, **fields) -> ProcedurePage:
    page = ProcedurePage.objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision(user=editor).publish(user=editor)
    return ProcedurePage.objects.get(pk=page.pk)


def test_an_edited_field_is_kept_and_its_national_change_proposed(procedure_index, sample, editor):
    page, _ = procedure_upsert(data=parse_record(sample[CODE]), parent=procedure_index, all_levels=False)
    local = "Người đề nghị gia hạn mang theo thẻ căn cước (quy định của xã)."
    page = edit_and_publish(page, editor, conditions=local)

    again = procedures_import(records=[sample[CODE]], parent=procedure_index)
    assert (again.unchanged, again.proposed) == (1, 0)  # the nation did not change it: nothing to say
    assert revisions(page) == 2

    changed = procedures_import(records=[national_change(sample[CODE])], parent=procedure_index)

    page = ProcedurePage.objects.get(pk=page.pk)
    assert changed.updated == 1 and changed.details[0]["fields"] == ["result"]
    assert page.conditions == local  # the commune's text
    assert page.result == "Kết quả mới"  # a field nobody edited follows the nation
    assert revisions(page) == 3
    (proposal,) = ProcedureUpdateProposal.objects.all()
    assert (proposal.page_id, proposal.field, proposal.status) == (page.pk, "conditions", ProposalStatus.PENDING)
    assert proposal.old_text == local
    assert proposal.new_text == "Điều kiện mới theo Luật Cư trú 2026."
    assert proposal.field_label == "Yêu cầu, điều kiện"

    # Importing the same national text again neither duplicates the proposal nor writes a revision.
    third = procedures_import(records=[national_change(sample[CODE])], parent=procedure_index)
    assert (third.unchanged, third.proposed, third.updated) == (1, 0, 0)
    assert ProcedureUpdateProposal.objects.count() == 1 and revisions(page) == 3


def test_accepting_a_proposal_publishes_the_national_text(procedure_index, sample, editor):
    page, _ = procedure_upsert(data=parse_record(sample[CODE]), parent=procedure_index)
    edit_and_publish(page, editor, conditions="Văn bản của xã")
    procedures_import(records=[national_change(sample[CODE])], parent=procedure_index)
    proposal = ProcedureUpdateProposal.objects.get()

    accepted = proposal_accept(proposal=proposal, user=editor)

    assert accepted.conditions == "Điều kiện mới theo Luật Cư trú 2026."
    assert accepted.live_revision.user == editor and not accepted.has_unpublished_changes
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == (ProposalStatus.ACCEPTED, editor)
    with pytest.raises(ProposalError, match="đã được xử lý"):
        proposal_accept(proposal=proposal, user=editor)
    # The field is the import's again: the next national change applies without a proposal.
    later = dict(national_change(sample[CODE]), yeu_cau_dieu_kien="Điều kiện năm 2027.")
    assert procedures_import(records=[later], parent=procedure_index).updated == 1
    assert ProcedurePage.objects.get(pk=page.pk).conditions == "Điều kiện năm 2027."


def test_dismissing_keeps_the_commune_text_and_is_not_proposed_again(procedure_index, sample, editor):
    page, _ = procedure_upsert(data=parse_record(sample[CODE]), parent=procedure_index)
    edit_and_publish(page, editor, conditions="Văn bản của xã")
    procedures_import(records=[national_change(sample[CODE])], parent=procedure_index)

    proposal_dismiss(proposal=ProcedureUpdateProposal.objects.get(), user=editor)
    result = procedures_import(records=[national_change(sample[CODE])], parent=procedure_index)

    assert (result.unchanged, result.proposed) == (1, 0)
    assert ProcedureUpdateProposal.objects.filter(status=ProposalStatus.PENDING).count() == 0
    assert ProcedurePage.objects.get(pk=page.pk).conditions == "Văn bản của xã"


def test_a_page_with_a_draft_is_not_touched(procedure_index, sample, editor):
    page, _ = procedure_upsert(data=parse_record(sample[CODE]), parent=procedure_index)
    draft = ProcedurePage.objects.get(pk=page.pk)
    draft.fees = "Bản nháp của biên tập viên"
    draft_revision = draft.save_revision(user=editor)

    result = procedures_import(records=[national_change(sample[CODE])], parent=procedure_index)

    page = ProcedurePage.objects.get(pk=page.pk)
    assert result.held == 1 and result.details[0]["outcome"] == "held"
    assert page.has_unpublished_changes and page.latest_revision_id == draft_revision.pk
    assert page.result != "Kết quả mới" and revisions(page) == 2
    assert page.get_latest_revision_as_object().fees == "Bản nháp của biên tập viên"
    assert not ProcedureUpdateProposal.objects.exists()
    with pytest.raises(ProposalError, match="bản nháp"):
        ProcedureUpdateProposal.objects.create(page=page, field="result", new_value="x", new_hash="x")
        proposal_accept(proposal=ProcedureUpdateProposal.objects.get(), user=editor)


def test_a_page_in_moderation_is_not_touched(procedure_index, sample, editor):
    page, _ = procedure_upsert(data=parse_record(sample[CODE]), parent=procedure_index)
    page = ProcedurePage.objects.get(pk=page.pk)
    page.save_revision(user=editor)
    workflow = Workflow.objects.filter(active=True).first()
    workflow.start(page, editor)
    page = ProcedurePage.objects.get(pk=page.pk)
    assert page.workflow_in_progress

    result = procedures_import(records=[national_change(sample[CODE])], parent=procedure_index)

    assert result.held == 1
    assert ProcedurePage.objects.get(pk=page.pk).result != "Kết quả mới"


def test_a_page_an_editor_wrote_before_any_import_gets_proposals_not_overwrites(procedure_index, sample, editor):
    page = factories.procedure_make(parent=procedure_index, title="Gia hạn tạm trú", code=CODE)
    page = edit_and_publish(page, editor, fees="50.000 đồng (Nghị quyết của HĐND tỉnh)")

    result = procedures_import(records=[sample[CODE]], parent=procedure_index)

    after = ProcedurePage.objects.get(pk=page.pk)
    assert result.proposed == 1 and result.updated == 0
    assert after.fees == "50.000 đồng (Nghị quyết của HĐND tỉnh)" and revisions(after) == revisions(page)
    assert ProcedureUpdateProposal.objects.filter(page=page, field="fees").exists()


def test_other_levels_are_not_created_but_pages_that_exist_are_kept_up_to_date(procedure_index):
    rows = list(read_records(DATA / "toa-an-nhan-dan.xlsx"))  # the courts: no commune-level agency

    assert procedures_import(records=rows, parent=procedure_index).other_level == 3
    assert not ProcedurePage.objects.exists()
    procedures_import(records=rows[:1], parent=procedure_index, all_levels=True)
    assert procedures_import(records=rows, parent=procedure_index).counts() == {
        "created": 0,
        "updated": 0,
        "proposed": 0,
        "unchanged": 1,
        "held": 0,
        "other_level": 2,
        "skipped": 0,
    }


def test_dry_run_says_what_would_happen_and_writes_nothing(procedure_index, sample, editor):
    page, _ = procedure_upsert(data=parse_record(sample[CODE]), parent=procedure_index)
    edit_and_publish(page, editor, conditions="Văn bản của xã")
    records = [national_change(sample[CODE]), sample["1.000253"], {"_line": 9, "ma_thu_tuc": "x"}]

    result = procedures_import(records=records, parent=procedure_index, dry_run=True)

    assert result.counts() == {
        "created": 1,
        "updated": 1,
        "proposed": 0,
        "unchanged": 0,
        "held": 0,
        "other_level": 0,
        "skipped": 1,
    }
    assert [(d["code"], d["outcome"], d["fields"]) for d in result.details] == [
        (CODE, "updated", ["result"]),
        ("1.000253", "created", []),
    ]
    assert ProcedurePage.objects.count() == 1 and not ProcedureUpdateProposal.objects.exists()
    assert ProcedurePage.objects.get(pk=page.pk).result != "Kết quả mới"


def test_sentences_of_the_catalogue_do_not_become_agencies(procedure_index):
    (raw,) = read_records(DATA / "junk_agencies.jsonl")  # 2.000942: the agency cell holds the steps
    assert "* Ghi đầy đủ lời chứng theo mẫu quy định" in raw["co_quan_thuc_hien"]

    procedures_import(records=[raw], parent=procedure_index)

    assert not Agency.objects.exists()


def test_agencies_are_matched_after_normalisation(procedure_index, sample):
    existing = Agency.objects.create(name="Công an cấp xã")
    procedure_upsert(data=parse_record(sample["1.000253"]), parent=procedure_index)  # "Công an cấp Xã"

    assert list(Agency.objects.all()) == [existing]
    assert list(ProcedurePage.objects.get(code="1.000253").agencies.all()) == [existing]


def test_cleanup_merges_spellings_and_removes_sentences(procedure_index):
    first = factories.procedure_make(parent=procedure_index, code="1.000001")
    second = factories.procedure_make(parent=procedure_index, code="1.000002")
    police = Agency.objects.create(name="Công an cấp xã")
    police_caps = Agency.objects.create(name="Công an cấp Xã")
    committee = factories.agency_make("Ủy ban nhân dân cấp xã")  # the factory gives every page this one
    committee_short = Agency.objects.create(name="UBND cấp xã")
    junk = Agency.objects.create(name="* Ghi đầy đủ lời chứng theo mẫu quy định")
    cut = Agency.objects.create(name="chứng thực tiến hành chụp từ bản chính giao dịch đang được lưu trữ")
    first.agencies.set([police, committee_short, junk])
    first.save()
    second.agencies.set([police_caps, police, committee, cut])
    second.save()

    preview = agencies_cleanup(dry_run=True)
    assert Agency.objects.count() == 6
    report = agencies_cleanup()

    assert (
        report.merged
        == preview.merged
        == [
            ("Công an cấp xã", ["Công an cấp Xã"]),
            ("Ủy ban nhân dân cấp xã", ["UBND cấp xã"]),
        ]
    )
    assert sorted(report.removed) == sorted([junk.name, cut.name]) and report.pages == 2
    assert sorted(Agency.objects.values_list("name", flat=True)) == ["Công an cấp xã", "Ủy ban nhân dân cấp xã"]
    for page in (first, second):
        names = sorted(ProcedurePage.objects.get(pk=page.pk).agencies.values_list("name", flat=True))
        assert names == ["Công an cấp xã", "Ủy ban nhân dân cấp xã"]
    assert agencies_cleanup().merged == []  # once is enough


def test_import_state_remembers_what_the_import_wrote(procedure_index, sample):
    page, _ = procedure_upsert(data=parse_record(sample[CODE]), parent=procedure_index)

    state = ProcedureImportState.objects.get(page=page)

    assert {"title", "fees", "documents", "agencies", "steps"} <= set(state.fields)
    assert state.fields["title"]["rank"] == state.fields["fees"]["rank"] > 4


def test_imported_procedures_of_other_levels_are_unpublished_once(procedure_index, sample, editor):
    import io

    from django.core.management import call_command

    courts = list(read_records(DATA / "toa-an-nhan-dan.xlsx"))  # published by an earlier, careless import
    procedures_import(records=courts + [sample[CODE]], parent=procedure_index, all_levels=True)
    chosen = ProcedurePage.objects.get(code=courts[0]["ma_thu_tuc"])
    edit_and_publish(chosen, editor, summary="Xã vẫn muốn giới thiệu thủ tục này.")

    out = io.StringIO()
    call_command("unpublish_other_levels", stdout=out)

    live = set(ProcedurePage.objects.live().values_list("code", flat=True))
    assert live == {CODE, chosen.code}
    assert out.getvalue().splitlines()[-1] == "Ngừng xuất bản 2 thủ tục không thuộc cấp xã."
    assert procedures_unpublish_other_levels(dry_run=True) == []  # once is enough


def test_pages_imported_before_import_states_are_not_undone_by_a_poorer_source(procedure_index):
    """A portal upgraded from the earlier importer: its pages have no import state yet."""
    crawl = {raw["ma_thu_tuc"]: raw for raw in read_records(DATA / "toa_an.jsonl")}
    page, _ = procedure_upsert(data=parse_record(crawl["3.000164"]), parent=procedure_index)
    ProcedureImportState.objects.all().delete()
    agencies = sorted(ProcedurePage.objects.get(pk=page.pk).agencies.values_list("name", flat=True))
    export = [row for row in read_records(DATA / "toa-an-nhan-dan.xlsx") if row["ma_thu_tuc"] == "3.000164"]

    assert procedures_import(records=export, parent=procedure_index).unchanged == 1
    assert sorted(ProcedurePage.objects.get(pk=page.pk).agencies.values_list("name", flat=True)) == agencies
    assert revisions(page) == 1
    # The crawl's own changes still apply.
    changed = dict(crawl["3.000164"], ket_qua_xu_ly="Kết quả mới")
    assert procedures_import(records=[changed], parent=procedure_index).updated == 1
    assert ProcedurePage.objects.get(pk=page.pk).result == "Kết quả mới"
