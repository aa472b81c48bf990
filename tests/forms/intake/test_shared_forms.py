"""Editor-built online forms shared like the catalogue (issue #17).

The default commune (``two_communes.a``, xã Hàm Liêm at localhost) holds the shared forms under
its "Nộp hồ sơ trực tuyến" index; xã Hàm Thuận Bắc (``b``, hamthuanbac.test) lists them under its
own index at its own address, and may build a form of its own for a procedure, which then replaces
the shared one on its host only. A dossier sent through a shared form on B's host belongs to B
(its code carries B's unit code 23089; Decree 61/2018/NĐ-CP as amended by Decree 107/2021/NĐ-CP
leaves the numbering to each commune's one-stop counter).
"""

import re
from types import SimpleNamespace

import pytest

from cms.models import LocalProcedure
from forms.models import Dossier, SubmissionFormPage
from tests.forms import factories as f
from tests.forms.intake import wizard as w

pytestmark = pytest.mark.django_db

B = "hamthuanbac.test"


def hrefs(response) -> list[str]:
    return re.findall(r'href="([^"]+)"', response.content.decode())


@pytest.fixture
def forms(two_communes):
    """A shared form (A's) for the shared procedure, and B's empty forms index."""
    two_communes.index_b = f.form_index_make(home=two_communes.b.root_page.specific)
    two_communes.shared = f.form_page_make(
        procedure=two_communes.procedure, title="Đăng ký khai sinh trực tuyến", slug="dang-ky-khai-sinh"
    )
    return two_communes


def own_form_of_b(forms, **fields) -> SubmissionFormPage:
    page = SubmissionFormPage(
        title=fields.pop("title", "Khai sinh – mẫu riêng của xã Hàm Thuận Bắc"),
        slug=fields.pop("slug", "khai-sinh-ham-thuan-bac"),
        procedure=forms.procedure,
        declaration=f.DEFAULT_DECLARATION,
        **fields,
    )
    forms.index_b.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_forms_index_of_another_commune_lists_the_shared_form_at_its_own_address(client, forms):
    response = client.get("/nop-ho-so-truc-tuyen/", HTTP_HOST=B)

    assert response.status_code == 200
    assert "Đăng ký khai sinh trực tuyến" in response.content.decode()
    assert "/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/" in hrefs(response)
    assert f"/thu-tuc-hanh-chinh/{forms.procedure.slug}/" in hrefs(response)
    assert not any("localhost" in href for href in hrefs(response))


def test_the_shared_form_opens_on_another_communes_host_with_its_breadcrumbs(client, forms):
    response = client.get("/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/", HTTP_HOST=B)

    assert response.status_code == 200
    assert "Đăng ký khai sinh trực tuyến" in response.content.decode()
    assert not any("localhost" in href for href in hrefs(response))
    # On the default host the same form is where it always was.
    assert client.get("/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/").status_code == 200


def test_a_dossier_sent_through_the_shared_form_on_bs_host_belongs_to_b(client, forms):
    client.defaults["HTTP_HOST"] = B
    page_on_b = SimpleNamespace(
        url="/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/", pk=forms.shared.pk, procedure=forms.shared.procedure
    )

    done = w.submit_all(client, page_on_b)

    dossier = Dossier.objects.get()
    assert done.status_code == 302
    assert (dossier.site_id, dossier.form_page_id) == (forms.b.pk, forms.shared.pk)
    assert dossier.code.startswith("23089-")


def test_the_procedure_page_on_b_links_the_shared_form_within_bs_host(client, forms):
    response = client.get(f"/thu-tuc-hanh-chinh/{forms.procedure.slug}/", HTTP_HOST=B)

    assert response.status_code == 200
    assert "/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/" in hrefs(response)


def test_the_standard_submission_address_sends_b_to_the_shared_form_within_b(client, forms):
    response = client.get(f"/nop-ho-so/thu-tuc/{forms.procedure.code}/", HTTP_HOST=B)

    assert response.status_code == 302
    assert response["Location"] == "/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/"


def test_bs_own_form_replaces_the_shared_one_on_b_only(client, forms):
    own_form_of_b(forms)

    listing_b = client.get("/nop-ho-so-truc-tuyen/", HTTP_HOST=B)
    listing_a = client.get("/nop-ho-so-truc-tuyen/")
    assert "/nop-ho-so-truc-tuyen/khai-sinh-ham-thuan-bac/" in hrefs(listing_b)
    assert "/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/" not in hrefs(listing_b)
    assert "/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/" in hrefs(listing_a)
    assert "Khai sinh – mẫu riêng của xã Hàm Thuận Bắc" not in listing_a.content.decode()

    standard_b = client.get(f"/nop-ho-so/thu-tuc/{forms.procedure.code}/", HTTP_HOST=B)
    standard_a = client.get(f"/nop-ho-so/thu-tuc/{forms.procedure.code}/")
    assert standard_b["Location"] == "/nop-ho-so-truc-tuyen/khai-sinh-ham-thuan-bac/"
    assert standard_a["Location"] == "/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/"

    shared_on_b = client.get("/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/", HTTP_HOST=B)
    assert (shared_on_b.status_code, shared_on_b["Location"]) == (302, "/nop-ho-so-truc-tuyen/khai-sinh-ham-thuan-bac/")
    procedure_b = client.get(f"/thu-tuc-hanh-chinh/{forms.procedure.slug}/", HTTP_HOST=B)
    procedure_a = client.get(f"/thu-tuc-hanh-chinh/{forms.procedure.slug}/")
    assert "/nop-ho-so-truc-tuyen/khai-sinh-ham-thuan-bac/" in hrefs(procedure_b)
    assert "/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/" in hrefs(procedure_a)
    # B's own form is not reachable on A's host.
    assert client.get("/nop-ho-so-truc-tuyen/khai-sinh-ham-thuan-bac/").status_code == 404


def test_without_any_form_b_gets_the_standard_flow(client, two_communes):
    f.form_index_make(home=two_communes.b.root_page.specific)

    response = client.get(f"/nop-ho-so/thu-tuc/{two_communes.procedure.code}/", HTTP_HOST=B)
    listing = client.get("/nop-ho-so-truc-tuyen/", HTTP_HOST=B)

    assert response.status_code == 200
    assert "Chưa có biểu mẫu trực tuyến nào." in listing.content.decode()


def test_a_commune_not_carrying_the_procedure_out_neither_lists_nor_serves_its_shared_form(client, forms):
    LocalProcedure.objects.create(
        site=forms.b, procedure=forms.procedure, carried_out=False, contact="Bộ phận Một cửa xã Hàm Liêm"
    )

    listing = client.get("/nop-ho-so-truc-tuyen/", HTTP_HOST=B)
    form = client.get("/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/", HTTP_HOST=B)

    assert "/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/" not in hrefs(listing)
    assert form.status_code == 404
    assert client.get("/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/").status_code == 200


def test_a_draft_of_the_shared_form_resumes_on_the_commune_it_was_begun_on(client, forms):
    from forms.intake.drafts import draft_flow
    from forms.intake.services import draft_create

    draft = draft_create(flow=draft_flow_for(forms.shared))
    client.get("/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/", HTTP_HOST=B)

    response = client.get(f"/nop-ho-so/tiep-tuc/{draft.token}/", HTTP_HOST=B)

    assert draft_flow(draft).form_page.pk == forms.shared.pk
    assert response.status_code == 302
    assert response["Location"] == "/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/"


def draft_flow_for(page):
    from forms.intake.flows import flow_for_page

    return flow_for_page(page)


def test_a_commune_without_a_forms_index_keeps_the_standard_flow_on_its_own_host(client, forms):
    forms.index_b.delete()

    response = client.get(f"/nop-ho-so/thu-tuc/{forms.procedure.code}/", HTTP_HOST=B)

    assert response.status_code == 200
    assert client.get("/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/", HTTP_HOST=B).status_code == 404


def test_bs_sitemap_lists_the_shared_form_at_bs_address(client, forms):
    import xml.etree.ElementTree as ET

    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

    def locations(response):
        return [loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", namespace)]

    on_b = locations(client.get("/sitemap.xml", HTTP_HOST=B))
    on_a = locations(client.get("/sitemap.xml"))

    assert "http://hamthuanbac.test/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/" in on_b
    assert not any(location.startswith("http://localhost") for location in on_b)
    assert on_a.count("http://localhost/nop-ho-so-truc-tuyen/dang-ky-khai-sinh/") == 1
