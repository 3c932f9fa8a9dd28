from django.urls import path

from . import views

app_name = "scheduling"

urlpatterns = [
    path("escalations/", views.escalation_list, name="escalation-list"),
    path("escalations/new/", views.escalation_raise, name="escalation-raise"),
    path("escalations/<int:pk>/", views.escalation_detail, name="escalation-detail"),
    path("notifications/", views.notification_list, name="notification-list"),
]
