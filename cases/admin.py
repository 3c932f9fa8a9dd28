"""Cases in the Django admin, scoped to the authorities the user administers."""

from django.contrib import admin

from authorities.admin_scoping import AuthorityScopedAdmin, ScopedAdminMixin

from .models import (
    Child,
    ChildInNeedPlan,
    ChildInNeedReview,
    ChildProtectionPlan,
    Family,
    Person,
    PlanItem,
    StrategyDiscussion,
)


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


class ReadOnlyPlanAdmin(AuthorityScopedAdmin):
    """Plans are read here, with their history; they start and end through the services (a
    conference, or a manager's "end this plan"), which stop their deadlines and close the core
    group: an edit here would skip all that."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlanItemInline(ScopedAdminMixin, admin.TabularInline):
    model = PlanItem
    fields = ["kind", "text", "owner_name", "due_on", "done_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        items = PlanItem.objects.unscoped(reason="admin inline, scoped to administered authorities")
        ids = self._ids(request)
        return items if ids is None else items.filter(authority_id__in=ids)


@admin.register(ChildProtectionPlan)
class ChildProtectionPlanAdmin(ReadOnlyPlanAdmin):
    list_display = ["child", "category", "started_on", "ended_on", "end_kind", "authority"]
    list_filter = [*AuthorityScopedAdmin.list_filter, "end_kind", "category"]
    search_fields = ["child__first_name", "child__last_name"]
    date_hierarchy = "started_on"
    inlines = [PlanItemInline]


@admin.register(ChildInNeedPlan)
class ChildInNeedPlanAdmin(ReadOnlyPlanAdmin):
    list_display = ["child", "started_on", "ended_on", "stepped_down_from", "authority"]
    search_fields = ["child__first_name", "child__last_name"]
    date_hierarchy = "started_on"


@admin.register(ChildInNeedReview)
class ChildInNeedReviewAdmin(ReadOnlyPlanAdmin):
    """Read here with its history: a review is recorded through `cases.plans.reviews`, which meets
    the plan's STEPDOWN-CIN-3M deadline and ends the plan when the review says so."""

    list_display = ["plan", "held_on", "outcome", "next_review_on", "recorded_by", "authority"]
    search_fields = ["plan__child__first_name", "plan__child__last_name"]
    date_hierarchy = "held_on"
