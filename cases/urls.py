from django.urls import path

from . import views
from .plans import views as plan_views

app_name = "cases"

urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", views.family_create, name="family-create"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/edit/", views.family_edit, name="family-edit"),
    path("cases/<int:pk>/children/new/", views.child_create, name="child-create"),
    path("cases/<int:pk>/people/new/", views.person_create, name="person-create"),
    path(
        "cases/<int:pk>/strategy-discussions/new/",
        views.strategy_discussion_create,
        name="strategy-discussion-create",
    ),
    path("cases/children/<int:pk>/edit/", views.child_edit, name="child-edit"),
    path("cases/people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("cases/plans/<int:pk>/end/", plan_views.end_plan, name="plan-end"),
    path("cases/plans/<int:pk>/oversight/", plan_views.plan_oversight, name="plan-oversight"),
    path("cases/in-need-plans/<int:pk>/end/", plan_views.end_in_need_plan, name="in-need-plan-end"),
    path("cases/in-need-plans/<int:pk>/reviews/", plan_views.in_need_reviews, name="in-need-plan-reviews"),
    path(
        "cases/strategy-discussions/<int:pk>/edit/",
        views.strategy_discussion_edit,
        name="strategy-discussion-edit",
    ),
]
