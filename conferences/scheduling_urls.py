"""Pages for scheduling and preparing conferences (social workers)."""

urlpatterns: list = []
