"""The default theme in Chromium: a citizen's path from the home page to a form, filters and pages
without JavaScript, a 360 px phone, the procedure page's weight, requests and print layout."""

import gzip
import re
import zipfile

import pytest
from PIL import Image

from tests.e2e.theme_site import ARTICLE_URL, BIRTH_URL, theme_site_make

pytestmark = pytest.mark.django_db(transaction=True)

# Pages a citizen reaches from the navigation, checked at 360 px.
PHONE_PAGES = (
    "/",
    "/thu-tuc-hanh-chinh/",
    BIRTH_URL,
    "/tin-tuc/",
    ARTICLE_URL,
    "/tra-cuu/?q=khai+sinh",
    "/nop-ho-so-truc-tuyen/",
    "/tra-cuu-ho-so/",
    "/lien-he/",
    "/khong-co-trang-nay/",
)
PAGE_BUDGET = 150 * 1024  # everything a procedure page transfers, editors' images aside
ASSET_BUDGET = 50 * 1024  # its CSS and JavaScript, compressed as WhiteNoise serves them
SCROLL_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def theme_site(wagtail_tree):
    return theme_site_make()


def listed_titles(page) -> list[str]:
    return page.locator(".procedure-list .procedure-card__title").all_inner_texts()


def test_citizen_goes_from_the_home_page_to_the_form_template(live_server, page, theme_site, tmp_path):
    page.goto(live_server.url + "/")
    page.locator("#tim-kiem-trang-chu").fill("khai sinh")
    page.get_by_role("button", name="Tìm kiếm").last.click()
    page.wait_for_url(re.compile(r"/tra-cuu/\?q=khai\+sinh$"))
    assert page.locator("#ket-qua").inner_text().startswith("Tìm thấy")

    page.locator(".search-results").get_by_role("link", name="Thủ tục đăng ký khai sinh", exact=True).click()
    page.wait_for_url(live_server.url + BIRTH_URL)
    assert page.locator("h1").inner_text() == "Thủ tục đăng ký khai sinh"
    summary = page.locator(".summary-box").inner_text()
    for expected in ("1.001193", "Hộ tịch", "Thời hạn giải quyết", "Phí, lệ phí", "Mức độ 3", "Trực tuyến một phần"):
        assert expected in summary
    assert "Nhận hồ sơ qua bưu điện: Có" in summary and "Trả kết quả qua bưu điện: Có" in summary
    for heading in ("Trình tự thực hiện", "Thành phần hồ sơ", "Kết quả thực hiện", "Căn cứ pháp lý"):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    submit = page.get_by_role("link", name="Nộp hồ sơ trực tuyến", exact=True).last
    assert submit.get_attribute("href") == "/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/"
    national = page.get_by_role("link", name="Xem trên Cổng Dịch vụ công quốc gia")
    assert national.get_attribute("href").startswith("https://dichvucong.gov.vn/")

    page.get_by_role("link", name="Tải mẫu đơn, tờ khai").click()
    assert page.url.endswith("#mau-don-to-khai")
    with page.expect_download() as download_info:
        page.locator("#mau-don-to-khai").get_by_role("link", name="Tải Tờ khai đăng ký khai sinh").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as docx:  # a real Word document, not an error page
        assert "word/document.xml" in docx.namelist()

    # The navigation's "Nộp hồ sơ trực tuyến" lists the forms this portal takes.
    page.locator(".main-nav").get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.wait_for_url(live_server.url + "/nop-ho-so-truc-tuyen/")
    assert len(page.locator("main .procedure-card").all()) == 3
    assert page.locator('.main-nav a[aria-current="page"]').inner_text() == "Nộp hồ sơ trực tuyến"

    # The header's search box suggests procedures as the citizen types (search/autocomplete.js).
    header_box = page.locator("#tim-kiem-dau-trang")
    header_box.press_sequentially("ket hon", delay=30)
    suggestion = page.locator(".site-header [role=option]").first
    assert suggestion.inner_text().startswith("Thủ tục đăng ký kết hôn")
    assert header_box.get_attribute("aria-expanded") == "true"
    header_box.press("ArrowDown")
    header_box.press("Enter")
    page.wait_for_url(re.compile(r"/thu-tuc-hanh-chinh/thu-tuc-dang-ky-ket-hon/$"))


def test_directory_filters_search_and_procedure_without_javascript(live_server, browser, theme_site):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/thu-tuc-hanh-chinh/")
        assert page.locator(".sector-group__title").all_inner_texts() == [
            "Chứng thực 2 thủ tục",
            "Đăng ký, quản lý cư trú 1 thủ tục",
            "Hộ tịch 3 thủ tục",
        ]
        assert len(listed_titles(page)) == 6

        page.get_by_label("Nộp trực tuyến").check()
        page.get_by_role("button", name="Lọc", exact=True).click()
        page.wait_for_url(re.compile(r"truc_tuyen=1"))
        assert sorted(listed_titles(page)) == [
            "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
            "Thủ tục đăng ký khai sinh",
            "Thủ tục đăng ký kết hôn",
            "Đăng ký thường trú",
        ]
        assert page.get_by_label("Nộp trực tuyến").is_checked()
        assert "Có 4 thủ tục nộp được trực tuyến" in page.locator(".result-count").inner_text()

        page.get_by_label("Nộp trực tuyến").uncheck()
        page.get_by_label("Bưu chính công ích").check()
        page.get_by_role("button", name="Lọc", exact=True).click()
        page.wait_for_url(re.compile(r"\?buu_chinh=1$"))
        assert len(listed_titles(page)) == 3 and "Đăng ký thường trú" not in listed_titles(page)
        page.get_by_role("link", name="Bỏ lọc").click()
        assert len(listed_titles(page)) == 6

        # The header's search box works as a plain form.
        page.locator("#tim-kiem-dau-trang").fill("ket hon")
        page.locator("#tim-kiem-dau-trang").press("Enter")
        page.wait_for_url(re.compile(r"/tra-cuu/\?q=ket\+hon$"))
        page.locator(".search-results").get_by_role("link", name="Thủ tục đăng ký kết hôn", exact=True).click()
        assert page.locator("h1").inner_text() == "Thủ tục đăng ký kết hôn"
        assert page.locator(".summary-box").is_visible()
        with page.expect_download() as download_info:
            page.locator("#thanh-phan-ho-so a.download-link").first.click()
        assert download_info.value.suggested_filename.endswith(".docx")
    finally:
        context.close()


def test_pages_fit_a_360px_phone_with_text_at_200_percent(live_server, browser, theme_site):
    """Text enlarged to 200% (WCAG 2.1, 1.4.4) on a 360 px phone: long names, e-mail addresses,
    the sectors' counts and the statistics' figures wrap instead of widening the page."""
    # The portal's Content-Security-Policy refuses inline styles; the test's own stylesheet is let in.
    context = browser.new_context(locale="vi-VN", bypass_csp=True, viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        overflowing = {}
        for url in (*PHONE_PAGES, "/thong-ke-ho-so/"):
            page.goto(live_server.url + url)
            page.add_style_tag(content="html { font-size: 200% !important; }")
            width = page.evaluate(SCROLL_WIDTH)
            if width > 360:
                overflowing[url] = width
        assert overflowing == {}
    finally:
        context.close()


def test_pages_fit_a_360px_phone_and_404_helps_on(live_server, page, theme_site, tmp_path):
    page.set_viewport_size({"width": 360, "height": 800})
    overflowing = {}
    for url in PHONE_PAGES:
        page.goto(live_server.url + url)
        width = page.evaluate(SCROLL_WIDTH)
        if width > 360:
            overflowing[url] = width
    assert overflowing == {}

    page.goto(live_server.url + BIRTH_URL)
    shot = tmp_path / "thu-tuc-360.png"
    page.screenshot(path=str(shot), full_page=True)
    with Image.open(shot) as image:
        assert image.width == 360 and image.height > 2000
    assert page.evaluate(SCROLL_WIDTH) <= 360
    actions = page.locator(".summary-box .actions a").all()
    assert all(action.bounding_box()["width"] <= 360 - 32 for action in actions)

    # On a phone the first result comes before the filters, which a link leads to.
    page.goto(live_server.url + "/tra-cuu/?q=khai+sinh")
    first_result = page.locator(".search-results__list li").first.bounding_box()
    filters = page.locator(".search-facets").bounding_box()
    assert first_result["y"] < filters["y"]
    assert first_result["y"] < 800  # within the first screen
    page.get_by_role("link", name=re.compile("^Lọc kết quả")).click()
    assert page.url.endswith("#bo-loc")

    # A wrong address answers 404 with a way on: the directory, and a search box that works.
    response = page.goto(live_server.url + "/thu-tuc-hanh-chinh/khong-co-thu-tuc-nay/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Không tìm thấy trang bạn cần"
    assert page.locator("main").get_by_role("link", name="danh mục thủ tục hành chính").is_visible()
    page.locator("#tim-kiem-404").fill("khai sinh")
    page.locator("#tim-kiem-404").press("Enter")
    page.wait_for_url(re.compile(r"/tra-cuu/\?q=khai\+sinh$"))


def test_procedure_page_weight_requests_csp_and_print(live_server, page, theme_site, tmp_path):
    requests, responses, console = [], [], []
    page.on("request", lambda request: requests.append(request))
    page.on("response", lambda response: responses.append(response))
    page.on("console", lambda message: console.append(message))
    page.goto(live_server.url + BIRTH_URL)
    page.wait_for_load_state("networkidle")

    assert [r.url for r in requests if not r.url.startswith(live_server.url)] == []  # no CDN, no tracker
    assert [m.text for m in console if m.type == "error"] == []  # a refused inline script or style logs here

    sizes = {}
    for response in responses:
        if "/images/" in response.url:  # editors' images are outside the budget
            continue
        body = response.body()
        sizes[response.url.removeprefix(live_server.url)] = (
            response.request.resource_type,
            len(body),
            len(gzip.compress(body, compresslevel=9)),
        )
    total = sum(raw for _, raw, _ in sizes.values())
    assets_gz = sum(gz for kind, _, gz in sizes.values() if kind in ("stylesheet", "script"))
    print(f"\nTrang thủ tục {BIRTH_URL}: {len(sizes)} yêu cầu")
    for url, (kind, raw, gz) in sizes.items():
        print(f"  {kind:<10} {raw / 1024:7.1f} KB  (nén gzip {gz / 1024:6.1f} KB)  {url}")
    print(f"  tổng chưa nén {total / 1024:.1f} KB (giới hạn 150 KB)")
    print(f"  CSS + JS nén gzip {assets_gz / 1024:.1f} KB (giới hạn 50 KB)")
    assert total <= PAGE_BUDGET
    assert assets_gz <= ASSET_BUDGET

    # Print: the procedure alone on A4, with where it came from.
    page.emulate_media(media="print")
    for hidden in (".main-nav", ".site-header .search-form", ".summary-box .actions", ".toc", ".breadcrumbs"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".summary-box").is_visible()
    assert page.locator(".print-only").inner_text().startswith("Bản in từ http")
    assert page.locator("#thanh-phan-ho-so table").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert re.search(rb"/MediaBox \[0 0 595\.9\d* 842\.8\d*\]", pdf)  # A4 portrait, in points
    page_count = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    (tmp_path / "thu-tuc.pdf").write_bytes(pdf)
    print(f"  bản in PDF A4: {page_count} trang, {len(pdf) / 1024:.0f} KB")
    assert 1 <= page_count <= 20
