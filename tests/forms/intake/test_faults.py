"""The wizard under faults: a full disk or a busy database keeps the draft; duplicate clicks share one dossier."""

import errno
import threading

import pytest

from django.db import OperationalError, connection
from django.test import Client

from forms.files import services as file_services
from forms.intake import services as intake_services
from forms.models import Dossier, Draft, DraftFile
from tests.conftest import private_files
from tests.forms import factories as f
from tests.forms.intake import wizard as w

FINAL = {"cam-doan-agree": "on"}


@pytest.fixture
def page(home):
    return f.form_page_make()


@pytest.fixture
def browser(db):
    return Client(raise_request_exception=False)


def up_to_the_last_step(client, page) -> None:
    client.get(page.url)
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    w.post_step(client, page, "khai-1", w.declaration_data())
    w.post_step(client, page, "giay-to", w.documents_data(page))
    w.post_step(client, page, "nhan-ket-qua", w.delivery_data())
    w.post_step(client, page, "kiem-tra", {})


@pytest.mark.django_db
def test_a_full_disk_at_the_documents_step_answers_503_and_keeps_the_draft(browser, page, private_root, monkeypatch):
    browser.get(page.url)
    w.post_step(browser, page, "nguoi-nop", w.applicant_data())
    w.post_step(browser, page, "khai-1", w.declaration_data())

    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(file_services.os, "fsync", full)
    response = w.post_step(browser, page, "giay-to", w.documents_data(page), follow=False)
    assert response.status_code == 503
    assert response["Retry-After"] == "300"
    body = response.content.decode()
    assert "Máy chủ tạm thời không lưu thêm được tệp" in body
    assert "Bản nháp hồ sơ của bạn vẫn được giữ" in body
    assert "Traceback" not in body and "ENOSPC" not in body
    draft = Draft.objects.get()
    assert draft.data["step_data"]["khai-1"]["khai-1-child_name"] == ["Nguyễn Thị Bình"]
    assert DraftFile.objects.count() == 0
    assert private_files(private_root) == []  # nothing half-written

    monkeypatch.undo()  # space again: the same step goes through
    response = w.post_step(browser, page, "giay-to", w.documents_data(page), follow=False)
    assert response.status_code == 302 and DraftFile.objects.count() == 2


@pytest.mark.django_db
def test_a_locked_database_at_the_documents_step_answers_503_and_keeps_the_draft(browser, page, monkeypatch):
    browser.get(page.url)
    w.post_step(browser, page, "nguoi-nop", w.applicant_data())
    w.post_step(browser, page, "khai-1", w.declaration_data())

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(intake_services, "draft_file_put", locked)
    response = w.post_step(browser, page, "giay-to", w.documents_data(page), follow=False)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Máy chủ đang xử lý nhiều yêu cầu cùng lúc" in body
    assert "Bản nháp hồ sơ của bạn vẫn được giữ" in body
    assert Draft.objects.count() == 1


@pytest.mark.django_db
def test_a_click_that_left_before_the_first_finished_gets_the_same_confirmation(client, page):
    up_to_the_last_step(client, page)
    before = dict(client.session.items())  # the session as a second click read it, before the first's answer
    first = w.post_step(client, page, "cam-doan", FINAL, follow=False)
    assert first.status_code == 302
    session = client.session
    session.clear()
    session.update(before)
    session.save()

    second = w.post_step(client, page, "cam-doan", FINAL, follow=False)
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Dossier.objects.count() == 1 and Draft.objects.count() == 0


@pytest.mark.django_db
def test_a_click_after_the_first_finished_gets_the_same_confirmation(client, page):
    up_to_the_last_step(client, page)
    first = w.post_step(client, page, "cam-doan", FINAL, follow=False)
    second = w.post_step(client, page, "cam-doan", FINAL, follow=False)
    assert second.status_code == 302
    assert second["Location"] == first["Location"] == f"/tra-cuu-ho-so/{Dossier.objects.get().access_token}/da-nop/"


@pytest.mark.django_db(transaction=True)
def test_eight_simultaneous_clicks_on_submit_make_one_dossier_and_the_same_confirmation():
    f.wagtail_tree_ensure()
    page = f.form_page_make()
    client = Client(raise_request_exception=False)
    up_to_the_last_step(client, page)
    cookie = client.cookies["sessionid"].value
    answers: list[tuple[int, str]] = []
    barrier = threading.Barrier(8)

    def click():
        clicker = Client(raise_request_exception=False)
        clicker.cookies["sessionid"] = cookie
        try:
            barrier.wait()
            response = w.post_step(clicker, page, "cam-doan", FINAL, follow=False)
            answers.append((response.status_code, response.get("Location", "")))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    dossier = Dossier.objects.get()
    assert answers == [(302, f"/tra-cuu-ho-so/{dossier.access_token}/da-nop/")] * 8
    assert dossier.attachments.count() == 2
    for attachment in dossier.attachments.all():
        with attachment.file.open("rb") as handle:  # the files were not deleted under the dossier
            assert handle.read(5) == b"%PDF-"
    assert Draft.objects.count() == 0
