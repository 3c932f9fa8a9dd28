"""Conference pages: preparation (social workers, business support) and the live page (chairs)."""

from .live import urls as live_urls
from .preparation import urls as preparation_urls

app_name = "conferences"

urlpatterns = preparation_urls.urlpatterns + live_urls.urlpatterns
