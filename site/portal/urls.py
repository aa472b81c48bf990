"""URL configuration: app routes first, Wagtail's page serving last."""

from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.views import document_serve
from forms.backoffice.audit_log import CommuneLogEntriesView

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

urlpatterns = [
    # No /django-admin/ (issue #16): nothing is registered there, staff work in Wagtail's /admin/, and a
    # second public login form was one more target for password guessing.
    # The audit log per commune (issue #17), ahead of Wagtail's view at the same addresses, which
    # its menu and links still reverse (``wagtailadmin_reports:site_history``).
    path("admin/reports/site-history/", require_admin_access(CommuneLogEntriesView.as_view())),
    path(
        "admin/reports/site-history/results/",
        require_admin_access(CommuneLogEntriesView.as_view(results_only=True)),
    ),
    path("admin/", include(wagtailadmin_urls)),
    # Ahead of Wagtail's own pattern for the same addresses, which documents' URLs still reverse.
    re_path(r"^tai-lieu/([0-9]+)/(.*)$", document_serve, name="document_serve"),
    path("tai-lieu/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("tai-khoan/", include("accounts.urls")),
    path("tai-khoan/", include("accounts.signin.urls")),
    path("", include("search.urls")),
    path("", include("forms.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's page pattern admits no dot: let feeds such as /tin-tuc/rss.xml reach their page's route.
    re_path(r"^((?:[\w\-]+/)+rss\.xml)$", wagtail_views.serve, name="page_feed"),
    path("", include(wagtail_urls)),
]
