"""Public URLs of this app: the search page and the JSON API."""

from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("tra-cuu/", views.search_page, name="page"),
    path("api/search", views.api_search, name="api"),
    path("api/search/suggest", views.api_suggest, name="suggest"),
]
