"""A small copy of the demo commune for the theme's browser tests.

Built with the demo's own steps, so the pages carry real catalogue records (long steps, 20+
required documents, legal basis tables), the real .docx form templates, the demo articles, the
contact pages and the online forms: what a citizen actually sees, not placeholder text.
"""

from cms.demo import DemoContext, articles, pages, procedures, site
from cms.importer import read_records
from cms.services import procedures_import

# Birth and marriage registration (with forms on this portal), the marital status certificate,
# signature certification (no online service), residence registration (police, postal service).
CODES = {"1.001193", "1.000894", "1.004873", "2.000884", "1.004222", "2.000815"}
BIRTH_URL = "/thu-tuc-hanh-chinh/thu-tuc-dang-ky-khai-sinh/"
ARTICLE_URL = "/tin-tuc/nop-ho-so-nhan-ket-qua-qua-buu-dien/"


def theme_site_make() -> DemoContext:
    """Build the demo site with the procedures in ``CODES`` only (a few seconds instead of a minute)."""
    from wagtail.models import Collection

    from forms.demo import build_submission_forms

    # A transactional test's flush drops the root collection the migrations made; documents need it.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    context = DemoContext()
    site.build_site(context)
    records = [r for r in read_records(procedures.PROCEDURES_FILE) if r["ma_thu_tuc"] in CODES]
    procedures_import(records=records, parent=context.procedure_index, user=None, on_skip=context.log)
    procedures.attach_form_templates(context)
    pages.build_standard_pages(context)
    articles.build_articles(context)
    build_submission_forms(context)
    return context
