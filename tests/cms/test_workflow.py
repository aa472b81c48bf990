"""Editors publish procedures through Wagtail's moderation workflow, not directly."""

import pytest

from django.contrib.auth.models import Group, User
from django.urls import reverse

from wagtail.models import Page, Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import ProcedurePage
from tests import factories


def user_make(username: str, group: str) -> User:
    user = User.objects.create_user(username=username, password="mat-khau-thu-nghiem", email=f"{username}@xa.vn")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return user_make("bientapvien", "Biên tập viên")


@pytest.fixture
def moderator(db):
    return user_make("kiemduyet", "Người kiểm duyệt")


@pytest.fixture
def draft_procedure(procedure_index):
    page = ProcedurePage(
        title="Đăng ký kết hôn",
        slug="dang-ky-ket-hon",
        code="1.000894",
        live=False,
    )
    procedure_index.add_child(instance=page)
    page.save_revision()
    return page


def edit_form_data(page: ProcedurePage, action: str) -> dict:
    """The POST data of the admin edit form of ``page``, as the browser sends it, with one button pressed."""
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "code": page.code,
            "service_level": "3",
            "online_mode": "partial",
            "postal_submission": "on",
            # Fees are entered per channel; the page-wide one follows (cms.forms.ProcedurePageForm).
            "channels": streamfield(
                [("channel", {"kind": "in_person", "processing_time": "5 ngày làm việc", "fee": "Miễn lệ phí"})]
            ),
            "steps": streamfield([("step", {"title": "Bước 1", "description": "Nộp hồ sơ tại Bộ phận Một cửa"})]),
            "legal_basis": streamfield([]),
            "required_documents": inline_formset([]),
            "fee_items": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    data[action] = "1"
    return data


def test_default_workflow_covers_every_page_of_the_site(home, procedure_index):
    workflow = Workflow.objects.get(name="Duyệt nội dung")
    tasks = [task.specific for task in workflow.tasks]

    assert workflow.active
    assert workflow.workflow_pages.filter(page=Page.get_first_root_node()).exists()
    assert [list(task.groups.values_list("name", flat=True)) for task in tasks] == [["Người kiểm duyệt"]]
    assert home.get_workflow() == workflow
    assert procedure_index.get_workflow() == workflow


def test_editor_submits_procedure_which_goes_live_only_after_approval(client, editor, moderator, draft_procedure):
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft_procedure.pk])
    client.force_login(editor)

    response = client.post(edit_url, edit_form_data(draft_procedure, "action-submit"))

    assert response.status_code == 302, response.content.decode()[:2000]
    draft_procedure.refresh_from_db()
    state = draft_procedure.current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == editor
    assert not draft_procedure.live
    client.logout()
    assert client.get("/thu-tuc-hanh-chinh/dang-ky-ket-hon/").status_code == 404

    client.force_login(moderator)
    task_state = state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[draft_procedure.pk, "approve", task_state.pk]),
        {"comment": "Đã kiểm tra, đồng ý đăng."},
    )

    assert response.status_code in (200, 302)
    draft_procedure.refresh_from_db()
    assert draft_procedure.live
    assert draft_procedure.current_workflow_state is None
    client.logout()
    public = client.get("/thu-tuc-hanh-chinh/dang-ky-ket-hon/")
    assert public.status_code == 200
    assert "Nộp hồ sơ tại Bộ phận Một cửa" in public.content.decode()


def test_editor_cannot_publish_directly(client, editor, draft_procedure):
    client.force_login(editor)

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[draft_procedure.pk]),
        edit_form_data(draft_procedure, "action-publish"),
    )

    assert response.status_code == 302  # the form was valid: the edit was kept as a draft
    draft_procedure.refresh_from_db()
    assert draft_procedure.get_latest_revision_as_object().fees == "Miễn lệ phí"
    assert not draft_procedure.live
    assert client.get("/thu-tuc-hanh-chinh/dang-ky-ket-hon/").status_code == 404


def test_rejected_procedure_stays_a_draft(client, editor, moderator, draft_procedure):
    client.force_login(editor)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[draft_procedure.pk]),
        edit_form_data(draft_procedure, "action-submit"),
    )
    draft_procedure.refresh_from_db()
    task_state = draft_procedure.current_workflow_state.current_task_state

    client.force_login(moderator)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[draft_procedure.pk, "reject", task_state.pk]),
        {"comment": "Thiếu căn cứ pháp lý."},
    )

    draft_procedure.refresh_from_db()
    assert not draft_procedure.live
    assert WorkflowState.objects.get(pk=task_state.workflow_state_id).status == WorkflowState.STATUS_NEEDS_CHANGES


def test_a_published_procedure_keeps_its_live_version_while_an_edit_awaits_approval(client, editor, procedure_index):
    procedure = factories.procedure_make(parent=procedure_index, title="Chứng thực chữ ký", slug="chung-thuc-chu-ky")
    client.force_login(editor)

    data = edit_form_data(procedure, "action-submit")
    data["title"] = "Chứng thực chữ ký (bản sửa chờ duyệt)"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[procedure.pk]), data)

    assert response.status_code == 302
    client.logout()
    html = client.get("/thu-tuc-hanh-chinh/chung-thuc-chu-ky/").content.decode()
    assert "Chứng thực chữ ký" in html
    assert "bản sửa chờ duyệt" not in html


def test_editor_previews_a_new_and_an_existing_procedure(client, editor, procedure_index, draft_procedure):
    client.force_login(editor)
    new = ProcedurePage(title="Đăng ký khai tử", slug="dang-ky-khai-tu", code="1.000656")
    add_preview = reverse("wagtailadmin_pages:preview_on_add", args=["cms", "procedurepage", procedure_index.pk])
    edit_preview = reverse("wagtailadmin_pages:preview_on_edit", args=[draft_procedure.pk])

    for url, page in ((add_preview, new), (edit_preview, draft_procedure)):
        assert client.post(url, edit_form_data(page, "preview")).json()["is_valid"]
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert f'<h1 class="procedure__title">{page.title}</h1>' in html
        assert "Nộp hồ sơ tại Bộ phận Một cửa" in html


def test_preview_shows_the_agencies_chosen_in_the_editor(client, editor, procedure):
    client.force_login(editor)
    chosen = factories.agency_make("Công an cấp xã")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[procedure.pk])
    data = edit_form_data(procedure, "preview")
    data["agencies"] = [str(chosen.pk)]
    assert client.post(url, data).json()["is_valid"]

    html = client.get(url).content.decode()
    assert "Công an cấp xã" in html
    assert "Ủy ban nhân dân cấp xã" not in html  # the published procedure's agency
    client.logout()
    assert "Ủy ban nhân dân cấp xã" in client.get(procedure.url).content.decode()
