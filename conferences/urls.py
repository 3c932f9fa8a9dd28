"""Conference pages: scheduling and preparation (social workers) and the live page (chairs)."""

from . import live_urls, scheduling_urls

app_name = "conferences"

urlpatterns = scheduling_urls.urlpatterns + live_urls.urlpatterns
