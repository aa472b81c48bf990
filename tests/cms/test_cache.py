"""The anonymous page cache: what is stored, who is served from it, and what drops it."""

import pytest

from django.contrib.auth.models import User
from django.test import override_settings

from wagtail.contrib.frontend_cache.utils import purge_page_from_cache
from wagtail.models import PageViewRestriction, Site

from cms import cache as page_cache
from cms.cache import deploy_version, generation_memo, page_cache_generation
from cms.models import CommuneSettings, ProcedureDocument
from forms.models import Dossier
from tests import factories
from tests.caching import page_cache_entries
from tests.forms.factories import dossier_make, form_page_make


@pytest.fixture(autouse=True)
def commune_settings(home):
    """The settings row exists, as on any site after its first page view (creating it drops the cache)."""
    return CommuneSettings.for_site(Site.objects.get(is_default_site=True))


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.get("X-Page-Cache")


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(client, procedure, django_assert_num_queries):
    first, state = get(client, procedure.url)
    assert (first.status_code, state) == (200, "miss")
    with django_assert_num_queries(0):
        second, state = get(client, procedure.url)
    assert state == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Content-Security-Policy" in second


def test_each_meaningful_query_string_is_its_own_entry(client, procedure_index, procedure):
    counter = factories.procedure_make(
        parent=procedure_index,
        title="Chứng thực bản sao",
        online_mode="none",
        postal_submission=False,
        postal_return=False,
    )
    plain, state = get(client, procedure_index.url)
    assert state == "miss"
    assert counter.title in plain.content.decode()
    online, state = get(client, procedure_index.url + "?truc_tuyen=1")
    assert state == "miss"
    assert counter.title not in online.content.decode() and procedure.title in online.content.decode()
    assert get(client, procedure_index.url + "?truc_tuyen=1")[1] == "hit"
    by_post, state = get(client, procedure_index.url + "?buu_chinh=1")
    assert state == "miss"
    assert counter.title not in by_post.content.decode()


def test_a_campaign_parameter_is_served_the_plain_page_and_adds_no_entry(client, procedure_index, procedure):
    """Issue 16: ``?utm=<random>`` once bypassed the cache and stored a new entry on every visit."""
    plain, state = get(client, procedure_index.url)
    assert state == "miss"
    stored = page_cache_entries()
    for n in range(5):
        response, state = get(client, f"{procedure_index.url}?utm_source=zalo&utm={n:08x}")
        assert state == "hit"
        assert response.content == plain.content
    assert page_cache_entries() == stored


def test_a_campaign_parameter_on_a_filtered_list_is_served_that_list(client, procedure_index, procedure):
    factories.procedure_make(parent=procedure_index, title="Chứng thực bản sao", online_mode="none")
    online, _ = get(client, procedure_index.url + "?truc_tuyen=1")
    response, state = get(client, procedure_index.url + "?utm=abc&truc_tuyen=1")
    assert state == "hit"
    assert response.content == online.content
    assert "Chứng thực bản sao" not in response.content.decode()


def test_the_page_number_of_the_news_list_is_its_own_entry(client, article_index):
    for i in range(12):
        factories.article_make(parent=article_index, title=f"Tin số {i:02d}", date=f"2026-03-{i + 1:02d}")
    first, _ = get(client, article_index.url)
    second, state = get(client, f"{article_index.url}?trang=2")
    assert state == "miss"
    assert "Tin số 11" in first.content.decode() and "Tin số 11" not in second.content.decode()
    assert "Tin số 00" in second.content.decode() and "Tin số 00" not in first.content.decode()
    third, state = get(client, f"{article_index.url}?fbclid=IwAR0&trang=2")
    assert (state, third.content) == ("hit", second.content)


def test_the_search_page_is_never_stored_so_each_query_gets_its_own_answer(client, procedure):
    for query in ("khai sinh", "kết hôn", "khai sinh"):
        response = client.get("/tra-cuu/", {"q": query})
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert f'value="{query}"' in response.content.decode()


def test_publishing_a_new_revision_drops_the_cache(client, procedure):
    get(client, procedure.url)
    procedure.title = "Đăng ký khai sinh lưu động"
    procedure.save_revision().publish()
    response, state = get(client, procedure.url)
    assert state == "miss"
    assert "Đăng ký khai sinh lưu động" in response.content.decode()


def test_publishing_a_page_drops_the_listings_that_show_it(client, procedure_index, procedure):
    get(client, procedure_index.url)
    factories.procedure_make(parent=procedure_index, title="Đăng ký kết hôn")
    response, state = get(client, procedure_index.url)
    assert state == "miss"
    assert "Đăng ký kết hôn" in response.content.decode()


def test_unpublishing_drops_the_page(client, procedure):
    get(client, procedure.url)
    procedure.unpublish()
    assert client.get(procedure.url).status_code == 404


def test_moving_a_page_sends_its_old_address_to_the_new_one(client, home, procedure_index, procedure):
    old_url = procedure.url
    get(client, old_url)
    other = home.add_child(instance=factories.ProcedureIndexPage(title="Thủ tục khác", slug="thu-tuc-khac"))
    procedure.move(other, pos="last-child")
    procedure.refresh_from_db()
    moved = client.get(old_url)  # Wagtail's automatic redirect, not the stored page
    assert (moved.status_code, moved["Location"]) == (301, procedure.url)
    assert client.get(procedure.url).status_code == 200


def test_deleting_a_page_drops_it(client, procedure):
    url = procedure.url
    get(client, url)
    procedure.delete()
    assert client.get(url).status_code == 404


def test_renaming_a_sector_drops_the_pages_that_show_it(client, procedure):
    get(client, procedure.url)
    procedure.sector.name = "Hộ tịch – Quốc tịch"
    procedure.sector.save()
    response, state = get(client, procedure.url)
    assert state == "miss"
    assert "Hộ tịch – Quốc tịch" in response.content.decode()


def test_saving_a_draft_keeps_the_cache(client, procedure):
    get(client, procedure.url)
    procedure.title = "Bản nháp chưa duyệt"
    procedure.save_revision()
    response, state = get(client, procedure.url)
    assert state == "hit"
    assert "Bản nháp chưa duyệt" not in response.content.decode()


def test_wagtail_purge_goes_through_our_backend(procedure):
    before = page_cache_generation()
    purge_page_from_cache(procedure)
    assert page_cache_generation() != before


def test_editors_always_get_a_fresh_page_and_store_nothing(client, procedure):
    editor = User.objects.create_user("bientapvien", password="x", is_staff=True)
    client.force_login(editor)
    assert get(client, procedure.url)[1] is None
    assert get(client, procedure.url)[1] is None
    client.logout()
    client.cookies.clear()
    assert get(client, procedure.url)[1] == "miss"


def test_a_visitor_with_a_csrf_cookie_is_served_but_stores_nothing(client, procedure):
    client.cookies["csrftoken"] = "a" * 32
    assert get(client, procedure.url)[1] is None
    del client.cookies["csrftoken"]
    assert get(client, procedure.url)[1] == "miss"
    client.cookies["csrftoken"] = "a" * 32
    assert get(client, procedure.url)[1] == "hit"


def test_a_pending_message_bypasses_the_cache(client, procedure):
    get(client, procedure.url)
    client.cookies["messages"] = "x"
    assert get(client, procedure.url)[1] is None


def test_form_pages_with_a_csrf_token_are_never_stored(client, procedure):
    form_page = form_page_make(procedure=procedure)
    for _ in range(2):
        response = client.get(form_page.url)
        client.cookies.clear()
        assert response.status_code == 200
        assert "X-Page-Cache" not in response


def test_private_pages_are_never_stored(client, procedure):
    dossier = dossier_make(page=form_page_make(procedure=procedure))
    url = f"/tra-cuu-ho-so/{dossier.access_token}/"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert Dossier.objects.count() == 1


def test_a_post_is_never_served_from_the_cache_nor_stored(client, procedure):
    # Wagtail answers a POST to a procedure page with the page itself: a 200 marked cacheable.
    posted = client.post(procedure.url)
    assert posted.status_code == 200
    assert "X-Page-Cache" not in posted
    assert get(client, procedure.url)[1] == "miss"  # the POST stored nothing
    assert "X-Page-Cache" not in client.post(procedure.url)  # nor is it served what the GET stored


def test_a_head_is_never_served_from_the_cache_nor_stored(client, procedure):
    head = client.head(procedure.url)
    assert head.status_code == 200
    assert "X-Page-Cache" not in head
    assert get(client, procedure.url)[1] == "miss"  # the HEAD stored nothing
    assert "X-Page-Cache" not in client.head(procedure.url)  # nor is it served what the GET stored


def test_the_same_address_on_another_host_is_its_own_entry(client, procedure):
    # On an installation serving several communes, one site's page never answers another host.
    assert get(client, procedure.url, HTTP_HOST="xa-ham-chinh.example")[1] == "miss"
    assert get(client, procedure.url, HTTP_HOST="xa-ham-chinh.example")[1] == "hit"
    assert get(client, procedure.url, HTTP_HOST="xa-ham-liem.example")[1] == "miss"


@override_settings(PAGE_CACHE_ENABLED=False)
def test_the_cache_can_be_switched_off(client, procedure):
    assert get(client, procedure.url)[1] is None
    assert get(client, procedure.url)[1] is None


@pytest.fixture
def broken_page_cache(tmp_path):
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("")
    broken = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(not_a_directory / "pages"),
        },
    }
    with override_settings(CACHES=broken):  # Django's test signals rebuild the cache handler
        yield


def test_a_broken_cache_still_serves_the_page(client, procedure, broken_page_cache, caplog):
    response = client.get(procedure.url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    # Said once for the request, not again by every memo lookup that would try the cache anew.
    assert caplog.text.count("Page cache unreadable") == 1


# What the worker keeps in memory between purges (cms.cache.generation_memo).


def test_a_new_view_restriction_applies_at_once(client, procedure):
    assert client.get(procedure.url).status_code == 200
    PageViewRestriction.objects.create(page=procedure, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(procedure.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"] or "dang-nhap" in response["Location"]


@override_settings(PAGE_CACHE_ENABLED=False)
def test_changed_settings_show_on_the_next_page(client, procedure, commune_settings):
    client.get(procedure.url)
    commune_settings.hotline = "0252 3999 888"
    commune_settings.save()
    assert "0252 3999 888" in client.get(procedure.url).content.decode()


@override_settings(PAGE_CACHE_ENABLED=False)
def test_a_renamed_or_unpublished_section_is_routed_afresh(client, procedure_index, procedure):
    assert client.get(procedure.url).status_code == 200
    procedure_index.slug = "danh-muc-thu-tuc"
    procedure_index.save_revision().publish()
    procedure.refresh_from_db()
    assert procedure.url.startswith("/danh-muc-thu-tuc/")
    assert client.get(procedure.url).status_code == 200
    procedure_index.unpublish()
    assert client.get("/danh-muc-thu-tuc/").status_code == 404


# Warm-memo budgets: the page cache off, the worker's memo filled by one earlier request. The cold
# budgets (memo off too) are in tests/cms/test_pages.py.


def test_memo_off_leaves_the_worker_memo_unused(client, procedure_index, procedure, memo_off, monkeypatch):
    """The cold budgets' fixture: no page type, tag or middleware keeps anything in the memo."""
    empty = {"generation": None, "values": {}, "bounded": page_cache.OrderedDict()}
    monkeypatch.setattr(page_cache, "_memo", empty)
    for url in ("/", procedure_index.url, f"{procedure_index.url}?truc_tuyen=1", procedure.url):
        response = client.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert (empty["generation"], empty["values"], list(empty["bounded"])) == (None, {}, [])


@override_settings(PAGE_CACHE_ENABLED=False)
def test_a_procedure_seen_before_is_rendered_without_a_query(client, procedure, django_assert_num_queries):
    client.get(procedure.url)
    with django_assert_num_queries(0):
        assert client.get(procedure.url).status_code == 200


@override_settings(PAGE_CACHE_ENABLED=False)
@pytest.mark.parametrize("listing", ["/", "/thu-tuc-hanh-chinh/", "/thu-tuc-hanh-chinh/?truc_tuyen=1"])
def test_home_and_directory_seen_before_are_rendered_without_a_query(
    client, procedure_index, procedure, listing, django_assert_num_queries
):
    client.get(listing)
    with django_assert_num_queries(0):
        assert client.get(listing).status_code == 200


@override_settings(PAGE_CACHE_ENABLED=False)
def test_a_new_procedure_shows_in_the_directory_and_its_sector_count_at_once(client, procedure_index, procedure):
    client.get(procedure_index.url)
    client.get("/")
    factories.procedure_make(parent=procedure_index, title="Chứng thực chữ ký", sector=procedure.sector)
    assert "Chứng thực chữ ký" in client.get(procedure_index.url).content.decode()
    assert "Chứng thực chữ ký" in client.get(f"{procedure_index.url}?truc_tuyen=1").content.decode()
    home = client.get("/").content.decode()
    assert f'{procedure.sector.name}</span> <span class="sector-list__count">2 thủ tục</span>' in home


@override_settings(PAGE_CACHE_ENABLED=False)
def test_a_republished_procedure_shows_its_new_documents(client, procedure):
    assert "Tờ khai 1" in client.get(procedure.url).content.decode()
    draft = procedure.get_latest_revision_as_object()
    draft.required_documents = [ProcedureDocument(name="Giấy chứng nhận kết hôn", quantity="1 bản sao")]
    draft.title = "Đăng ký khai sinh lưu động"
    draft.save_revision().publish()

    html = client.get(procedure.url).content.decode()
    assert "Giấy chứng nhận kết hôn" in html and "Tờ khai 1" not in html
    assert "Đăng ký khai sinh lưu động" in html


@override_settings(PAGE_CACHE_ENABLED=False)
def test_an_unknown_procedure_address_keeps_nothing_in_memory(client, procedure_index, procedure):
    assert client.get(f"{procedure_index.url}khong-co-thu-tuc-nay/").status_code == 404
    assert client.get(procedure.url).status_code == 200
    kept = [key for key in page_cache._memo["bounded"] if key[0] == "procedure"]
    assert kept == [("procedure", procedure_index.pk, procedure.slug)]


def test_bounded_memo_keeps_only_the_most_recently_used(monkeypatch):
    monkeypatch.setattr(page_cache, "MEMO_BOUNDED_ENTRIES", 2)
    computed = []

    def value(name):
        def compute():
            computed.append(name)
            return name

        return compute

    for name in ("a", "b", "a", "c", "a", "b"):
        assert generation_memo(name, value(name), bounded=True) == name
    # "b" was the least recently used when "c" came, and came back by computing again.
    assert computed == ["a", "b", "c", "b"]
    assert list(page_cache._memo["bounded"]) == ["a", "b"]


@override_settings(PAGE_CACHE_ENABLED=False)
def test_a_request_reads_the_content_generation_once(client, procedure, monkeypatch):
    client.get(procedure.url)
    reads = []
    real = page_cache.page_cache_generation
    monkeypatch.setattr(page_cache, "page_cache_generation", lambda **kw: reads.append(1) or real(**kw))
    assert client.get(procedure.url).status_code == 200
    assert len(reads) == 1


def test_a_new_deploy_never_serves_pages_stored_by_the_previous_one(client, procedure, monkeypatch):
    get(client, procedure.url)
    assert get(client, procedure.url)[1] == "hit"
    monkeypatch.setattr("cms.cache.deploy_version", lambda: "next-release")
    assert get(client, procedure.url)[1] == "miss"


def test_deploy_version_follows_templates_code_and_the_static_manifest(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "static"
    template = tmp_path / "themes" / "default" / "templates" / "base.html"
    template.parent.mkdir(parents=True)
    template.write_text("<html>")
    manifest = tmp_path / "static" / "staticfiles.json"
    manifest.parent.mkdir()
    manifest.write_text('{"paths": {"css/portal.css": "css/portal.abc.css"}}')

    versions = []
    for change in (None, lambda: template.write_text("<html lang=vi>"), lambda: manifest.write_text("{}")):
        if change:
            change()
        deploy_version.cache_clear()
        versions.append(deploy_version())
    deploy_version.cache_clear()

    assert len(set(versions)) == 3


def test_the_cache_is_cleared_again_when_the_change_commits(procedure, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        procedure.sector.save()
        during = page_cache_generation()
    assert len(callbacks) == 1
    callbacks[0]()
    assert page_cache_generation() != during
