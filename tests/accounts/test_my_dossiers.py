"""'Hồ sơ của tôi' (/tai-khoan/): the citizen's dossiers, next actions, results, drafts, answers to the counter."""

import datetime

import pytest

from django.utils import timezone

from accounts import selectors
from cms.models import CommuneSettings
from forms.files.services import AttachmentInput
from forms.lifecycle.services import dossier_result_attach, dossier_transition
from forms.models import AttachmentKind, Dossier, DossierRating, DossierStatus, Draft
from tests.accounts import factories as af
from tests.forms import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(home):
    return f.form_page_make()


def officer():
    return f.receiving_officer()


def result_ready(dossier: Dossier, *, content: bytes | None = None) -> Dossier:
    """Move a received dossier on to "Đã có kết quả" with an electronic result file."""
    dossier_transition(dossier=dossier, to_status=DossierStatus.PROCESSING, actor=officer())
    result = AttachmentInput(
        slot="", label="Giấy khai sinh (bản điện tử)", name="giay-khai-sinh.pdf", file=f.upload(content=content)
    )
    dossier_transition(dossier=dossier, to_status=DossierStatus.RESULT_READY, actor=officer(), attachments=[result])
    dossier.refresh_from_db()
    return dossier


ACCOUNT_URLS = [
    "/tai-khoan/",
    "/tai-khoan/giay-to/",
    "/tai-khoan/giay-to/1/",
    "/tai-khoan/ho-so/1/tep/1/",
]


@pytest.mark.parametrize("url", ACCOUNT_URLS)
def test_anonymous_visitor_gets_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/tai-khoan/dang-nhap/?next={url}"


@pytest.mark.parametrize("url", ["/tai-khoan/them-ho-so/", "/tai-khoan/ho-so/1/bo-sung/", "/tai-khoan/giay-to/1/xoa/"])
def test_anonymous_posts_go_to_the_login_page_too(client, url):
    response = client.post(url, {})
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/")


@pytest.mark.parametrize("url", ACCOUNT_URLS)
def test_staff_have_no_citizen_pages(client, home, url):
    client.force_login(officer())
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_lists_own_dossiers_with_status_due_date_and_next_action(client, citizen, other_citizen, page):
    received = f.dossier_make(page=page, owner=citizen)
    waiting = f.dossier_make(page=page, owner=citizen, received=False)
    others = f.dossier_make(page=page, owner=other_citizen)
    unowned = f.dossier_make(page=page)
    client.force_login(citizen)

    response = client.get("/tai-khoan/")

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert received.code in html and waiting.code in html
    assert others.code not in html and unowned.code not in html
    assert f"Đang giải quyết, hẹn trả kết quả ngày {received.due_date:%d/%m/%Y}." in html
    assert "Chờ tiếp nhận: Bộ phận Một cửa đang kiểm tra hồ sơ." in html
    assert "Hồ sơ đã nộp (2)" in html


def test_empty_account_says_how_to_add_a_dossier(client, citizen, home):
    client.force_login(citizen)
    html = client.get("/tai-khoan/").content.decode()
    assert "Chưa có hồ sơ nào trong tài khoản." in html
    assert "Thêm hồ sơ đã nộp" in html


def test_next_action_for_a_result_at_the_counter_names_the_place(page, citizen):
    settings_row = CommuneSettings.for_site(page.get_site())
    settings_row.committee_name = "Ủy ban nhân dân xã Hàm Chính"
    settings_row.address = "Thôn 1, xã Hàm Chính"
    settings_row.save()
    dossier = result_ready(f.dossier_make(page=page, owner=citizen))

    action = selectors.dossier_next_action(dossier=dossier)

    assert action == (
        "Nhận kết quả tại Bộ phận Một cửa Ủy ban nhân dân xã Hàm Chính, Thôn 1, xã Hàm Chính; "
        "mang theo giấy tờ tùy thân."
    )


def test_next_action_for_a_result_by_post(page, citizen):
    dossier = result_ready(f.dossier_make(page=page, owner=citizen, delivery_method="post", delivery_address=f.ADDRESS))
    assert selectors.dossier_next_action(dossier=dossier) == (
        "Đã có kết quả: kết quả được gửi qua bưu chính công ích đến địa chỉ đã đăng ký."
    )


def test_next_action_for_a_completion_request_gives_the_request_date(page, citizen):
    dossier = f.dossier_make(page=page, owner=citizen, received=False)
    asked_at = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 0))
    dossier_transition(
        dossier=dossier,
        to_status=DossierStatus.COMPLETION_REQUESTED,
        actor=officer(),
        note="Thiếu bản chụp CCCD",
        now=asked_at,
    )
    dossier.refresh_from_db()
    event = selectors.dossier_answer_request(dossier=dossier)

    assert event.note == "Thiếu bản chụp CCCD"
    assert selectors.dossier_next_action(dossier=dossier, request_event=event) == (
        "Cần bổ sung, hoàn thiện giấy tờ để được tiếp nhận (yêu cầu ngày 20/11/2026)."
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (DossierStatus.RETURNED, "Đã trả kết quả."),
        (DossierStatus.NOT_RECEIVED, "Hồ sơ không được tiếp nhận; xem lý do trong quá trình giải quyết."),
        (DossierStatus.REFUSED, "Hồ sơ bị từ chối giải quyết; xem lý do trong quá trình giải quyết."),
    ],
)
def test_next_action_of_closed_dossiers(status, expected):
    assert selectors.dossier_next_action(dossier=Dossier(status=status), counter_place="") == expected


def test_result_file_downloads_for_the_owner_only(client, citizen, other_citizen, page):
    dossier = result_ready(f.dossier_make(page=page, owner=citizen), content=f.pdf_bytes(900))
    result = dossier.attachments.get(kind=AttachmentKind.RESULT)
    url = f"/tai-khoan/ho-so/{dossier.pk}/tep/{result.pk}/"
    client.force_login(citizen)

    html = client.get("/tai-khoan/").content.decode()
    assert url in html and "Kết quả điện tử" in html
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == f.pdf_bytes(900)
    assert response["X-Content-Type-Options"] == "nosniff"

    client.force_login(other_citizen)
    assert client.get(url).status_code == 404
    other_html = client.get("/tai-khoan/").content.decode()
    assert url not in other_html and dossier.code not in other_html


def test_file_of_another_dossier_cannot_be_reached_through_ones_own(client, citizen, other_citizen, page):
    mine = f.dossier_make(page=page, owner=citizen)
    theirs = result_ready(f.dossier_make(page=page, owner=other_citizen))
    their_file = theirs.attachments.get(kind=AttachmentKind.RESULT)
    client.force_login(citizen)

    assert client.get(f"/tai-khoan/ho-so/{mine.pk}/tep/{their_file.pk}/").status_code == 404
    assert client.get(f"/tai-khoan/ho-so/{theirs.pk}/tep/{their_file.pk}/").status_code == 404


def test_drafts_listed_with_resume_link_for_their_owner_only(client, citizen, other_citizen, page):
    mine = Draft.objects.create(token="nhap-cua-toi", form_page=page, owner=citizen)
    theirs = Draft.objects.create(token="nhap-cua-nguoi-khac", form_page=page, owner=other_citizen)
    old = Draft.objects.create(
        token="nhap-het-han", form_page=page, owner=citizen, updated_at=timezone.now() - datetime.timedelta(days=31)
    )
    client.force_login(citizen)

    html = client.get("/tai-khoan/").content.decode()

    assert f"/nop-ho-so/tiep-tuc/{mine.token}/" in html and page.title in html
    assert theirs.token not in html and old.token not in html
    assert client.get(f"/nop-ho-so/tiep-tuc/{mine.token}/").status_code == 302
    # Another citizen's draft does not open, even with its link.
    assert client.get(f"/nop-ho-so/tiep-tuc/{theirs.token}/").status_code == 404


def test_an_owned_draft_link_asks_a_visitor_to_sign_in(client, citizen, page):
    draft = Draft.objects.create(token="nhap-co-chu", form_page=page, owner=citizen)
    response = client.get(f"/nop-ho-so/tiep-tuc/{draft.token}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=/nop-ho-so/tiep-tuc/nhap-co-chu/")


def test_supplement_request_is_answered_from_the_account(client, citizen, page):
    dossier = f.dossier_make(page=page, owner=citizen)
    dossier_transition(
        dossier=dossier, to_status=DossierStatus.SUPPLEMENT_REQUESTED, actor=officer(), note="Bổ sung CCCD của mẹ"
    )
    client.force_login(citizen)
    html = client.get("/tai-khoan/").content.decode()
    assert "Cần bổ sung hồ sơ" in html and "Bổ sung CCCD của mẹ" in html
    assert f'action="/tai-khoan/ho-so/{dossier.pk}/bo-sung/"' in html
    prefix = f"bo-sung-{dossier.pk}"

    empty = client.post(f"/tai-khoan/ho-so/{dossier.pk}/bo-sung/", {f"{prefix}-note": "Xin gửi"})
    assert empty.status_code == 400
    assert "Hãy chọn ít nhất một tệp giấy tờ bổ sung." in empty.content.decode()

    answered = client.post(
        f"/tai-khoan/ho-so/{dossier.pk}/bo-sung/",
        {f"{prefix}-note": "Xin gửi bổ sung", f"{prefix}-file_0": f.upload(name="cccd-me.png", content=f.png_bytes())},
    )

    assert answered.status_code == 302
    assert answered["Location"] == f"/tai-khoan/#ho-so-{dossier.pk}"
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PROCESSING
    supplement = dossier.attachments.get(kind=AttachmentKind.SUPPLEMENT)
    assert supplement.original_name == "cccd-me.png"
    after = client.get("/tai-khoan/").content.decode()
    assert "Đã nhận giấy tờ bổ sung. Hồ sơ được chuyển lại để giải quyết." in after
    assert "Gửi giấy tờ bổ sung" not in after


def test_completion_request_answered_from_the_account_goes_back_to_reception(client, citizen, page):
    dossier = f.dossier_make(page=page, owner=citizen, received=False)
    dossier_transition(
        dossier=dossier, to_status=DossierStatus.COMPLETION_REQUESTED, actor=officer(), note="Thiếu tờ khai"
    )
    client.force_login(citizen)
    prefix = f"bo-sung-{dossier.pk}"
    response = client.post(
        f"/tai-khoan/ho-so/{dossier.pk}/bo-sung/", {f"{prefix}-file_0": f.upload(name="to-khai.pdf")}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.AWAITING_RECEPTION


def test_another_citizen_cannot_answer_for_a_dossier(client, citizen, other_citizen, page):
    dossier = f.dossier_make(page=page, owner=citizen)
    dossier_transition(dossier=dossier, to_status=DossierStatus.SUPPLEMENT_REQUESTED, actor=officer(), note="Thiếu")
    client.force_login(other_citizen)
    prefix = f"bo-sung-{dossier.pk}"

    response = client.post(f"/tai-khoan/ho-so/{dossier.pk}/bo-sung/", {f"{prefix}-file_0": f.upload()})

    assert response.status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED
    assert "Thiếu" not in client.get("/tai-khoan/").content.decode()


def test_answer_when_nothing_is_asked_changes_nothing(client, citizen, page):
    dossier = f.dossier_make(page=page, owner=citizen)
    client.force_login(citizen)
    prefix = f"bo-sung-{dossier.pk}"
    response = client.post(f"/tai-khoan/ho-so/{dossier.pk}/bo-sung/", {f"{prefix}-file_0": f.upload()}, follow=True)
    assert "Hồ sơ hiện không cần bổ sung giấy tờ." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED
    assert not dossier.attachments.filter(kind=AttachmentKind.SUPPLEMENT).exists()


def test_tracking_page_still_shows_the_shared_supplement_part(client, page):
    dossier = f.dossier_make(page=page)
    dossier_transition(dossier=dossier, to_status=DossierStatus.SUPPLEMENT_REQUESTED, actor=officer(), note="Thiếu")
    f.tracking_open(client, dossier)  # past the phone check of the tracking link
    html = client.get(f"/tra-cuu-ho-so/{dossier.access_token}/").content.decode()
    assert 'aria-labelledby="bo-sung"' in html and 'name="file_0"' in html
    assert "action=" not in html.split('id="bo-sung"')[1].split("</form>")[0].split("<form")[1].split(">")[0]


def test_result_attached_later_shows_in_the_list(client, citizen, page):
    dossier = result_ready(f.dossier_make(page=page, owner=citizen))
    extra = AttachmentInput(slot="", label="Trích lục", name="trich-luc.pdf", file=f.upload())
    dossier_result_attach(dossier=dossier, actor=officer(), attachments=[extra])
    client.force_login(citizen)
    html = client.get("/tai-khoan/").content.decode()
    assert "Trích lục – trich-luc.pdf" in html and "Giấy khai sinh (bản điện tử) – giay-khai-sinh.pdf" in html


def test_saved_documents_count_in_the_navigation(client, citizen, home):
    af.saved_document_make(owner=citizen)
    client.force_login(citizen)
    assert "Giấy tờ đã lưu (1)" in client.get("/tai-khoan/").content.decode()


def test_an_oversized_answer_is_refused_before_reading_it(client, citizen, page, settings):
    dossier = f.dossier_make(page=page, owner=citizen)
    dossier_transition(dossier=dossier, to_status=DossierStatus.SUPPLEMENT_REQUESTED, actor=officer(), note="Thiếu")
    settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE = 1000
    client.force_login(citizen)
    prefix = f"bo-sung-{dossier.pk}"
    response = client.post(
        f"/tai-khoan/ho-so/{dossier.pk}/bo-sung/", {f"{prefix}-file_0": f.upload(content=f.pdf_bytes(2 * 1024 * 1024))}
    )
    assert response.status_code == 413
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED


def test_a_returned_dossier_is_rated_from_the_account_once(client, citizen, page):
    dossier = result_ready(f.dossier_make(page=page, owner=citizen))
    dossier_transition(dossier=dossier, to_status=DossierStatus.RETURNED, actor=officer())
    client.force_login(citizen)

    html = client.get("/tai-khoan/").content.decode()
    assert f'action="/tra-cuu-ho-so/{dossier.access_token}/danh-gia/"' in html
    assert f'id="danh-gia-{dossier.pk}-score_0"' in html
    response = client.post(
        f"/tra-cuu-ho-so/{dossier.access_token}/danh-gia/", {"score": "5", "comment": "Nhanh", "next": "/tai-khoan/"}
    )

    assert response.status_code == 302 and response["Location"] == "/tai-khoan/"
    assert DossierRating.objects.values_list("score", "comment").get(dossier=dossier) == (5, "Nhanh")
    html = client.get("/tai-khoan/").content.decode()
    assert "danh-gia/" not in html and "Ông/bà đã đánh giá: 5/5." in html


def test_the_account_links_to_the_personal_data_pages(client, citizen, home):
    client.force_login(citizen)
    html = client.get("/tai-khoan/").content.decode()
    for url in ("/tai-khoan/thong-tin/", "/tai-khoan/du-lieu/", "/tai-khoan/dong-tai-khoan/"):
        assert f'href="{url}"' in html
