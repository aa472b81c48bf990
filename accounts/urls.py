"""Citizens' account URLs under /tai-khoan/ ("Hồ sơ của tôi" at its root)."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.my_dossiers, name="home"),
    path("du-lieu/", views.account_data_export, name="data_export"),
    path("dong-tai-khoan/", views.account_close_view, name="close"),
]
