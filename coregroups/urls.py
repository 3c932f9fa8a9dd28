app_name = "coregroups"

urlpatterns: list = []
