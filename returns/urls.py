from django.urls import path

from . import views

app_name = "returns"

urlpatterns = [
    path("returns/", views.index, name="index"),
    path("returns/cin-census.xml", views.cin_census, name="cin-census"),
    path("returns/annex-a/", views.annex_a, name="annex-a"),
]
