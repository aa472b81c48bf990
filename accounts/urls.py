"""Citizens' account URLs under /tai-khoan/ ("Hồ sơ của tôi" at its root)."""

from django.urls import path

from accounts import views
from accounts.profile import views as profile_views

app_name = "accounts"

urlpatterns = [
    path("", views.my_dossiers, name="home"),
    path("thong-tin/", profile_views.profile, name="profile"),
]
