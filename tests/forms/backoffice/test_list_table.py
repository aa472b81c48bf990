"""The dossier work list's table and its drop-down filters (forms.backoffice.list_table, issue #17).

The table is drawn in one pass instead of modeladmin's nested inclusion tags per cell; its markup
must stay modeladmin's (the admin's styles, the overdue marking and the browser tests read it).
"""

import re
from datetime import timedelta

import pytest

from django.utils import timezone

from forms.models import Dossier
from tests import factories
from tests.forms import factories as f

INDEX = "/admin/forms/dossier/"


@pytest.fixture
def officer_client(client, db):
    client.force_login(f.staff_make("canbo", f.OFFICERS))
    return client


@pytest.fixture
def page(home):
    return f.form_page_make()


def rows_of(html: str) -> list[str]:
    table = html.index('<table class="listing full-width">')
    body = html[html.index("<tbody>", table) : html.index("</tbody>", table)]
    return [row.strip() for row in re.findall(r"<tr[^>]*>.*?</tr>", body, re.S)]


def test_a_row_is_modeladmins_markup_with_the_link_and_the_open_button(officer_client, page):
    dossier = f.dossier_make(page=page, applicant=f.applicant_make(full_name="Lê Thị <b>Cúc</b>"))
    html = officer_client.get(INDEX).content.decode()
    [row] = rows_of(html)
    url = f"/admin/forms/dossier/inspect/{dossier.pk}/"
    assert row.startswith(f'<tr class="odd" data-object-pk="{dossier.pk}">')
    assert (
        f'<td class="field-code title"><div class="title-wrapper"><a href="{url}" title="Xem và xử lý hồ sơ này">'
        f"{dossier.code}</a></div>"
        f'<ul class="actions"><li><a href="{url}" class="button button-secondary button-small" '
        'title="Xem và xử lý hồ sơ này">Mở</a></li></ul></td>'
    ) in row
    assert (
        f'<td class="field-procedure_col title">{dossier.procedure_title}'
        f"<br><small>{dossier.procedure_code}</small></td>"
    ) in row
    # The citizen's name is text, never markup.
    assert '<td class="field-applicant_name title">Lê Thị &lt;b&gt;Cúc&lt;/b&gt;</td>' in row
    received = timezone.localtime(dossier.received_at).strftime("%d/%m/%Y")
    assert f'<td class="field-received_col title">{received}</td>' in row
    assert f'<td class="field-due_col title">{dossier.due_date.strftime("%d/%m/%Y")}</td>' in row
    assert '<td class="field-status_col title">Đã tiếp nhận</td>' in row
    assert '<td class="field-delivery_col title">Tại Bộ phận Một cửa</td>' in row
    assert row.count("<td ") == 8


def test_rows_alternate_and_an_overdue_row_is_marked(officer_client, page):
    late = f.dossier_make(page=page, received_at=timezone.now() - timedelta(days=30))
    fresh = f.dossier_make(page=page)
    first, second = rows_of(officer_client.get(INDEX).content.decode())
    tag = first[: first.index(">") + 1]
    assert 'class="dossier-row--overdue odd"' in tag and 'data-overdue="true"' in tag
    assert f'data-object-pk="{late.pk}"' in tag
    assert second.startswith(f'<tr class="even" data-object-pk="{fresh.pk}">')
    assert '<span class="w-status w-status--label dossier-overdue">Quá hạn</span>' in first


def test_an_empty_column_value_is_a_blank_cell(officer_client, page):
    dossier = f.dossier_make(page=page)
    Dossier.objects.filter(pk=dossier.pk).update(applicant_name="")
    [row] = rows_of(officer_client.get(INDEX).content.decode())
    assert '<td class="field-applicant_name title">&nbsp;</td>' in row


def test_a_search_without_result_says_so_in_vietnamese(officer_client, page):
    f.dossier_make(page=page)
    html = officer_client.get(INDEX, {"q": "không có ai tên này"}).content.decode()
    assert "Không có hồ sơ nào khớp với điều kiện tìm kiếm." in html
    assert '<table class="listing full-width">' not in html


def test_the_headers_keep_their_sort_links(officer_client, page):
    f.dossier_make(page=page)
    html = officer_client.get(INDEX).content.decode()
    table = html.index('<table class="listing full-width">')
    head = re.sub(r"\s+", " ", html[html.index("<thead>", table) : html.index("</thead>", table)])
    code_header = '<th scope="col" class="sortable column-code"> <a href="?o=0.4" class="icon icon-arrow-down-after">'
    assert f"{code_header} Mã hồ sơ </a>" in head
    # Sorted by due date by default, ascending.
    assert 'class="sortable column-due_col sorted ascending"> <a href="?o=-4" class="icon icon-arrow-up-after">' in head


def test_procedure_and_sector_filters_are_drop_downs_that_keep_the_other_filters(officer_client, page):
    sector = factories.sector_make("Chứng thực")
    other = f.form_page_make(procedure=factories.procedure_make(sector=sector, title="Chứng thực bản sao"))
    kept = f.dossier_make(page=other)
    f.dossier_make(page=page)
    code = other.procedure.code
    html = officer_client.get(INDEX, {"thu_tuc": code, "status": kept.status, "p": "0"}).content.decode()
    select = html.index('<select id="filter-thu_tuc"')
    form = html[html.rindex("<form", 0, select) : html.index("</form>", select)]
    assert '<h3 class="dossier-filter__title"><label for="filter-thu_tuc">Thủ tục</label></h3>' in form
    assert f'<input type="hidden" name="status" value="{kept.status}">' in form
    # The page number is not kept (a new filter starts on page 1), nor the filter's own value.
    assert 'name="p"' not in form and 'type="hidden" name="thu_tuc"' not in form
    assert '<option value="">Tất cả</option>' in form
    assert f'<option value="{code}" selected>{code} – Chứng thực bản sao</option>' in form
    assert f'<option value="{page.procedure.code}">' in form
    assert '<select id="filter-linh_vuc" name="linh_vuc">' in html
    assert f'<option value="{sector.pk}">Chứng thực</option>' in html
    # And the drop-down's value filters the list.
    assert [kept.code] == [c for c in Dossier.objects.values_list("code", flat=True) if c in html]
