"""Pages for running a conference live, and its minutes (chairs)."""

from django.urls import path

from . import actions as live_actions
from . import record_views
from . import views as live_views

urlpatterns = [
    path("conferences/<int:pk>/live/", live_views.live_page, name="live"),
    *[
        path(f"conferences/<int:pk>/live/{name}/", view, name=f"live-{name}")
        for name, view in live_actions.ACTIONS.items()
    ],
    path("conferences/plan-actions/<int:pk>/done/", record_views.plan_action_done, name="plan-action-done"),
    path(
        "conferences/plan-actions/<int:pk>/not-done/",
        record_views.plan_action_not_done,
        name="plan-action-not-done",
    ),
    path(
        "conferences/plan-actions/<int:pk>/history/",
        record_views.plan_action_history,
        name="plan-action-history",
    ),
    path(
        "conferences/<int:pk>/minutes/professional.pdf",
        record_views.minutes_professional,
        name="minutes-professional",
    ),
    path("conferences/<int:pk>/minutes/family.pdf", record_views.minutes_family, name="minutes-family"),
]
