"""Fees go to the account of the commune the dossier belongs to (issue #17), on whatever host it is shown.

Fees and charges are collected into the commune's own account (Decree 11/2020/NĐ-CP; Circular
85/2019/TT-BTC); each commune, as the collecting body, numbers its own receipts (Decree
123/2020/NĐ-CP, Circular 78/2021/TT-BTC) and reconciles its own account's statement.
"""

import html
from datetime import date, datetime

import pytest

from django.core.exceptions import ValidationError

from cms.models import CommuneSettings
from forms.models import LineOutcome, PaymentSource, PaymentStatus
from forms.papers.services import paper_pdf
from forms.payments.reconciliation import statement_import, statement_line_apply
from forms.payments.services import payment_record
from tests.forms import factories as f
from tests.forms.papers.conftest import pdf_flat
from tests.forms.payments.conftest import HANOI, RECEIVED_AT, fee_set
from tests.forms.payments.test_reconciliation import HEADER, csv_bytes, line

pytestmark = pytest.mark.django_db

# Commune A (xã Hàm Liêm) banks at VietinBank, commune B (xã Hàm Thuận Bắc) at Vietcombank.
ACCOUNT_A, NAME_A = "113000123456", "UBND XA HAM LIEM"
ACCOUNT_B, NAME_B = "0071000999888", "UBND XA HAM THUAN BAC"
PAID_AT = datetime(2026, 12, 8, 10, 30, tzinfo=HANOI)


@pytest.fixture
def communes(two_communes):
    for site, bank_bin, account, name in (
        (two_communes.a, "970415", ACCOUNT_A, NAME_A),
        (two_communes.b, "970436", ACCOUNT_B, NAME_B),
    ):
        settings = CommuneSettings.for_site(site)
        settings.bank_bin, settings.bank_account_number, settings.bank_account_name = bank_bin, account, name
        settings.save()
    two_communes.page = f.form_page_make(procedure=two_communes.procedure)
    return two_communes


def due(communes, site, amount=20000):
    return fee_set(f.dossier_make(page=communes.page, site=site, received_at=RECEIVED_AT), due=amount)


def pay(dossier, amount):
    return payment_record(
        dossier=dossier,
        amount=amount,
        paid_on=date(2026, 12, 8),
        method="vietqr",
        online=True,
        source=PaymentSource.STATEMENT,
    )


@pytest.mark.parametrize("host", ["localhost", "hamthuanbac.test"])
def test_tracking_page_shows_the_dossiers_commune_account_on_any_host(client, communes, host):
    dossier = due(communes, communes.b)
    text = html.unescape(client.get(f"/tra-cuu-ho-so/{dossier.access_token}/", HTTP_HOST=host).content.decode())
    assert f'<span class="code" data-account>{ACCOUNT_B}</span>' in text
    assert NAME_B in text and "Ngân hàng TMCP Ngoại thương Việt Nam (Vietcombank)" in text
    assert ACCOUNT_A not in text and NAME_A not in text
    assert '<strong class="code" data-memo>23089-261207-0001</strong>' in text


def test_confirmation_page_of_commune_a_shows_account_a_on_commune_bs_host(client, communes):
    dossier = due(communes, communes.a)
    response = client.get(f"/tra-cuu-ho-so/{dossier.access_token}/da-nop/", HTTP_HOST="hamthuanbac.test")
    text = html.unescape(response.content.decode())
    assert f'<span class="code" data-account>{ACCOUNT_A}</span>' in text
    assert ACCOUNT_B not in text


def test_receipt_mau_01_prints_the_communes_account(communes):
    flat = pdf_flat(paper_pdf(dossier=due(communes, communes.b), form="mau-01")[1])
    assert f"Số tài khoản: {ACCOUNT_B} – {NAME_B}" in flat
    assert ACCOUNT_A not in flat


def test_each_commune_numbers_its_own_fee_receipts(communes, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: PAID_AT)
    first_a, first_b, second_a = due(communes, communes.a), due(communes, communes.b), due(communes, communes.a)
    assert pay(first_a, 20000).receipt_number == "2026-0000001"
    assert pay(first_b, 20000).receipt_number == "23089-2026-0000001"
    assert pay(second_a, 20000).receipt_number == "2026-0000002"

    first_b.refresh_from_db()
    flat = pdf_flat(paper_pdf(dossier=first_b, form="bien-lai")[1])
    assert "Số: 23089-2026-0000001" in flat
    assert "Tổ chức thu: Ủy ban nhân dân xã Hàm Thuận Bắc" in flat
    assert "Hàm Liêm" not in flat


def test_a_statement_matches_only_its_communes_dossiers(communes, private_root):
    officer = f.staff_make("ketoan", f.OFFICERS)
    in_a, in_b = due(communes, communes.a), due(communes, communes.b)
    rows = [line("08/12/2026", "FT1", "20.000", in_a.code), line("08/12/2026", "FT2", "20.000", in_b.code)]

    statement_b = statement_import(
        content=csv_bytes([HEADER, *rows]), original_name="saoke-b.csv", actor=officer, site=communes.b
    )
    lines = {row.reference: row for row in statement_b.lines.all()}
    assert statement_b.site_id == communes.b.pk
    assert (lines["FT2"].outcome, lines["FT2"].dossier_id) == (LineOutcome.MATCHED, in_b.pk)
    # Commune A's code on commune B's statement is not a payment of A's fee: left for an officer.
    assert (lines["FT1"].outcome, lines["FT1"].dossier_id) == (LineOutcome.UNKNOWN, None)
    in_a.refresh_from_db()
    in_b.refresh_from_db()
    assert (in_a.payment_status, in_b.payment_status) == (PaymentStatus.AWAITING, PaymentStatus.PAID)

    with pytest.raises(ValidationError) as refused:
        statement_line_apply(line=lines["FT1"], actor=officer, dossier=in_a)
    assert refused.value.code == "dossier_other_commune"


def test_a_statement_without_a_commune_is_the_default_sites(communes, private_root):
    officer = f.staff_make("ketoan", f.OFFICERS)
    in_a = due(communes, communes.a)
    statement = statement_import(
        content=csv_bytes([HEADER, line("08/12/2026", "FT1", "20.000", in_a.code)]),
        original_name="saoke.csv",
        actor=officer,
    )
    assert statement.site_id == communes.a.pk
    assert statement.lines.get().outcome == LineOutcome.MATCHED
