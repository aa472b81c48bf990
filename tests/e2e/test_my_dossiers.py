"""'Hồ sơ của tôi' on a 360 px phone: the citizen reads what to do next, answers the counter's request
right there, downloads the result, and the pages never scroll sideways."""

import pytest

from django.conf import settings
from django.test import Client

from forms.files.services import AttachmentInput
from forms.lifecycle.services import dossier_transition
from forms.models import AttachmentKind, DossierStatus
from tests.accounts import factories as af
from tests.e2e.test_accessibility import AXE, HEADING_LEVELS, axe_violations
from tests.forms import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOT = "/tmp/ho-so-cua-toi-360.png"


@pytest.fixture
def account_site(wagtail_tree):
    f.back_office_groups_ensure()
    page = f.form_page_make()
    citizen = af.citizen_make(phone="0912345678", full_name="Nguyễn Văn An")
    officer = f.receiving_officer()
    asked = f.dossier_make(page=page, owner=citizen)
    dossier_transition(
        dossier=asked,
        to_status=DossierStatus.SUPPLEMENT_REQUESTED,
        actor=officer,
        note="Bổ sung bản chụp căn cước công dân của người mẹ, rõ cả hai mặt, để đối chiếu thông tin khai sinh.",
    )
    ready = f.dossier_make(page=page, owner=citizen)
    dossier_transition(dossier=ready, to_status=DossierStatus.PROCESSING, actor=officer)
    result = AttachmentInput(
        slot="",
        label="Giấy khai sinh (bản điện tử)",
        name="giay-khai-sinh-ban-dien-tu-co-chu-ky-so.pdf",
        file=f.upload(),
    )
    dossier_transition(dossier=ready, to_status=DossierStatus.RESULT_READY, actor=officer, attachments=[result])
    af.saved_document_make(owner=citizen, label="Căn cước công dân của người nộp hồ sơ (hai mặt)")
    return {"citizen": citizen, "asked": asked, "ready": ready}


def sign_in(page, live_server, user) -> None:
    """Put a session of ``user`` into the browser (sign-in itself is another part's concern)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.fixture(scope="session")
def axe_js() -> str:
    if not AXE.exists():
        pytest.skip("Chưa cài axe-core: chạy `npm ci` ở thư mục gốc để kiểm tra khả năng tiếp cận.")
    return AXE.read_text(encoding="utf-8")


def serious_problems(page, axe_source: str) -> list[str]:
    """axe-core's serious or critical findings and skipped heading levels on the page shown."""
    problems = [
        f"{v['id']} [{v['impact']}] {v['help']}: {v['nodes']}"
        for v in axe_violations(page, axe_source)
        if v["impact"] in ("serious", "critical")
    ]
    levels = page.evaluate(HEADING_LEVELS)
    if levels[:1] != [1] or any(b > a + 1 for a, b in zip(levels, levels[1:], strict=False)):
        problems.append(f"tiêu đề: {levels}")
    return problems


def test_my_dossiers_on_a_360px_phone(live_server, page, account_site, tmp_path, axe_js):
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, live_server, account_site["citizen"])
    page.goto(live_server.url + "/tai-khoan/")
    page.screenshot(path=SCREENSHOT, full_page=True)

    assert page.locator("h1").inner_text() == "Hồ sơ của tôi"
    assert serious_problems(page, axe_js) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for card in page.locator(".account-card").all():
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360

    asked = page.locator(f"#ho-so-{account_site['asked'].pk}")
    assert "Cần bổ sung giấy tờ" in asked.locator("[data-next-action]").inner_text()
    ready = page.locator(f"#ho-so-{account_site['ready'].pk}")
    assert "Nhận kết quả tại Bộ phận Một cửa" in ready.locator("[data-next-action]").inner_text()

    # The SHA-256 (64 digits, no break opportunity) wraps inside the card instead of widening the page.
    checksum = ready.locator("[data-result-sha256]")
    assert "Mã kiểm tra SHA-256:" in checksum.inner_text()
    assert len(checksum.locator("code").inner_text()) == 64
    box = checksum.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["height"] > 30  # on more than one line
    assert checksum.evaluate("e => e.scrollWidth <= e.clientWidth")

    href = ready.locator("[data-result-file]").get_attribute("href")
    response = page.context.request.get(live_server.url + href)  # the browser's own cookies
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body() == f.pdf_bytes()

    # The counter's request answered right there, on the phone.
    upload = tmp_path / "cccd-me.png"
    upload.write_bytes(f.png_bytes())
    asked.locator('input[type="file"]').first.set_input_files(str(upload))
    asked.get_by_role("button", name="Gửi giấy tờ bổ sung").click()
    page.wait_for_url("**/tai-khoan/#ho-so-*")
    assert "Đã nhận giấy tờ bổ sung" in page.locator(".messages").inner_text()
    account_site["asked"].refresh_from_db()
    assert account_site["asked"].status == DossierStatus.PROCESSING
    assert account_site["asked"].attachments.filter(kind=AttachmentKind.SUPPLEMENT).count() == 1

    page.goto(live_server.url + "/tai-khoan/giay-to/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious_problems(page, axe_js) == []
    assert "Căn cước công dân của người nộp hồ sơ (hai mặt)" in page.locator("[data-saved-documents]").inner_text()
