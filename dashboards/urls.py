from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/deadlines/", views.deadline_list, name="deadline-list"),
    path("dashboard/escalations/<int:pk>/", views.escalation_step, name="escalation-step"),
    path(
        "dashboard/attendance/<int:pk>/escalate/", views.attendance_escalation, name="attendance-escalation"
    ),
    *[path(f"dashboard/{table}.csv", view, name=f"{table}-csv") for table, view in views.CSV_VIEWS.items()],
]
