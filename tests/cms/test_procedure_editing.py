"""Editors work on procedures in the admin: saving unchanged shows no difference, time and fee are
entered once per channel, agencies and audiences are picked from searchable lists."""

import importlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.urls import reverse

from wagtail.models import Revision
from wagtail.test.utils.form_data import querydict_from_html

from cms.blocks import channel_summary
from cms.importer import parse_record, read_records
from cms.models import Agency, ProcedurePage
from cms.services import procedure_upsert
from cms.wagtail_hooks import YesNoComparison
from tests import factories

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def sample() -> dict[str, dict]:
    return {raw["ma_thu_tuc"]: raw for raw in read_records(DATA / "catalogue_sample.jsonl")}


@pytest.fixture
def editor(db):
    user = User.objects.create_user(username="bientap", password="mat-khau-thu-nghiem")
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    return user


def _stream(page, name: str) -> dict[str, str]:
    """The POST data Wagtail's StreamField script sends for the stored blocks, ids included."""
    data = {f"{name}-count": str(len(getattr(page, name)))}
    for index, block in enumerate(getattr(page, name)):
        prefix = f"{name}-{index}"
        data.update({f"{prefix}-type": block.block_type, f"{prefix}-id": block.id, f"{prefix}-deleted": ""})
        data[f"{prefix}-order"] = str(index)
        for key, value in block.value.items():
            data[f"{prefix}-value-{key}"] = "" if value is None else str(value)
    return data


def browser_post(client, page) -> dict:
    """What a browser posts when the editor opens the edit form and presses "Lưu bản nháp".

    Inputs rendered by the server are read from the form; StreamFields, which Wagtail draws with
    JavaScript, are added as its script sends them. Browsers send textarea line breaks as CRLF.
    """
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form").copy()
    # A ticked box without a value attribute is sent as "on" (Wagtail's helper sends "").
    for box in BeautifulSoup(html, "html.parser").select("#page-edit-form input[type=checkbox][checked]"):
        if "value" not in box.attrs:
            data[box["name"]] = "on"
    for name in ("channels", "steps", "legal_basis"):
        for key, value in _stream(page, name).items():
            data[key] = value
    return {key: [value.replace("\n", "\r\n") for value in values] for key, values in data.lists()}


def test_saving_an_imported_procedure_unchanged_shows_no_difference(client, editor, procedure_index, sample):
    page, _ = procedure_upsert(data=parse_record(sample["1.003583"]), parent=procedure_index, user=editor)
    page = ProcedurePage.objects.get(pk=page.pk)
    client.force_login(editor)

    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), browser_post(client, page))

    assert response.status_code == 302, response.content.decode()[-3000:]
    imported, saved = Revision.page_revisions.filter(object_id=str(page.pk)).order_by("pk")
    compare = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, imported.pk, saved.pk])
    ).content.decode()
    assert "Hai phiên bản này không khác nhau" in compare


def test_a_yes_no_field_reads_co_or_khong_in_the_comparison(db):
    field = ProcedurePage._meta.get_field("postal_submission")

    diff = YesNoComparison(field, ProcedurePage(postal_submission=True), ProcedurePage(postal_submission=False))

    html = diff.htmldiff()
    assert "Có" in html and "Không" in html
    assert "True" not in html and "False" not in html


@pytest.mark.parametrize(
    ("channels", "key", "summary"),
    [
        ([], "fee", ""),
        ([{"kind": "in_person", "fee": "Miễn phí"}, {"kind": "online", "fee": "Miễn phí"}], "fee", "Miễn phí"),
        (
            [
                {"kind": "in_person", "processing_time": "5 ngày làm việc"},
                {"kind": "online", "processing_time": "3 ngày làm việc"},
                {"kind": "postal", "processing_time": ""},
            ],
            "processing_time",
            "Trực tiếp: 5 ngày làm việc; Trực tuyến: 3 ngày làm việc",
        ),
    ],
)
def test_channel_summary(channels, key, summary):
    assert channel_summary(channels, key) == summary


def test_time_and_fee_are_entered_once_per_channel_and_the_summary_follows(client, editor, procedure):
    client.force_login(editor)
    data = browser_post(client, procedure)
    data["channels-0-value-fee"] = ["8.000 đồng/bản"]
    data["channels-0-value-processing_time"] = ["7 ngày làm việc"]

    response = client.post(reverse("wagtailadmin_pages:edit", args=[procedure.pk]), data)

    assert response.status_code == 302, response.content.decode()[-2000:]
    draft = ProcedurePage.objects.get(pk=procedure.pk).get_latest_revision_as_object()
    assert draft.fees == "Trực tiếp: 8.000 đồng/bản; Trực tuyến: Miễn phí; Dịch vụ bưu chính: Miễn phí"
    assert draft.processing_time == "Trực tiếp: 7 ngày làm việc; Trực tuyến: 3 ngày; Dịch vụ bưu chính: 3 ngày"
    assert draft.processing_days == 7


def test_the_edit_form_asks_for_time_and_fee_only_in_the_channels(client, editor, procedure):
    client.force_login(editor)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[procedure.pk])).content.decode()

    assert 'name="fees"' not in html
    assert 'name="processing_time"' not in html
    assert 'name="processing_days"' not in html


def test_agencies_and_audiences_are_searchable_lists_with_the_chosen_first(client, editor, procedure):
    for name in ("Ủy ban nhân dân cấp huyện", "Công an cấp xã", "Bảo hiểm xã hội huyện"):
        Agency.objects.create(name=name)
    client.force_login(editor)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[procedure.pk])).content.decode()

    soup = BeautifulSoup(html, "html.parser")
    box = soup.select_one('[data-controller="searchable-choices"]:has(input[name="agencies"])')
    assert box.select_one("input[type=search]")["placeholder"] == "Gõ một phần tên để tìm"
    assert "Đã chọn 1" in box.get_text()
    names = [label.get_text(strip=True) for label in box.select("label")]
    assert names[0] == "Ủy ban nhân dân cấp xã"  # the procedure's agency, chosen
    assert sorted(names[1:]) == sorted(["Ủy ban nhân dân cấp huyện", "Công an cấp xã", "Bảo hiểm xã hội huyện"])
    assert soup.select_one("select[name=agencies]") is None
    assert "cms/js/searchable-choices.js" in html


def test_service_level_is_chosen_one_per_line(client, editor, procedure):
    client.force_login(editor)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[procedure.pk])).content.decode()

    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.select('input[type=radio][name="service_level"]')) == 4
    assert soup.select_one("select[name=service_level]") is None


def test_fee_migration_keeps_what_citizens_read(procedure_index):
    migration = importlib.import_module("cms.migrations.0011_fee_and_time_in_channels")
    edited = factories.procedure_make(parent=procedure_index, code="1.000001", fees="50.000 đồng")
    bare = factories.procedure_make(
        parent=procedure_index, code="1.000002", channels=[], processing_time="Trong ngày", fees=""
    )
    same = factories.procedure_make(parent=procedure_index, code="1.000003", fees="Miễn phí", processing_time="3 ngày")

    migration.forwards(apps, None)

    edited, bare, same = (ProcedurePage.objects.get(pk=page.pk) for page in (edited, bare, same))
    assert [block.value["fee"] for block in edited.channels] == ["50.000 đồng"] * 3
    assert [(b.value["kind"], b.value["processing_time"]) for b in bare.channels] == [("in_person", "Trong ngày")]
    assert [block.value["fee"] for block in same.channels] == ["Miễn phí"] * 3
