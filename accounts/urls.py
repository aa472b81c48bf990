"""Citizens' account URLs under /tai-khoan/ ("Hồ sơ của tôi" at its root)."""

from django.urls import path

from accounts import views
from accounts.privacy import views as privacy_views
from accounts.profile import views as profile_views

app_name = "accounts"

urlpatterns = [
    path("", views.my_dossiers, name="home"),
    path("thong-tin/", profile_views.profile, name="profile"),
    path("them-ho-so/", views.dossier_claim, name="claim"),
    path("ho-so/<int:pk>/bo-sung/", views.dossier_supplement, name="supplement"),
    path("ho-so/<int:dossier_pk>/tep/<int:pk>/", views.dossier_file, name="dossier_file"),
    path("giay-to/", views.saved_documents, name="documents"),
    path("giay-to/<int:pk>/", views.saved_document_file, name="document_file"),
    path("giay-to/<int:pk>/xoa/", views.saved_document_delete, name="document_delete"),
    path("du-lieu/", privacy_views.account_data_export, name="data_export"),
    path("dong-tai-khoan/", privacy_views.account_close_view, name="close"),
]
