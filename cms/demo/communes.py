"""Demo step for ``load_demo --communes N`` (issue #17): communes 2..N beside xã Hàm Liêm.

They are its neighbours in tỉnh Lâm Đồng (xã Hàm Thuận Bắc 23089, xã Hàm Thạnh 23122, then the
other units of the province by code), each added with ``cms.communes.commune_add`` at
``xa-<code>.localhost`` on the port ``make run`` serves: Chromium and curl resolve every
``*.localhost`` name to 127.0.0.1, so each commune opens in a browser with no set-up. Each gets
placeholder settings (an .example e-mail, a made-up hotline and bank account), one article and
its staff accounts (``bientap2``, ``canbo2``…); the province gets ``tinh``, read-only over every
commune. Idempotent like every demo step: a commune is found by its code, an article by its slug,
an account by its username. Other apps add their part of each commune with
``cms.demo.register_commune_step`` (the forms app: a few sample dossiers of that commune).
Commune 2 also shows the "Thủ tục tại xã" rows (``LocalProcedure``): its own agency, contact and
note on the birth registration, and one procedure it does not carry out (a row, found by commune
and procedure, is made once and then left to the commune's editors).
"""

from __future__ import annotations

import datetime
import os
from functools import cache

from django.contrib.auth.models import Group

from wagtail.models import Site

from cms.commune_pages import callout, heading, paragraph
from cms.communes import PROVINCE_GROUP, Unit, commune_add, unit_for_code
from cms.demo.accounts import PROVINCE_ACCOUNT, commune_accounts, ensure_demo_user
from cms.demo.base import DemoContext, commune_steps
from cms.demo.texts import COMMUNE_SETTINGS
from cms.models import ArticleIndexPage, ArticlePage, CommuneSettings, LocalProcedure, ProcedurePage
from cms.roles import ROLES, commune_group_name
from forms.payments.vietqr import fold_vietnamese

DEMO_PROVINCE = 68  # tỉnh Lâm Đồng
DEMO_NEIGHBOURS = ("23089", "23122")  # xã Hàm Thuận Bắc, xã Hàm Thạnh
# Commune 2's own rows about shared procedures: (procedure code, fields).
DEMO_LOCAL_PROCEDURES = (
    (
        "1.001193",  # Thủ tục đăng ký khai sinh
        {
            "agency": "Ủy ban nhân dân xã (công chức Tư pháp – Hộ tịch)",
            "contact": "Anh Tâm, công chức Tư pháp – Hộ tịch, 0252 3 200 012",
            "note": "Xã nhận hồ sơ khai sinh cả sáng thứ Bảy (7 giờ 30 đến 11 giờ 30).",
        },
    ),
    ("2.001019", {"carried_out": False}),  # Chứng thực di chúc: done at a notary office instead
)


@cache
def _demo_codes() -> tuple[str, ...]:
    """Commune 2, 3… in order: the two neighbours, then the province's other units by code."""
    from vietnam_provinces import Ward

    first = COMMUNE_SETTINGS["commune_code"]
    others = sorted(f"{int(ward.code):05d}" for ward in Ward.iter_all() if int(ward.province_code) == DEMO_PROVINCE)
    return (first, *DEMO_NEIGHBOURS, *(code for code in others if code not in (first, *DEMO_NEIGHBOURS)))


def demo_commune_code(number: int) -> str | None:
    """The official code of demo commune ``number`` (1 is xã Hàm Liêm), or None past the province's units."""
    codes = _demo_codes()
    return codes[number - 1] if 1 <= number <= len(codes) else None


def demo_host(code: str) -> str:
    return f"xa-{code}.localhost"


def _settings_fill(site: Site, *, number: int, unit: Unit) -> None:
    """Placeholder contact details and bank account where the settings are still blank."""
    settings = CommuneSettings.for_site(site)
    values = {
        "address": f"Trụ sở {unit.committee_name}, {unit.province.lower()[:1]}{unit.province[1:]}",
        "hotline": f"0252 3 200 {number:03d}",
        "email": f"motcua@xa-{unit.code}.example",
        "opening_hours": COMMUNE_SETTINGS["opening_hours"],
        # Made up, like the demo commune's: Vietcombank's NAPAS BIN, a 13-digit number of no one.
        "bank_bin": COMMUNE_SETTINGS["bank_bin"],
        "bank_account_number": f"00110000{unit.code}",
        "bank_account_name": fold_vietnamese(f"UBND {unit.name}").upper(),
    }
    changed = [name for name, value in values.items() if not getattr(settings, name)]
    for name in changed:
        setattr(settings, name, values[name])
    if changed:
        settings.save()


def _article(unit: Unit) -> dict:
    return {
        "title": f"Cổng dịch vụ công {unit.name_in_sentence} bắt đầu hoạt động",
        "slug": "cong-dich-vu-cong-bat-dau-hoat-dong",
        "date": datetime.date(2026, 11, 20),
        "lead": (
            f"Từ nay, người dân và doanh nghiệp của {unit.name_in_sentence} tra cứu thủ tục, tải tờ khai và theo "
            "dõi hồ sơ trên cổng dịch vụ công của xã, dùng chung danh mục thủ tục hành chính của tỉnh."
        ),
        "body": [
            heading("Cổng làm được gì?"),
            paragraph(
                "<p>Mỗi thủ tục ghi rõ hồ sơ cần chuẩn bị, thời hạn giải quyết, phí, lệ phí và căn cứ pháp lý; "
                "tờ khai tải về được ngay. Hồ sơ đã nộp được tra cứu bằng mã in trên giấy tiếp nhận.</p>"
            ),
            callout(
                "tip",
                "Cần hỗ trợ?",
                f"<p>Gọi đường dây nóng của Bộ phận Một cửa {unit.committee_name} ở cuối trang.</p>",
            ),
        ],
    }


def _article_ensure(context: DemoContext, site: Site, unit: Unit) -> None:
    index = ArticleIndexPage.objects.child_of(site.root_page).first()
    data = _article(unit)
    if index is None or ArticlePage.objects.child_of(index).filter(slug=data["slug"]).exists():
        return
    article = ArticlePage(**data)
    article.tags.add("dịch vụ công trực tuyến", "cải cách hành chính")
    index.add_child(instance=article)
    article.save_revision().publish()
    context.count("tin bài mới")


def _local_procedures_ensure(context: DemoContext, site: Site) -> None:
    """Commune 2's "Thủ tục tại xã" rows; an existing row (the editors may have changed it) is kept."""
    pages = ProcedurePage.objects.in_bulk([code for code, _ in DEMO_LOCAL_PROCEDURES], field_name="code")
    for code, fields in DEMO_LOCAL_PROCEDURES:
        if code not in pages:
            continue
        _, created = LocalProcedure.objects.get_or_create(site=site, procedure=pages[code], defaults=fields)
        if created:
            context.count("thủ tục tại xã")


def _commune_ensure(context: DemoContext, *, number: int, code: str, port: int) -> Site:
    unit = unit_for_code(code)
    existing = CommuneSettings.objects.filter(commune_code=code).select_related("site").first()
    if existing is None:
        site = commune_add(code=code, host=demo_host(code), port=port)
        context.count("xã mới")
    else:
        site = existing.site
        if site.hostname == demo_host(code) and site.port != port:
            site.port = port
            site.save(update_fields=["port"])
    _settings_fill(site, number=number, unit=unit)
    _article_ensure(context, site, unit)
    if number == 2:
        _local_procedures_ensure(context, site)
    roles_by_name = {commune_group_name(role, unit.name): role for role in ROLES}
    groups = {roles_by_name[group.name]: group for group in Group.objects.filter(name__in=roles_by_name)}
    for account in commune_accounts(number, code=code, commune_name=unit.name):
        ensure_demo_user(context, account, groups)
    context.hosts.append((unit.name, site.root_url))
    return site


def build_communes(context: DemoContext) -> None:
    """Communes 2..``context.communes`` and the province's read-only account (nothing for one commune)."""
    if context.communes <= 1:
        return
    port = int(os.environ.get("PORT") or 8000)
    steps = commune_steps()
    for number in range(2, context.communes + 1):
        code = demo_commune_code(number)
        if code is None:
            context.log(f"Tỉnh chỉ có {number - 1} đơn vị hành chính cấp xã: dừng ở đó.")
            break
        site = _commune_ensure(context, number=number, code=code, port=port)
        for step in steps:  # other apps' part of each commune (forms: its sample dossiers)
            step(context, site, number)
    # The "scoping" part of issue #17 gives this group its read-only permissions by migration.
    province, _ = Group.objects.get_or_create(name=PROVINCE_GROUP)
    ensure_demo_user(context, PROVINCE_ACCOUNT, {PROVINCE_GROUP: province})
