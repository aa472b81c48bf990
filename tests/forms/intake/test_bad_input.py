"""Issue #16: a NUL in a wizard field is explained next to the field; the draft keeps the rest.

On PostgreSQL a NUL reached the draft's JSON and every one of the 42 wizard fields gave a 500.
"""

import pytest

from forms.models import Draft
from tests.forms import factories as f
from tests.forms.intake import wizard as w

pytestmark = pytest.mark.django_db

MESSAGE = "Nội dung có ký tự điều khiển không hợp lệ"


@pytest.fixture
def page(home):
    return f.form_page_make()


@pytest.mark.parametrize(
    "field", ["nguoi-nop-full_name", "nguoi-nop-phone", "nguoi-nop-id_number", "nguoi-nop-address_2", "nguoi-nop-email"]
)
def test_nul_in_an_applicant_field_is_explained_and_the_draft_is_kept_without_it(client, page, field):
    data = w.applicant_data()
    data[field] = data[field][:3] + "\x00" + data[field][3:]
    response = w.post_step(client, page, "nguoi-nop", data)
    assert response.status_code == 200
    assert response.context["wizard"]["steps"].current == "nguoi-nop"
    assert MESSAGE in response.content.decode()
    stored = Draft.objects.get().data["step_data"]["nguoi-nop"]
    assert "\x00" not in repr(stored)
    assert stored["nguoi-nop-full_name"] == ["Nguyễn Văn An"]
    assert stored["nguoi-nop-address_2"] == ["Số 1 Tràng Tiền"]


def test_nul_in_a_declaration_field_is_explained(client, page):
    client.get(page.url)
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    response = w.post_step(client, page, "khai-1", w.declaration_data(**{"khai-1-child_name": "Bình\x00"}))
    assert response.context["wizard"]["steps"].current == "khai-1"
    assert MESSAGE in response.content.decode()


def test_nul_in_the_tracking_lookup_is_explained(client, home):
    response = client.post("/tra-cuu-ho-so/", {"code": "26530-261122-0001\x00", "phone": "0912345678"})
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
