"""One shared catalogue, published by every commune at its own address (issue #17).

Two communes (``two_communes``): ``a`` the default site at localhost, which holds the catalogue,
and ``b`` xã Hàm Thuận Bắc at hamthuanbac.test, whose directory shares it. A procedure read on
B's host links within B, with B's settings; B's home shows B's articles only.
"""

import re
import xml.etree.ElementTree as ET

import pytest

from django.test import RequestFactory

from cms.models import ArticleIndexPage, CommuneSettings
from tests import factories

B = "hamthuanbac.test"


def hrefs(response) -> list[str]:
    return re.findall(r'href="([^"]+)"', response.content.decode())


def sitemap_locations(response) -> list[str]:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", namespace)]


def rss_titles(response) -> list[str]:
    channel = ET.fromstring(response.content).find("channel")
    return [item.find("title").text for item in channel.findall("item")]


@pytest.fixture
def communes(two_communes):
    """The two communes with a hotline and address each, and B's news list."""
    for site, hotline, address in (
        (two_communes.a, "0252 3860 111", "Thôn 1, xã Hàm Liêm"),
        (two_communes.b, "0252 3865 222", "Thôn Lâm Hòa, xã Hàm Thuận Bắc"),
    ):
        settings = CommuneSettings.for_site(site)
        settings.hotline, settings.address = hotline, address
        settings.save()
    two_communes.news_b = ArticleIndexPage.objects.child_of(two_communes.b.root_page).get()
    return two_communes


def test_directory_of_the_sharing_commune_lists_the_shared_procedures_at_its_own_address(client, communes):
    slug = communes.procedure.slug

    response = client.get("/thu-tuc-hanh-chinh/", HTTP_HOST=B)

    assert response.status_code == 200
    assert f"/thu-tuc-hanh-chinh/{slug}/" in hrefs(response)
    assert not any("localhost" in href for href in hrefs(response))


def test_procedure_page_on_the_sharing_commune_shows_its_settings_and_links_within_its_host(client, communes):
    slug = communes.procedure.slug

    response = client.get(f"/thu-tuc-hanh-chinh/{slug}/", HTTP_HOST=B)
    html = response.content.decode()

    assert response.status_code == 200
    assert "0252 3865 222" in html  # B's hotline in the footer, not A's
    assert "0252 3860 111" not in html
    assert f"Bản in từ http://{B}/thu-tuc-hanh-chinh/{slug}/" in html
    # Breadcrumbs: B's home and B's directory, relative to B's host.
    trail = re.search(r'<nav class="breadcrumbs.*?</nav>', html, re.S).group(0)
    assert re.findall(r'href="([^"]+)"', trail) == ["/", "/thu-tuc-hanh-chinh/"]
    assert not any("localhost" in href for href in hrefs(response))


def test_procedure_urls_follow_the_request_commune(communes):
    procedure = communes.procedure
    on_a = RequestFactory().get("/", HTTP_HOST="localhost")
    on_b = RequestFactory().get("/", HTTP_HOST=B)

    assert procedure.get_url(on_a) == f"/thu-tuc-hanh-chinh/{procedure.slug}/"
    assert procedure.get_url(on_b) == f"/thu-tuc-hanh-chinh/{procedure.slug}/"
    assert procedure.get_full_url(on_a) == f"http://localhost/thu-tuc-hanh-chinh/{procedure.slug}/"
    assert procedure.get_full_url(on_b) == f"http://{B}/thu-tuc-hanh-chinh/{procedure.slug}/"
    # Without a request: the catalogue owner's address, as before.
    assert procedure.get_full_url() == f"http://localhost/thu-tuc-hanh-chinh/{procedure.slug}/"


def test_home_of_each_commune_shows_its_own_articles_and_the_shared_procedures(client, communes):
    factories.article_make(parent=factories.article_index_make(), title="Tin của xã Hàm Liêm")
    factories.article_make(parent=communes.news_b, title="Tin của xã Hàm Thuận Bắc")
    slug = communes.procedure.slug

    home_a = client.get("/").content.decode()
    home_b = client.get("/", HTTP_HOST=B)

    assert "Tin của xã Hàm Liêm" in home_a and "Tin của xã Hàm Thuận Bắc" not in home_a
    html_b = home_b.content.decode()
    assert "Tin của xã Hàm Thuận Bắc" in html_b and "Tin của xã Hàm Liêm" not in html_b
    assert f"/thu-tuc-hanh-chinh/{slug}/" in hrefs(home_b)
    assert not any(href.startswith("http://localhost") for href in hrefs(home_b))


def test_home_sections_kept_in_memory_differ_per_commune(client, communes, settings):
    """The memo (on here: no ``memo_off``) is keyed per commune: A's sections never reach B."""
    settings.PAGE_CACHE_ENABLED = False
    factories.article_make(parent=factories.article_index_make(), title="Tin của xã Hàm Liêm")
    factories.article_make(parent=communes.news_b, title="Tin của xã Hàm Thuận Bắc")

    client.get("/")
    client.get("/thu-tuc-hanh-chinh/")
    html_b = client.get("/", HTTP_HOST=B).content.decode()
    directory_b = client.get("/thu-tuc-hanh-chinh/", HTTP_HOST=B)

    assert "Tin của xã Hàm Liêm" not in html_b
    assert f"/thu-tuc-hanh-chinh/{communes.procedure.slug}/" in hrefs(directory_b)


def test_sector_counts_and_postal_count_follow_what_each_commune_carries_out(client, communes):
    from cms.models import LocalProcedure

    certification = factories.sector_make("Chứng thực")
    factories.procedure_make(title="Chứng thực bản sao", sector=certification)
    dropped = factories.procedure_make(title="Chứng thực chữ ký", sector=certification)
    LocalProcedure.objects.create(site=communes.b, procedure=dropped, carried_out=False)

    html_a = client.get("/").content.decode()
    html_b = client.get("/", HTTP_HOST=B).content.decode()

    def counts(html):
        pairs = re.findall(r'sector-list__name">([^<]+)</span> <span class="sector-list__count">(\d+) thủ tục', html)
        postal = re.search(r'postal__count">(\d+)<', html).group(1)
        return dict(pairs), postal

    assert counts(html_a) == ({"Chứng thực": "2", "Hộ tịch": "1"}, "3")
    assert counts(html_b) == ({"Hộ tịch": "1", "Chứng thực": "1"}, "2")


def test_sitemap_of_each_commune_lists_the_shared_procedures_at_its_address(client, communes):
    slug = communes.procedure.slug

    locations_a = sitemap_locations(client.get("/sitemap.xml", HTTP_HOST="localhost"))
    locations_b = sitemap_locations(client.get("/sitemap.xml", HTTP_HOST=B))

    assert f"http://localhost/thu-tuc-hanh-chinh/{slug}/" in locations_a
    assert f"http://{B}/thu-tuc-hanh-chinh/{slug}/" in locations_b
    assert not any("localhost" in location for location in locations_b)
    assert f"http://{B}/thu-tuc-hanh-chinh/" in locations_b


def test_feed_of_the_sharing_commune_lists_its_own_articles(client, communes):
    factories.article_make(parent=factories.article_index_make(), title="Tin của xã Hàm Liêm")
    factories.article_make(parent=communes.news_b, title="Tin của xã Hàm Thuận Bắc", slug="tin-htb")

    response = client.get("/tin-tuc/rss.xml", HTTP_HOST=B)

    assert rss_titles(response) == ["Tin của xã Hàm Thuận Bắc"]
    assert f"http://{B}/tin-tuc/tin-htb/" in response.content.decode()


def test_a_procedure_not_in_the_catalogue_is_a_404_on_the_sharing_commune(client, communes):
    assert client.get("/thu-tuc-hanh-chinh/khong-co-thu-tuc-nay/", HTTP_HOST=B).status_code == 404


# -- the national text is shared: an update reaches every commune at once -------------------------


def national_change(raw: dict) -> dict:
    """The same record after the ministry changed its conditions and its result."""
    return dict(raw, yeu_cau_dieu_kien="Điều kiện mới theo Luật Cư trú 2026.", ket_qua_xu_ly="Kết quả mới năm 2026")


@pytest.fixture
def imported(communes):
    """ "Gia hạn tạm trú" (1.002755) imported once into the shared catalogue, and its record."""
    from pathlib import Path

    from cms.importer import parse_record, read_records
    from cms.services import procedure_upsert

    sample = {raw["ma_thu_tuc"]: raw for raw in read_records(Path(__file__).parent / "data" / "catalogue_sample.jsonl")}
    raw = sample["1.002755"]
    page, _ = procedure_upsert(data=parse_record(raw), parent=factories.procedure_index_make(), all_levels=False)
    communes.imported, communes.raw = page, raw
    return communes


def test_an_import_update_of_the_national_text_shows_on_every_commune_at_once(client, imported):
    from cms.services import procedures_import

    url = imported.imported.get_url(RequestFactory().get("/", HTTP_HOST=B))
    before_b = client.get(url, HTTP_HOST=B)  # now in the page cache and the worker's memo
    assert before_b.status_code == 200 and "Kết quả mới năm 2026" not in before_b.content.decode()

    result = procedures_import(records=[national_change(imported.raw)], parent=factories.procedure_index_make())

    assert result.updated == 1
    assert "Kết quả mới năm 2026" in client.get(url, HTTP_HOST=B).content.decode()
    assert "Kết quả mới năm 2026" in client.get(url).content.decode()


def test_an_accepted_proposal_shows_on_every_commune_at_once(client, imported):
    from django.contrib.auth import get_user_model

    from cms.models import ProcedurePage, ProcedureUpdateProposal
    from cms.services import procedures_import, proposal_accept

    editor = get_user_model().objects.create_user("bientap", password="x", is_superuser=True)
    page = ProcedurePage.objects.get(pk=imported.imported.pk)
    page.conditions = "Văn bản của xã Hàm Liêm"
    page.save_revision(user=editor).publish(user=editor)
    procedures_import(records=[national_change(imported.raw)], parent=factories.procedure_index_make())
    url = f"/thu-tuc-hanh-chinh/{page.slug}/"
    assert "Văn bản của xã Hàm Liêm" in client.get(url, HTTP_HOST=B).content.decode()

    proposal_accept(proposal=ProcedureUpdateProposal.objects.get(field="conditions"), user=editor)

    html_b = client.get(url, HTTP_HOST=B).content.decode()
    assert "Điều kiện mới theo Luật Cư trú 2026." in html_b
    assert "Văn bản của xã Hàm Liêm" not in html_b
