"""Editors work on imported procedures in the admin: saving unchanged shows no difference."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group, User
from django.urls import reverse

from wagtail.models import Revision
from wagtail.test.utils.form_data import querydict_from_html

from cms.importer import parse_record, read_records
from cms.models import ProcedurePage
from cms.services import procedure_upsert
from cms.wagtail_hooks import YesNoComparison

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


def test_a_yes_no_field_reads_co_or_khong_in_the_comparison():
    field = ProcedurePage._meta.get_field("postal_submission")

    diff = YesNoComparison(field, ProcedurePage(postal_submission=True), ProcedurePage(postal_submission=False))

    html = diff.htmldiff()
    assert "Có" in html and "Không" in html
    assert "True" not in html and "False" not in html
