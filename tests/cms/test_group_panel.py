"""The commune of a staff group chosen on the admin's group page (issue #17)."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cms.group_panel import GroupCommuneForm
from cms.models import CommuneStaffGroup

pytestmark = pytest.mark.django_db


def test_the_form_links_a_new_group_to_the_chosen_commune_and_unlinks_it(two_communes):
    group = Group.objects.create(name="Văn thư – Xã Hàm Thuận Bắc")

    form = GroupCommuneForm(data={"commune-site": str(two_communes.b.pk)}, instance=group)
    assert form.is_valid(), form.errors
    form.save()
    assert CommuneStaffGroup.objects.get(group=group).site == two_communes.b

    form = GroupCommuneForm(data={"commune-site": str(two_communes.a.pk)}, instance=group)
    assert form.is_valid()
    form.save()
    assert CommuneStaffGroup.objects.get(group=group).site == two_communes.a

    form = GroupCommuneForm(data={"commune-site": ""}, instance=group)
    assert form.is_valid()
    form.save()
    assert not CommuneStaffGroup.objects.filter(group=group).exists()


def test_an_unknown_commune_is_refused_in_vietnamese(two_communes):
    group = Group.objects.create(name="Văn thư")
    form = GroupCommuneForm(data={"commune-site": "999999"}, instance=group)
    assert not form.is_valid()
    assert form.errors["site"][0].startswith("Hãy chọn một lựa chọn hợp lệ.")


def test_the_group_page_shows_the_groups_commune(client, two_communes):
    group = Group.objects.create(name="Văn thư – Xã Hàm Thuận Bắc")
    CommuneStaffGroup.objects.create(group=group, site=two_communes.b)
    admin = get_user_model().objects.create_superuser("quantri-tinh", "qt@example.test", "mat-khau-thu")
    client.force_login(admin)

    html = client.get(f"/admin/groups/edit/{group.pk}/").content.decode()

    assert "Xã của nhóm" in html
    assert f'<option value="{two_communes.b.pk}" selected>' in html
