"""Public URLs of this app: tracking, confirmation and receipt, files, drafts, address data."""

from django.urls import path

from forms import views

app_name = "forms"

urlpatterns = [
    path("tra-cuu-ho-so/", views.tracking_lookup, name="tracking"),
    path("tra-cuu-ho-so/<str:token>/", views.dossier_detail, name="dossier_detail"),
    path("tra-cuu-ho-so/<str:token>/da-nop/", views.dossier_confirmation, name="dossier_confirmation"),
    path("tra-cuu-ho-so/<str:token>/giay-tiep-nhan.pdf", views.dossier_receipt, name="dossier_receipt"),
    path("tra-cuu-ho-so/<str:token>/tep/<int:pk>/", views.attachment_download, name="attachment"),
    path("ho-so/tep/<int:pk>/", views.attachment_download_staff, name="attachment_staff"),
    path("nop-ho-so/tiep-tuc/<str:token>/", views.draft_resume, name="draft_resume"),
    path("nop-ho-so/dia-gioi/<str:province_code>/", views.communes, name="communes"),
    path("thong-ke-ho-so/", views.statistics, name="statistics"),
]
