"""Every public page type renders in Vietnamese, completely, and within its query budget."""

import itertools
import re

import pytest

from django.db import connection
from django.template import loader
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver
from django.utils import timezone

from wagtail.models import Site
from wagtail.rich_text import RichText

from cms.models import Audience, CommuneSettings, OnlineMode, StandardPage
from cms.selectors import vietnamese_sort_key
from tests import factories
from tests.caching import caches_clear
from tests.forms.factories import form_index_make

SECTOR_NUMBERS = itertools.count(1)
UNEXPANDED = re.compile(r"\{\{|\}\}|\{%|%\}|\{#")


def html_of(response) -> str:
    html = response.content.decode()
    assert not UNEXPANDED.search(html), "template syntax leaked into the page"
    return html


@pytest.fixture
def commune(home):
    settings = CommuneSettings.for_site(Site.objects.get(is_default_site=True))
    settings.commune_name = "xã Hàm Chính"
    settings.committee_name = "Ủy ban nhân dân xã Hàm Chính"
    settings.province = "tỉnh Lâm Đồng"
    settings.address = "Thôn 2, xã Hàm Chính"
    settings.hotline = "0252 3865 123"
    settings.email = "motcua@hamchinh.gov.vn"
    settings.opening_hours = "Thứ Hai – Thứ Sáu: 7h00 – 11h30\nSáng thứ Bảy: 7h30 – 11h30"
    settings.save()
    return settings


def test_base_layout_has_header_navigation_search_and_footer(client, commune, procedure_index, article_index):
    html = html_of(client.get("/"))

    assert '<html lang="vi">' in html
    assert '<a class="skip-link" href="#noi-dung-chinh">Bỏ qua, đến nội dung chính</a>' in html
    assert 'id="noi-dung-chinh"' in html
    assert "Ủy ban nhân dân xã Hàm Chính" in html
    assert "Cổng dịch vụ công xã Hàm Chính, tỉnh Lâm Đồng" in html
    start = html.index('<nav class="main-nav"')
    nav = html[start : html.index("</nav>", start)]
    assert re.findall(r'<a class="main-nav__link" href="([^"]*)"(?: aria-current="page")?>([^<]*)</a>', nav) == [
        ("/", "Trang chủ"),
        ("/thu-tuc-hanh-chinh/", "Thủ tục hành chính"),
        ("/nop-ho-so-truc-tuyen/", "Nộp hồ sơ trực tuyến"),
        ("/tra-cuu-ho-so/", "Tra cứu hồ sơ"),
        ("/tin-tuc/", "Tin tức"),
        ("/bo-phan-mot-cua/", "Bộ phận Một cửa"),
        ("/lien-he/", "Liên hệ"),
    ]
    assert 'href="/tra-cuu-ho-so/"' in html
    assert 'action="/tra-cuu/"' in html and 'name="q"' in html
    assert "Thôn 2, xã Hàm Chính" in html
    assert 'href="tel:02523865123"' in html
    assert "mailto:motcua@hamchinh.gov.vn" in html
    assert "<li>Sáng thứ Bảy: 7h30 – 11h30</li>" in html
    footer = html[html.index('<footer class="site-footer"') : html.index("</footer>")]
    assert '<a href="/thong-ke-ho-so/">Thống kê kết quả giải quyết hồ sơ</a>' in footer
    assert '<a href="/lien-he/">Liên hệ</a>' in footer
    assert '<a href="/bo-phan-mot-cua/">Bộ phận Một cửa</a>' in footer
    assert 'href="/static/css/portal.css"' in html


def test_a_committee_left_at_its_default_is_named_after_the_commune_on_every_page(
    client, commune, procedure_index, article_index
):
    """A commune that filled in its name but not the committee's (the field's default "Ủy ban nhân
    dân xã") is still named in full in the header, the footer and the title, not "Ủy ban nhân dân xã"."""
    commune.commune_name = "Phường Tiến Thành"
    commune.committee_name = CommuneSettings._meta.get_field("committee_name").get_default()
    commune.save()
    caches_clear()

    html = html_of(client.get("/"))

    assert '<span class="brand__committee">Ủy ban nhân dân phường Tiến Thành</span>' in html
    assert '<h2 class="site-footer__title" id="footer-lien-he">Ủy ban nhân dân phường Tiến Thành</h2>' in html
    assert re.search(r"<title>[^<]*– Ủy ban nhân dân phường Tiến Thành</title>", html)
    assert "Ủy ban nhân dân xã<" not in html and "Ủy ban nhân dân xã." not in html


def test_navigation_marks_the_current_section(client, commune, procedure_index):
    html = html_of(client.get("/thu-tuc-hanh-chinh/"))
    assert 'href="/thu-tuc-hanh-chinh/" aria-current="page">Thủ tục hành chính' in html
    assert html.count('aria-current="page">') == 2  # the navigation entry and the breadcrumb

    # "Nộp hồ sơ trực tuyến" leads to the forms this portal takes, not to the directory filtered by
    # online mode (which lists procedures submitted online only on the national portal).
    form_index = form_index_make()
    html = html_of(client.get(form_index.url))
    assert 'href="/nop-ho-so-truc-tuyen/" aria-current="page">Nộp hồ sơ trực tuyến' in html
    assert 'href="/thu-tuc-hanh-chinh/" aria-current' not in html

    html = html_of(client.get("/thu-tuc-hanh-chinh/?truc_tuyen=1"))
    assert 'href="/thu-tuc-hanh-chinh/" aria-current="page">Thủ tục hành chính' in html
    assert 'truc_tuyen=1" aria-current' not in html


def test_no_inline_styles_or_scripts(client, commune, procedure, article_index):
    factories.article_make(parent=article_index, image=factories.image_make())
    for url in ("/", "/thu-tuc-hanh-chinh/", procedure.url, "/tin-tuc/", "/khong-ton-tai/"):
        html = client.get(url).content.decode()
        assert " style=" not in html and "<style" not in html, url
        assert "<script>" not in html and " onclick=" not in html, url


def test_home_page(client, commune, procedure_index, article_index):
    civil = factories.sector_make("Hộ tịch")
    certification = factories.sector_make("Chứng thực")
    factories.procedure_make(parent=procedure_index, title="Đăng ký khai sinh", code="1.001193", sector=civil)
    factories.procedure_make(parent=procedure_index, title="Đăng ký kết hôn", code="1.000894", sector=civil)
    factories.procedure_make(
        parent=procedure_index,
        title="Chứng thực chữ ký",
        code="2.000884",
        sector=certification,
        postal_submission=False,
        postal_return=False,
    )
    factories.article_make(parent=article_index, title="Nộp hồ sơ qua bưu điện thế nào?")
    factories.article_make(parent=article_index, title="Bài nháp chưa đăng", publish=False)

    response = client.get("/")
    html = html_of(response)

    assert response.status_code == 200
    assert 'id="tim-kiem-trang-chu"' in html
    assert html.index("Đăng ký khai sinh") < html.index("Đăng ký kết hôn") < html.index("Chứng thực chữ ký")
    assert re.search(r"Hộ tịch</span> <span class=\"sector-list__count\">2 thủ tục", html)
    assert re.search(r"Chứng thực</span> <span class=\"sector-list__count\">1 thủ tục", html)
    assert 'href="/thu-tuc-hanh-chinh/#linh-vuc-ho-tich"' in html
    assert '<strong class="postal__count">2</strong> thủ tục' in html
    assert "Nộp hồ sơ qua bưu điện thế nào?" in html
    assert "Bài nháp chưa đăng" not in html
    for step in ("Tìm thủ tục", "Chuẩn bị hồ sơ", "Nộp trực tuyến", "Theo dõi", "Nhận kết quả"):
        assert f'<h3 class="journey__title">{step}</h3>' in html


def test_home_page_fills_most_used_with_online_procedures(client, commune, procedure_index):
    factories.procedure_make(parent=procedure_index, title="Thủ tục không trực tuyến", online_mode=OnlineMode.NONE)
    factories.procedure_make(parent=procedure_index, title="Thủ tục trực tuyến toàn trình", online_mode=OnlineMode.FULL)

    html = html_of(client.get("/"))
    popular = html[html.index('id="thu-tuc-pho-bien"') : html.index('id="buu-chinh"')]

    assert "Thủ tục trực tuyến toàn trình" in popular
    assert "Thủ tục không trực tuyến" not in popular


@pytest.fixture
def directory(procedure_index):
    factories.procedure_make(
        parent=procedure_index,
        title="Đăng ký khai sinh",
        sector=factories.sector_make("Hộ tịch"),
        online_mode=OnlineMode.FULL,
        postal_submission=False,
        postal_return=False,
    )
    factories.procedure_make(
        parent=procedure_index,
        title="Chứng thực bản sao",
        sector=factories.sector_make("Chứng thực"),
        online_mode=OnlineMode.NONE,
        postal_submission=True,
        postal_return=False,
    )
    factories.procedure_make(
        parent=procedure_index,
        title="Hòa giải tranh chấp đất đai",
        sector=factories.sector_make("Đất đai"),
        online_mode=OnlineMode.NONE,
        postal_submission=False,
        postal_return=False,
    )
    return procedure_index


def test_directory_groups_procedures_by_sector(client, commune, directory):
    html = html_of(client.get("/thu-tuc-hanh-chinh/"))

    assert "Có <strong>3</strong> thủ tục" in html
    assert 'id="linh-vuc-ho-tich"' in html and 'id="linh-vuc-chung-thuc"' in html and 'id="linh-vuc-dat-dai"' in html
    chung_thuc, ho_tich = html.index('id="linh-vuc-chung-thuc"'), html.index('id="linh-vuc-ho-tich"')
    assert chung_thuc < html.index("Chứng thực bản sao") < ho_tich < html.index("Đăng ký khai sinh")
    assert 'name="truc_tuyen" value="1">' in html and 'name="buu_chinh" value="1">' in html
    assert "Bỏ lọc" not in html


def test_directory_sorts_sectors_and_procedures_in_vietnamese_order(client, commune, directory):
    factories.procedure_make(parent=directory, title="Ủy quyền lĩnh thay", sector=factories.sector_make("Chứng thực"))
    factories.procedure_make(parent=directory, title="Bản sao điện tử", sector=factories.sector_make("Chứng thực"))
    html = html_of(client.get("/thu-tuc-hanh-chinh/"))

    positions = [html.index(f'id="linh-vuc-{slug}"') for slug in ("chung-thuc", "dat-dai", "ho-tich")]
    assert positions == sorted(positions)
    titles = [html.index(title) for title in ("Bản sao điện tử", "Chứng thực bản sao", "Ủy quyền lĩnh thay")]
    assert titles == sorted(titles)


def test_vietnamese_sort_key():
    words = ["Hộ tịch", "Đất đai", "Dân tộc", "Ân xá", "An ninh", "Ủy quyền", "Em", "Cư trú"]
    assert sorted(words, key=vietnamese_sort_key) == [
        "An ninh",
        "Ân xá",
        "Cư trú",
        "Dân tộc",
        "Đất đai",
        "Em",
        "Hộ tịch",
        "Ủy quyền",
    ]


def test_directory_filters_online(client, commune, directory):
    html = html_of(client.get("/thu-tuc-hanh-chinh/", {"truc_tuyen": "1"}))

    assert "Đăng ký khai sinh" in html
    assert "Chứng thực bản sao" not in html and "Hòa giải tranh chấp" not in html
    assert 'name="truc_tuyen" value="1" checked>' in html
    assert "Có <strong>1</strong> thủ tục nộp được trực tuyến" in html
    assert "Bỏ lọc" in html


def test_directory_filters_postal(client, commune, directory):
    html = html_of(client.get("/thu-tuc-hanh-chinh/", {"buu_chinh": "1"}))

    assert "Chứng thực bản sao" in html
    assert "Đăng ký khai sinh" not in html and "Hòa giải tranh chấp" not in html
    assert 'name="buu_chinh" value="1" checked>' in html


def test_directory_filters_combined_with_nothing_found(client, commune, directory):
    html = html_of(client.get("/thu-tuc-hanh-chinh/", {"truc_tuyen": "1", "buu_chinh": "1"}))

    assert "Không có thủ tục nào phù hợp với bộ lọc." in html
    assert 'class="procedure-card"' not in html


def test_directory_ignores_unknown_filter_values(client, commune, directory):
    html = html_of(client.get("/thu-tuc-hanh-chinh/", {"truc_tuyen": "có", "buu_chinh": "<script>"}))
    assert "Có <strong>3</strong> thủ tục" in html


def test_procedure_page_renders_every_section(client, commune, procedure_index):
    template = factories.document_make(title="Tờ khai đăng ký khai sinh", filename="to-khai-khai-sinh.docx")
    procedure = factories.procedure_make(
        parent=procedure_index,
        title="Đăng ký khai sinh",
        code="1.001193",
        summary="Đăng ký khai sinh cho trẻ em sinh ra tại Việt Nam.",
        service_level=3,
        online_mode=OnlineMode.PARTIAL,
        postal_submission=True,
        postal_return=False,
        fees="Miễn lệ phí đăng ký khai sinh đúng hạn",
        conditions="Cha, mẹ có trách nhiệm đăng ký khai sinh trong 60 ngày.",
        result="Giấy khai sinh (bản chính)",
        decision_number="1872/QĐ-BTP",
        legal_basis=[("document", {"title": "Luật Hộ tịch", "number": "60/2014/QH13"})],
    )
    first = procedure.required_documents.first()
    first.template = template
    first.template_name = "Tờ khai đăng ký khai sinh"
    first.save()

    response = client.get(procedure.url)
    html = html_of(response)

    assert response.status_code == 200
    assert '<h1 class="procedure__title">Đăng ký khai sinh</h1>' in html
    # Summary box
    assert '<span class="code">1.001193</span>' in html
    assert "<dt>Lĩnh vực</dt><dd>Hộ tịch</dd>" in html
    assert "03 ngày làm việc" in html
    assert "Miễn lệ phí đăng ký khai sinh đúng hạn" in html
    assert "Mức độ 3</span>" in html and "Trực tuyến một phần</span>" in html
    assert '<span class="summary-box__note">Nộp hồ sơ trực tuyến</span>' in html
    assert html.count("Mức độ 3") == 1  # the badge, not repeated by the description
    assert "Trực tiếp, Trực tuyến, Dịch vụ bưu chính" in html
    assert "Nhận hồ sơ qua bưu điện: <strong>Có</strong>" in html
    assert "Trả kết quả qua bưu điện: <strong>Không</strong>" in html
    assert "Ủy ban nhân dân cấp xã" in html
    # Sections
    for section in ("trinh-tu-thuc-hien", "cach-thuc-thuc-hien", "thanh-phan-ho-so", "yeu-cau-dieu-kien", "ket-qua"):
        assert f'id="{section}"' in html
    assert '<h3 class="steps__title">Bước 3</h3>' in html
    assert "Tờ khai 2" in html
    assert f'href="{template.url}" download>Tải Tờ khai đăng ký khai sinh</a>' in html
    assert "(DOCX, 2,0\xa0KB)" in html
    assert "trong 60 ngày" in html and "Giấy khai sinh (bản chính)" in html
    assert '<td class="nowrap">60/2014/QH13</td><td>Luật Hộ tịch</td>' in html
    assert "1872/QĐ-BTP" in html
    # Actions
    assert ">Tải mẫu đơn, tờ khai</a>" in html
    assert ">Xem trên Cổng Dịch vụ công quốc gia</a>" in html


def test_procedure_page_without_templates_or_national_link(client, commune, procedure_index):
    procedure = factories.procedure_make(
        parent=procedure_index, documents=0, national_portal_url="", online_mode=OnlineMode.NONE
    )
    html = html_of(client.get(procedure.url))

    assert "Tải mẫu đơn, tờ khai" not in html
    assert "Xem trên Cổng Dịch vụ công quốc gia" not in html
    assert "Chưa có dịch vụ trực tuyến" in html
    assert "Không có thông tin về thành phần hồ sơ" in html


def test_procedure_page_lists_each_form_template_once_under_the_summary(client, commune, procedure_index):
    procedure = factories.procedure_make(parent=procedure_index, documents=3)
    form = factories.document_make(title="Tờ khai thay đổi thông tin cư trú", filename="ct01.docx", size=3000)
    for document in procedure.required_documents.all()[:2]:  # one form serves two documents
        document.template = form
        document.save()

    html = html_of(client.get(procedure.url))
    box = html[html.index('id="mau-don-to-khai"') : html.index('id="muc-luc"')]

    assert 'class="button button--secondary" href="#mau-don-to-khai">Tải mẫu đơn, tờ khai</a>' in html
    assert box.count("download-list__link") == 1
    assert f'href="{form.url}" download>Tải Tờ khai thay đổi thông tin cư trú</a>' in box
    assert "(DOCX, 2,9\xa0KB)" in box
    assert html.index('id="mau-don-to-khai"') < html.index('id="trinh-tu-thuc-hien"')


def test_procedure_page_document_template_download_works(client, commune, procedure_index):
    procedure = factories.procedure_make(parent=procedure_index, documents=1)
    document = procedure.required_documents.get()
    document.template = factories.document_make(filename="mau-don.docx", size=100)
    document.save()

    html = html_of(client.get(procedure.url))
    href = re.search(r'<a class="download-link" href="([^"]+)" download>', html).group(1)
    response = client.get(href)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"x" * 100


# Query budgets (issue 19): measured on a cold render, with the page cache and the worker's memos
# off (``memo_off``) and every cache alias emptied, so an added query per document, step or card
# shows; the same pages on a warm memo are in tests/cms/test_cache.py (0 queries).
# 12 since issue 13: the fee items (one query, however many); +2 since issue #17 for the commune's
# catalogue (its directory, then its local procedures), kept in worker memory once warm.
PROCEDURE_PAGE_COLD_QUERIES = 14
ARTICLE_INDEX_COLD_QUERIES = 11
LISTING_COLD_QUERIES = {"/": 17, "/thu-tuc-hanh-chinh/": 11, "/thu-tuc-hanh-chinh/?buu_chinh=1": 11}


@pytest.mark.parametrize("count", [2, 30])
def test_procedure_page_query_budget(client, commune, procedure_index, memo_off, django_assert_num_queries, count):
    """The same number of queries however many documents and steps, every document with a template."""
    procedure = factories.procedure_make(parent=procedure_index, documents=count, steps=count)
    procedure.audiences.add(Audience.objects.get_or_create(name="Công dân Việt Nam")[0])
    procedure.save_revision().publish()
    for i, document in enumerate(procedure.required_documents.all()):
        document.template = factories.document_make(title=f"Mẫu {i + 1}", filename=f"mau-{i + 1}.docx")
        document.save()
    client.get(procedure.url)  # the first request of a site creates its settings row
    caches_clear()  # and a cold cache: Wagtail caches the sites' root paths

    with django_assert_num_queries(PROCEDURE_PAGE_COLD_QUERIES):
        response = client.get(procedure.url)

    assert "X-Page-Cache" not in response
    html = html_of(response)
    assert html.count('class="download-link"') == count
    assert html.count('class="steps__item"') == count
    assert "Công dân Việt Nam" in html


def test_article_index_paginates_with_trang(client, commune, article_index):
    for i in range(12):
        factories.article_make(parent=article_index, title=f"Tin số {i:02d}", date=f"2026-03-{i + 1:02d}")

    first = html_of(client.get("/tin-tuc/"))
    second = html_of(client.get("/tin-tuc/", {"trang": "2"}))

    assert first.count('class="article-card"') == 10
    assert "Tin số 11" in first and "Tin số 02" in first and "Tin số 01" not in first
    assert second.count('class="article-card"') == 2
    assert "Tin số 01" in second and "Tin số 00" in second
    assert 'href="?trang=2"' in first and 'rel="next"' in first
    assert 'href="?trang=1"' in second and 'rel="prev"' in second
    assert '<link rel="alternate" type="application/rss+xml"' in first


@pytest.mark.parametrize("value", ["99", "abc", "-1", ""])
def test_article_index_survives_bad_page_numbers(client, commune, article_index, value):
    factories.article_make(parent=article_index, title="Tin duy nhất")
    response = client.get("/tin-tuc/", {"trang": value})
    assert response.status_code == 200
    assert "Tin duy nhất" in html_of(response)


def test_article_index_without_articles(client, commune, article_index):
    html = html_of(client.get("/tin-tuc/"))
    assert "Chưa có tin bài nào." in html


def test_article_page(client, commune, article_index):
    image = factories.image_make()
    article = factories.article_make(
        parent=article_index,
        title="Nhận kết quả qua bưu chính công ích",
        date="2026-05-19",
        lead="Người dân không phải đến trụ sở để nhận kết quả.",
        image=image,
        tags=["bưu chính", "dịch vụ công"],
        body=[
            ("heading", {"text": "Cách đăng ký", "level": "h2"}),
            ("paragraph", RichText("<p>Chọn <b>nhận qua bưu điện</b> khi nộp hồ sơ.</p>")),
            ("quote", {"text": "Thuận tiện cho người dân.", "source": "Chủ tịch UBND xã"}),
            ("callout", {"kind": "warning", "title": "Lưu ý", "text": RichText("<p>Mang theo CCCD.</p>")}),
            ("image", {"image": image, "alt_text": "Quầy tiếp nhận hồ sơ", "caption": "Bộ phận Một cửa"}),
            ("document", {"document": factories.document_make(), "title": "Tải tờ khai"}),
        ],
    )

    response = client.get(article.url)
    html = html_of(response)

    assert response.status_code == 200
    assert "<h1>Nhận kết quả qua bưu chính công ích</h1>" in html
    assert '<time datetime="2026-05-19">19/05/2026</time>' in html
    assert "Người dân không phải đến trụ sở" in html
    assert '<h2 class="block-heading">Cách đăng ký</h2>' in html
    assert "<b>nhận qua bưu điện</b>" in html
    assert "— Chủ tịch UBND xã" in html
    assert 'class="callout callout--warning"' in html
    assert 'alt="Quầy tiếp nhận hồ sơ"' in html and "<figcaption>Bộ phận Một cửa</figcaption>" in html
    assert 'alt="Bộ phận Một cửa"' in html  # the lead image's alternative text is the image's title
    assert ">Tải tờ khai</a>" in html
    assert '<li class="tag">bưu chính</li>' in html
    assert 'href="/">Trang chủ</a>' in html and 'href="/tin-tuc/">Tin tức</a>' in html


def test_standard_page(client, commune, home):
    page = home.add_child(
        instance=StandardPage(
            title="Giới thiệu Bộ phận Một cửa",
            slug="gioi-thieu",
            intro="Nơi tiếp nhận và trả kết quả.",
            body=[("heading", {"text": "Nhiệm vụ", "level": "h3"})],
        )
    )
    page.save_revision().publish()

    html = html_of(client.get("/gioi-thieu/"))

    assert "<h1>Giới thiệu Bộ phận Một cửa</h1>" in html
    assert "Nơi tiếp nhận và trả kết quả." in html
    assert '<h3 class="block-heading">Nhiệm vụ</h3>' in html


@pytest.mark.parametrize(("slug", "label"), [("lien-he", "Liên hệ"), ("bo-phan-mot-cua", "Bộ phận Một cửa")])
def test_contact_and_one_stop_pages_are_marked_current_in_the_navigation(client, commune, home, slug, label):
    home.add_child(instance=StandardPage(title=label, slug=slug, intro="Thông tin.")).save_revision().publish()

    html = html_of(client.get(f"/{slug}/"))

    assert f'<a class="main-nav__link" href="/{slug}/" aria-current="page">{label}</a>' in html
    assert html.count('aria-current="page">') == 2  # the navigation entry and the breadcrumb


def test_draft_pages_are_not_served(client, commune, article_index):
    draft = factories.article_make(parent=article_index, title="Bản nháp", publish=False)
    assert client.get(f"/tin-tuc/{draft.slug}/").status_code == 404


def test_procedure_routing_answers_404_for_unknown_paths(client, commune, procedure):
    assert client.get(procedure.url).status_code == 200
    assert client.get("/thu-tuc-hanh-chinh/khong-co-thu-tuc-nay/").status_code == 404
    assert client.get(f"{procedure.url}them/").status_code == 404
    procedure.unpublish()
    assert client.get(procedure.url).status_code == 404


def test_404_page_in_vietnamese(client, commune, home):
    response = client.get("/khong-co-trang-nay/")
    html = html_of(response)

    assert response.status_code == 404
    assert '<html lang="vi">' in html
    assert "Không tìm thấy trang bạn cần" in html
    assert 'href="/thu-tuc-hanh-chinh/"' in html and 'id="tim-kiem-404"' in html
    assert "Ủy ban nhân dân xã Hàm Chính" in html  # the footer still gives the contact details


def test_500_page_needs_neither_request_context_nor_database():
    # Without the db fixture any query raises: the error page must render when the database is down.
    handler = get_resolver().resolve_error_handler(500)
    response = handler(RequestFactory().get("/"))
    standalone = loader.get_template("500.html").render()

    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="vi">' in html
    assert "Xin lỗi, hệ thống đang gặp sự cố" in html
    assert 'href="/thu-tuc-hanh-chinh/"' in html
    assert not UNEXPANDED.search(standalone)


@pytest.mark.parametrize("articles", [1, 10])
def test_article_index_query_budget(client, commune, article_index, memo_off, django_assert_num_queries, articles):
    """The same number of queries for one article card as for ten, each with its image."""
    for _ in range(articles):
        factories.article_make(parent=article_index, image=factories.image_make())
    client.get("/tin-tuc/")  # renditions are created on first use
    caches_clear()  # Wagtail also caches renditions; measure what a cold cache costs

    with django_assert_num_queries(ARTICLE_INDEX_COLD_QUERIES):
        html = html_of(client.get("/tin-tuc/"))

    assert html.count('class="article-card__image"') == articles


@pytest.mark.parametrize("url", sorted(LISTING_COLD_QUERIES))
@pytest.mark.parametrize("rounds", [1, 7])
def test_listing_query_budget(
    client, commune, procedure_index, article_index, memo_off, django_assert_num_queries, url, rounds
):
    """Home and directory: the same number of queries with one sector and procedure as with seven."""
    for _ in range(rounds):
        sector = factories.sector_make(f"Lĩnh vực {next(SECTOR_NUMBERS)}")
        factories.procedure_make(parent=procedure_index, sector=sector, documents=1, steps=1)
        factories.article_make(parent=article_index, image=factories.image_make())
    client.get(url)
    caches_clear()

    with django_assert_num_queries(LISTING_COLD_QUERIES[url]):
        response = client.get(url)

    assert "X-Page-Cache" not in response
    assert html_of(response).count('class="procedure-card"') >= min(rounds, 6)  # the home page shows six


def test_unit_names_read_one_way_inside_the_portals_sentences(client, commune, procedure_index):
    # As the list of administrative units and the national catalogue write them (cms.text).
    commune.commune_name = "Xã Hàm Chính"
    commune.province = "Tỉnh Lâm Đồng"
    commune.save()
    procedure = factories.procedure_make(parent=procedure_index)
    procedure.agencies.set([factories.agency_make("Công an cấp Xã"), factories.agency_make("UBND Xã")])
    procedure.save_revision().publish()

    html = html_of(client.get("/"))
    assert '<span class="brand__portal">Cổng dịch vụ công xã Hàm Chính, tỉnh Lâm Đồng</span>' in html
    assert f"© {timezone.localdate().year} Ủy ban nhân dân xã Hàm Chính, tỉnh Lâm Đồng.</p>" in html
    assert 'id="hero-title">Cổng dịch vụ công xã Hàm Chính</h1>' in html
    assert "Xã Hàm Chính" not in html and "Tỉnh Lâm Đồng" not in html

    html = html_of(client.get(procedure.url))
    assert "<dt>Cơ quan thực hiện</dt><dd>Công an cấp xã; UBND xã</dd>" in html


@pytest.mark.parametrize("url", ["/", "/thu-tuc-hanh-chinh/"])
def test_a_commune_sharing_the_catalogue_lists_it_without_a_query_per_link(
    client, commune, procedure_index, memo_off, url
):
    """Issue #17: on a commune whose directory shares the catalogue, each procedure link is built
    from its loaded ``url_path`` (listings defer ``slug``), the same queries for one as for seven."""
    b = factories.commune_make()
    counts = []
    for rounds in (1, 6):
        for _ in range(rounds):
            sector = factories.sector_make(f"Lĩnh vực {next(SECTOR_NUMBERS)}")
            factories.procedure_make(parent=procedure_index, sector=sector, documents=1, steps=1)
        client.get(url, HTTP_HOST=b.hostname)
        caches_clear()
        with CaptureQueriesContext(connection) as queries:
            html = html_of(client.get(url, HTTP_HOST=b.hostname))
        counts.append(len(queries))
        assert f'href="http://{b.hostname}/thu-tuc-hanh-chinh/' in html or 'href="/thu-tuc-hanh-chinh/' in html
    assert counts[1] == counts[0]
