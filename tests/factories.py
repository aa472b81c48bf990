"""Plain factory functions for tests: build real pages and snippets with sensible defaults."""

import datetime
import io
import itertools

from PIL import Image as PILImage

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from cms.models import (
    Agency,
    ArticleIndexPage,
    ArticlePage,
    HomePage,
    OnlineMode,
    ProcedureDocument,
    ProcedureIndexPage,
    ProcedurePage,
    Sector,
)

_seq = itertools.count(1)


def home_page_make(*, title: str = "UBND xã Hàm Chính") -> HomePage:
    """Return the one HomePage, creating it under the tree root and pointing the default site at it."""
    existing = HomePage.objects.first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=title, slug="trang-chu"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": title}
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home


def procedure_index_make(*, home: HomePage | None = None) -> ProcedureIndexPage:
    """Return the procedure directory at /thu-tuc-hanh-chinh/."""
    home = home or home_page_make()
    existing = ProcedureIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    return home.add_child(instance=ProcedureIndexPage(title="Thủ tục hành chính", slug="thu-tuc-hanh-chinh"))


def article_index_make(*, home: HomePage | None = None) -> ArticleIndexPage:
    """Return the news list at /tin-tuc/."""
    home = home or home_page_make()
    existing = ArticleIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    return home.add_child(instance=ArticleIndexPage(title="Tin tức", slug="tin-tuc"))


def sector_make(name: str = "Hộ tịch") -> Sector:
    return Sector.objects.get_or_create(name=name)[0]


def agency_make(name: str = "Ủy ban nhân dân cấp xã") -> Agency:
    return Agency.objects.get_or_create(name=name)[0]


def procedure_make(
    *, parent: ProcedureIndexPage | None = None, documents: int = 2, steps: int = 3, **fields
) -> ProcedurePage:
    """Create and publish a procedure page with ``documents`` required documents and ``steps`` steps."""
    n = next(_seq)
    parent = parent or procedure_index_make()
    defaults = {
        "title": f"Đăng ký khai sinh {n}",
        "slug": f"dang-ky-khai-sinh-{n}",
        "code": f"9.{n:06d}",
        "sector": sector_make(),
        "processing_days": 3,
        "processing_time": "03 ngày làm việc",
        "fees": "Miễn lệ phí",
        "conditions": "Không có",
        "result": "Giấy khai sinh",
        "online_mode": OnlineMode.PARTIAL,
        "postal_submission": True,
        "postal_return": True,
        "national_portal_url": "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1",
        "steps": [("step", {"title": f"Bước {i + 1}", "description": f"Nội dung bước {i + 1}"}) for i in range(steps)],
        "channels": [
            ("channel", {"kind": "in_person", "processing_time": "3 ngày", "fee": "Miễn phí", "description": ""}),
            ("channel", {"kind": "online", "processing_time": "3 ngày", "fee": "Miễn phí", "description": ""}),
            ("channel", {"kind": "postal", "processing_time": "3 ngày", "fee": "Miễn phí", "description": ""}),
        ],
        "legal_basis": [("document", {"title": "Luật Hộ tịch", "number": "60/2014/QH13"})],
    }
    defaults.update(fields)
    page = ProcedurePage(**defaults)
    for i in range(documents):
        page.required_documents.add(ProcedureDocument(name=f"Tờ khai {i + 1}", quantity="1 bản chính", sort_order=i))
    parent.add_child(instance=page)
    page.agencies.add(agency_make())
    page.save_revision().publish()
    return page


def document_make(
    *, title: str = "Tờ khai đăng ký khai sinh", filename: str = "to-khai.docx", size: int = 2048
) -> Document:
    """Create a Wagtail Document holding a real file of ``size`` bytes."""
    document = Document(title=title)
    document.file.save(filename, ContentFile(b"x" * size), save=False)
    document.file_size = size
    document.save()
    return document


def image_make(*, title: str = "Bộ phận Một cửa", width: int = 64, height: int = 36) -> Image:
    """Create a Wagtail Image from a real PNG generated in memory."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (11, 79, 138)).save(buffer, "PNG")
    buffer.seek(0)
    return Image.objects.create(title=title, file=ImageFile(buffer, name="anh.png"))


def article_make(*, parent: ArticleIndexPage | None = None, publish: bool = True, tags=(), **fields) -> ArticlePage:
    """Create an article below the news list; published unless ``publish`` is False (a draft)."""
    n = next(_seq)
    parent = parent or article_index_make()
    defaults = {
        "title": f"Lợi ích của dịch vụ công trực tuyến {n}",
        "slug": f"loi-ich-dich-vu-cong-truc-tuyen-{n}",
        "date": datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300),
        "lead": "Người dân nộp hồ sơ mọi lúc, mọi nơi, không phải đi lại nhiều lần.",
        "body": [("paragraph", RichText("<p>Dịch vụ công mức độ 3 cho phép nộp hồ sơ trực tuyến.</p>"))],
    }
    defaults.update(fields)
    article = ArticlePage(**defaults)
    if not publish:
        article.live = False
    parent.add_child(instance=article)
    if tags:
        article.tags.add(*tags)
    revision = article.save_revision()
    if publish:
        revision.publish()
    return article


def commune_make(*, code: str = "23089", host: str = "hamthuanbac.test") -> Site:
    """A second commune (issue #17) beside the default site's, sharing its procedure directory:
    by default xã Hàm Thuận Bắc, tỉnh Lâm Đồng (official unit code 23089)."""
    from cms.communes import commune_add

    procedure_index_make()
    return commune_add(code=code, host=host)


def commune_group(site: Site, role: str):
    """The staff group of ``role`` ("Bộ phận Một cửa", "Biên tập viên"…) that ``commune_add`` made for
    ``site`` ("Bộ phận Một cửa – Xã Hàm Thuận Bắc"), or for the default site the group of that name."""
    from django.contrib.auth.models import Group

    if site.is_default_site:
        return Group.objects.get(name=role)
    return Group.objects.get(commune_link__site=site, name__startswith=f"{role} – ")
