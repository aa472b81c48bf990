"""A citizen account works across the province (issue #17): "Hồ sơ của tôi" lists the dossiers of every
commune, naming each one's commune when there are several, and the next action names the counter of
the dossier's own commune (Decree 61/2018/NĐ-CP's one-stop steps)."""

import html

import pytest

from accounts import selectors
from cms.models import CommuneSettings
from forms.lifecycle.services import dossier_transition
from forms.models import DossierStatus
from tests.forms import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(two_communes):
    addresses = {two_communes.a: "Thôn 1, xã Hàm Liêm", two_communes.b: "Thôn Phú Cường, xã Hàm Thuận Bắc"}
    for site, address in addresses.items():
        settings = CommuneSettings.for_site(site)
        settings.address = address
        settings.save()
    return f.form_page_make(procedure=two_communes.procedure)


def result_ready(dossier):
    officer = f.receiving_officer()
    dossier_transition(dossier=dossier, to_status=DossierStatus.PROCESSING, actor=officer)
    dossier_transition(dossier=dossier, to_status=DossierStatus.RESULT_READY, actor=officer)
    return dossier


def test_my_dossiers_lists_every_communes_dossiers_with_their_commune(client, two_communes, page, citizen):
    in_a = f.dossier_make(page=page, site=two_communes.a, owner=citizen)
    in_b = f.dossier_make(page=page, site=two_communes.b, owner=citizen)
    client.force_login(citizen)

    for host in ("localhost", "hamthuanbac.test"):
        text = html.unescape(client.get("/tai-khoan/", HTTP_HOST=host).content.decode())
        assert f'data-dossier="{in_a.code}"' in text and f'data-dossier="{in_b.code}"' in text
        assert text.count("data-dossier-commune") == 2
        assert "<dd data-dossier-commune>Xã Hàm Liêm</dd>" in text
        assert "<dd data-dossier-commune>Xã Hàm Thuận Bắc</dd>" in text


def test_dossiers_of_one_commune_only_do_not_repeat_its_name(client, two_communes, page, citizen):
    f.dossier_make(page=page, site=two_communes.b, owner=citizen)
    f.dossier_make(page=page, site=two_communes.b, owner=citizen)
    client.force_login(citizen)
    assert "data-dossier-commune" not in client.get("/tai-khoan/").content.decode()
    assert [row.commune_name for row in selectors.citizen_dossier_rows(user=citizen)] == ["", ""]


def test_next_action_sends_the_citizen_to_the_counter_of_the_dossiers_commune(two_communes, page, citizen):
    in_a = result_ready(f.dossier_make(page=page, site=two_communes.a, owner=citizen))
    in_b = result_ready(f.dossier_make(page=page, site=two_communes.b, owner=citizen))

    actions = {row.dossier.pk: row.next_action for row in selectors.citizen_dossier_rows(user=citizen)}

    assert actions[in_b.pk] == (
        "Nhận kết quả tại Bộ phận Một cửa Ủy ban nhân dân xã Hàm Thuận Bắc, Thôn Phú Cường, xã Hàm Thuận Bắc; "
        "mang theo giấy tờ tùy thân."
    )
    assert actions[in_a.pk].startswith("Nhận kết quả tại Bộ phận Một cửa ")
    assert actions[in_a.pk].endswith(", Thôn 1, xã Hàm Liêm; mang theo giấy tờ tùy thân.")
    assert selectors.dossier_next_action(dossier=in_b) == actions[in_b.pk]


def test_a_draft_begun_on_another_communes_portal_is_resumed_on_its_host(client, two_communes, page, citizen):
    from forms.intake.flows import flow_for_page
    from forms.intake.services import draft_create

    on_b = draft_create(flow=flow_for_page(page), owner=citizen, site=two_communes.b)
    on_a = draft_create(flow=flow_for_page(page), owner=citizen, site=two_communes.a)
    client.force_login(citizen)
    text = client.get("/tai-khoan/").content.decode()  # on commune A's host
    assert f'href="http://hamthuanbac.test/nop-ho-so/tiep-tuc/{on_b.token}/"' in text
    assert f'href="/nop-ho-so/tiep-tuc/{on_a.token}/"' in text
