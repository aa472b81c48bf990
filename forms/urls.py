"""Public URLs of this app: tracking, confirmation, official papers, files, drafts, address data, payments."""

from django.urls import path

from forms.files import views as files_views
from forms.intake import views as intake_views
from forms.papers import views as papers_views
from forms.payments import views as payments_views
from forms.statistics import views as statistics_views
from forms.tracking import views as tracking_views

app_name = "forms"

urlpatterns = [
    path("tra-cuu-ho-so/", tracking_views.tracking_lookup, name="tracking"),
    path("tra-cuu-ho-so/<str:token>/", tracking_views.dossier_detail, name="dossier_detail"),
    path("tra-cuu-ho-so/<str:token>/xac-minh/", tracking_views.dossier_access, name="dossier_access"),
    path("tra-cuu-ho-so/<str:token>/danh-gia/", tracking_views.dossier_rating, name="dossier_rating"),
    path("tra-cuu-ho-so/<str:token>/da-nop/", intake_views.dossier_confirmation, name="dossier_confirmation"),
    path("tra-cuu-ho-so/<str:token>/giay-tiep-nhan.pdf", papers_views.dossier_receipt, name="dossier_receipt"),
    path("tra-cuu-ho-so/<str:token>/giay-to/<slug:form>.pdf", papers_views.dossier_paper, name="dossier_paper"),
    path("tra-cuu-ho-so/<str:token>/tep/<int:pk>/", files_views.attachment_download, name="attachment"),
    path("ho-so/tep/<int:pk>/", files_views.attachment_download_staff, name="attachment_staff"),
    path("ho-so/<int:pk>/giay-to/<slug:form>.pdf", papers_views.dossier_paper_staff, name="dossier_paper_staff"),
    path("nop-ho-so/tiep-tuc/<str:token>/", intake_views.draft_resume, name="draft_resume"),
    path("nop-ho-so/thu-tuc/<str:code>/", intake_views.standard_submission, name="standard_submission"),
    path("nop-ho-so/dia-gioi/<str:province_code>/", intake_views.communes, name="communes"),
    path("thanh-toan/<slug:plugin>/bat-dau/<str:token>/", payments_views.payment_start, name="payment_start"),
    path("thanh-toan/<slug:plugin>/tra-ve/", payments_views.payment_return, name="payment_return"),
    path("thanh-toan/<slug:plugin>/webhook/", payments_views.payment_webhook, name="payment_webhook"),
    path("thong-ke-ho-so/", statistics_views.statistics, name="statistics"),
]
