"""The app's URLs, plus /bench/bare/<name>/: a bare Django view that runs the SQL a page ran."""

from django.urls import path

from cpc.urls import urlpatterns as app_urlpatterns

from .web_bare import bare_view

urlpatterns = [path("bench/bare/<slug:name>/", bare_view), *app_urlpatterns]
