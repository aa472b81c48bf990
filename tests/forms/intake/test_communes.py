"""Every dossier belongs to its commune (issue #17): the wizard on a commune's host, the counter, codes.

Codes are ``PREFIX-YYMMDD-NNNN`` with the commune's official unit code as prefix (Decree
61/2018/NĐ-CP as amended by Decree 107/2021/NĐ-CP leaves the numbering to the one-stop counter;
each commune numbers its own): xã Hàm Liêm 23098, xã Hàm Thuận Bắc 23089.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from forms.backoffice.services import dossier_register
from forms.intake.services import dossier_code_next
from forms.lifecycle.services import ReceivedDocumentInput
from forms.models import Dossier, Draft, SubmissionChannel
from tests.forms import factories as f
from tests.forms.intake import wizard as w
from tests.forms.intake.test_standard_flow import REQUEST, Flow, procedure_with_papers, slot

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 7 December 2026 (261207 in the codes), within the counter's hours.
MONDAY = datetime(2026, 12, 7, 9, 5, tzinfo=HANOI)


@pytest.fixture
def procedure(procedure_index):
    """The shared procedure of ``two_communes``, taking dossiers online through its standard flow."""
    return procedure_with_papers()


def submit(page, site, **overrides):
    return f.dossier_make(page=page, site=site, received=False, received_at=MONDAY, **overrides)


def test_two_communes_number_their_dossiers_apart_on_the_same_day(two_communes):
    page = f.form_page_make(procedure=two_communes.procedure)
    first_a = submit(page, two_communes.a)
    first_b = submit(page, two_communes.b)
    second_b = submit(page, two_communes.b)
    second_a = submit(page, two_communes.a)

    assert [first_a.code, second_a.code] == ["23098-261207-0001", "23098-261207-0002"]
    assert [first_b.code, second_b.code] == ["23089-261207-0001", "23089-261207-0002"]
    assert [d.site_id for d in (first_a, second_a)] == [two_communes.a.pk] * 2
    assert [d.site_id for d in (first_b, second_b)] == [two_communes.b.pk] * 2


def test_without_a_site_the_dossier_belongs_to_the_default_site(two_communes):
    dossier = submit(f.form_page_make(procedure=two_communes.procedure), None)
    assert dossier.site_id == two_communes.a.pk
    assert dossier.code == "23098-261207-0001"


def test_a_repeated_submission_key_returns_the_first_dossier_and_its_commune(two_communes):
    page = f.form_page_make(procedure=two_communes.procedure)
    first = submit(page, two_communes.b, submission_key="khoa-1")
    again = submit(page, two_communes.a, submission_key="khoa-1")
    assert again.pk == first.pk and again.site_id == two_communes.b.pk
    assert Dossier.objects.count() == 1


def test_code_next_counts_per_commune(two_communes):
    day = MONDAY.date()
    assert dossier_code_next(day=day, site=two_communes.b) == "23089-261207-0001"
    assert dossier_code_next(day=day, site=two_communes.a) == "23098-261207-0001"
    assert dossier_code_next(day=day, site=two_communes.b) == "23089-261207-0002"
    assert dossier_code_next(day=day) == "23098-261207-0002"  # the default site


def test_counter_registers_a_dossier_for_the_officers_commune(two_communes):
    kwargs = {
        "procedure": two_communes.procedure,
        "applicant": {"full_name": "Trần Thị Mai", "id_number": "060190000101", "phone": "0912000101"},
        "channel": SubmissionChannel.COUNTER,
        "documents": [ReceivedDocumentInput(name="Tờ khai", form="original", quantity=1)],
        "delivery_method": "counter",
        "actor": f.receiving_officer(),
        "now": MONDAY,
    }
    in_b = dossier_register(**kwargs, site=two_communes.b)
    in_a = dossier_register(**kwargs, site=two_communes.a)
    by_default = dossier_register(**kwargs)

    assert (in_b.site_id, in_b.code) == (two_communes.b.pk, "23089-261207-0001")
    assert (in_a.site_id, in_a.code) == (two_communes.a.pk, "23098-261207-0001")
    assert (by_default.site_id, by_default.code) == (two_communes.a.pk, "23098-261207-0002")


def _walk_standard_flow(client, procedure, *, resumed_on: str | None = None):
    """Every step of the standard flow; ``resumed_on`` moves to that host after the first step."""
    flow = Flow(procedure)
    client.get(flow.url)
    flow.post(client, "nguoi-nop", w.applicant_data())
    if resumed_on:
        client.defaults["HTTP_HOST"] = resumed_on
    flow.post(client, "de-nghi", REQUEST)
    files = {
        "giay-to-channel": "online",
        f"giay-to-doc_{slot(procedure, 'Tờ khai đăng ký')}": f.upload(name="to-khai.pdf"),
    }
    flow.post(client, "giay-to", files)
    flow.post(client, "nhan-ket-qua", w.delivery_data())
    flow.post(client, "kiem-tra", {})
    return flow.post(client, "cam-doan", {"cam-doan-agree": "on"}, follow=False)


def test_the_wizard_on_a_communes_host_submits_to_that_commune(client, two_communes):
    client.defaults["HTTP_HOST"] = "hamthuanbac.test"
    done = _walk_standard_flow(client, two_communes.procedure)

    dossier = Dossier.objects.get()
    assert done.status_code == 302
    assert dossier.site_id == two_communes.b.pk
    assert dossier.code.startswith("23089-")


def test_the_wizard_on_the_default_host_submits_to_the_default_commune(client, two_communes):
    _walk_standard_flow(client, two_communes.procedure)
    dossier = Dossier.objects.get()
    assert dossier.site_id == two_communes.a.pk
    assert dossier.code.startswith("23098-")


def test_a_draft_begun_on_a_communes_host_submits_to_it_wherever_it_is_finished(client, two_communes):
    client.defaults["HTTP_HOST"] = "hamthuanbac.test"
    _walk_standard_flow(client, two_communes.procedure, resumed_on="localhost")
    dossier = Dossier.objects.get()
    assert dossier.site_id == two_communes.b.pk
    assert dossier.code.startswith("23089-")


def test_the_draft_remembers_its_commune(client, two_communes):
    client.defaults["HTTP_HOST"] = "hamthuanbac.test"
    Flow(two_communes.procedure).post(client, "nguoi-nop", w.applicant_data())
    assert Draft.objects.get().site_id == two_communes.b.pk


def test_procedure_page_on_another_commune_links_to_its_own_standard_flow_not_the_first_communes_form(
    client, two_communes
):
    # Commune A (the default site) built a form for the shared procedure: commune B's citizens
    # must not be sent to it, A would receive their dossiers.
    form_page = f.form_page_make(procedure=two_communes.procedure)
    code = two_communes.procedure.code

    html_a = client.get(two_communes.procedure.url).content.decode()
    html_b = client.get(two_communes.procedure.url, HTTP_HOST="hamthuanbac.test").content.decode()

    assert (
        f'class="button button--primary-action" href="/nop-ho-so-truc-tuyen/{form_page.slug}/">Nộp hồ sơ trực tuyến</a>'
        in (html_a)
    )
    assert f'class="button button--primary-action" href="/nop-ho-so/thu-tuc/{code}/">Nộp hồ sơ trực tuyến</a>' in (
        html_b
    )
    assert "http://localhost" not in html_b


def test_standard_submission_on_another_commune_stays_on_its_host(client, two_communes):
    form_page = f.form_page_make(procedure=two_communes.procedure)
    url = f"/nop-ho-so/thu-tuc/{two_communes.procedure.code}/"

    on_a = client.get(url)
    on_b = client.get(url, HTTP_HOST="hamthuanbac.test")

    assert on_a.status_code == 302
    assert on_a["Location"] == f"/nop-ho-so-truc-tuyen/{form_page.slug}/"
    assert on_b.status_code == 200
    assert "Location" not in on_b


def test_form_index_of_a_commune_without_forms_points_to_its_online_procedures(client, two_communes):
    # A new commune (issue #17) has built no form: its "Nộp hồ sơ trực tuyến" page must not be a dead end.
    f.form_index_make(home=two_communes.b.root_page.specific)

    html = client.get("/nop-ho-so-truc-tuyen/", HTTP_HOST="hamthuanbac.test").content.decode()

    assert "Chưa có biểu mẫu trực tuyến nào." in html
    assert 'href="/thu-tuc-hanh-chinh/?truc_tuyen=1">xem danh sách thủ tục nộp trực tuyến</a>' in html
