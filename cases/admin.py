"""Cases in the Django admin, scoped to the authorities the user administers."""

from django.contrib import admin

from authorities.admin import AuthorityScopedAdmin

from .models import Child, Family, Person, StrategyDiscussion


@admin.register(Family)
class FamilyAdmin(AuthorityScopedAdmin):
    list_display = ["name", "reference", "authority", "social_worker"]
    search_fields = ["name", "reference"]


@admin.register(Child)
class ChildAdmin(AuthorityScopedAdmin):
    list_display = ["first_name", "last_name", "date_of_birth", "unborn", "family", "authority"]
    search_fields = ["first_name", "last_name", "la_child_id", "upn"]


@admin.register(Person)
class PersonAdmin(AuthorityScopedAdmin):
    list_display = ["first_name", "last_name", "family", "authority"]
    search_fields = ["first_name", "last_name"]


@admin.register(StrategyDiscussion)
class StrategyDiscussionAdmin(AuthorityScopedAdmin):
    list_display = ["family", "held_on", "section47_started", "authority"]
    date_hierarchy = "held_on"
