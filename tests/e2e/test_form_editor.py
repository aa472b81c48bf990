"""An editor builds a submission form in Chromium: display conditions picked from the form's own fields."""

import pytest

from django.contrib.auth import get_user_model

from forms.demo import BIRTH
from tests.forms import factories as f

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "mat-khau-quan-tri"


def test_condition_field_offers_the_forms_fields_by_label(live_server, page, wagtail_tree):
    form_page = f.form_page_make(declaration=BIRTH)
    get_user_model().objects.create_superuser("quantri", "quantri@xa.vn", PASSWORD)
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill("quantri")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/admin/pages/{form_page.pk}/edit/")

    box = page.locator('input[name$="-condition_field"]').first
    box.focus()
    assert box.get_attribute("list") == "declaration-field-keys"
    options = page.locator("#declaration-field-keys option")
    values = options.evaluate_all("nodes => nodes.map(n => [n.value, n.label])")
    assert ["has_father", "Khai thông tin người cha"] in [list(v) for v in values]
    assert all(label for _value, label in values)  # each entry shows the field's label
