from django.urls import path

from . import attendance_views, notice_views, review_views, views

app_name = "coregroups"

urlpatterns = [
    path("core-groups/<int:pk>/", views.core_group, name="core-group"),
    path("core-groups/<int:pk>/book/", views.book, name="meeting-book"),
    path("core-groups/meetings/<int:pk>/move/", views.move, name="meeting-move"),
    path("core-groups/meetings/<int:pk>/cancel/", views.cancel, name="meeting-cancel"),
    path("core-groups/meetings/<int:pk>/minutes/", views.record_minutes, name="meeting-minutes"),
    path("core-groups/meetings/<int:pk>/minutes.pdf", views.minutes_pdf, name="meeting-minutes-pdf"),
    path(
        "core-groups/meetings/<int:pk>/minutes/correct/",
        views.correct_minutes,
        name="meeting-minutes-correct",
    ),
    path("core-groups/actions/<int:pk>/done/", views.action_done, name="action-done"),
    path("core-groups/meetings/<int:pk>/letters/", notice_views.produce_letters, name="meeting-letters"),
    path("core-groups/letters/<int:pk>.pdf", notice_views.letter_pdf, name="notice-letter-pdf"),
    path(
        "core-groups/meetings/<int:pk>/minutes/circulate/",
        notice_views.circulate_minutes,
        name="meeting-minutes-circulate",
    ),
    path(
        "core-groups/meetings/<int:pk>/recommendation/",
        review_views.recommendation,
        name="meeting-recommendation",
    ),
    path("core-groups/<int:pk>/attendance/", attendance_views.raise_concern, name="attendance-concern"),
    path("core-groups/attendance/<int:pk>/answer/", attendance_views.answer, name="attendance-answer"),
    path(
        "core-groups/reviews/<int:pk>/conversation/",
        review_views.conversation,
        name="review-conversation",
    ),
]
