"""Pages for running a conference live, and its minutes (chairs)."""

urlpatterns: list = []
