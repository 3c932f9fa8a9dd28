"""Pages for scheduling and preparing conferences (social workers, chairs, invited agencies)."""

from django.urls import path

from . import before_day_views, letter_views, views

urlpatterns: list = [
    path("conferences/", views.conference_list, name="conference-list"),
    path("cases/<int:pk>/conferences/new/", views.conference_schedule, name="conference-schedule"),
    path("conferences/<int:pk>/", views.conference_detail, name="conference-detail"),
    path("conferences/<int:pk>/move/", views.conference_reschedule, name="conference-reschedule"),
    path("conferences/<int:pk>/cancel/", views.conference_cancel, name="conference-cancel"),
    path("conferences/<int:pk>/invite/professional/", views.invite_professional, name="invite-professional"),
    path("conferences/<int:pk>/invite/family/", views.invite_family, name="invite-family"),
    path("conferences/<int:pk>/invite/child/", views.invite_child, name="invite-child"),
    path("conferences/<int:pk>/invite/other/", views.invite_other, name="invite-other"),
    path("conferences/invitations/<int:pk>/letter/", views.invitation_letter, name="invitation-letter"),
    path(
        "conferences/invitations/<int:pk>/new-letter/",
        letter_views.produce_new_letter,
        name="invitation-new-letter",
    ),
    path(
        "conferences/invitations/<int:pk>/letter.pdf",
        views.invitation_letter_pdf,
        name="invitation-letter-pdf",
    ),
    path("conferences/<int:pk>/professional-slot/", before_day_views.slot_request, name="slot-request"),
    path("conferences/<int:pk>/observer/", before_day_views.observer_request, name="observer-request"),
    path("conferences/professional-slots/<int:pk>/decide/", before_day_views.slot_decide, name="slot-decide"),
    path("conferences/observers/<int:pk>/decide/", before_day_views.observer_decide, name="observer-decide"),
    path("conferences/observers/<int:pk>/family/", before_day_views.observer_family, name="observer-family"),
    path("conferences/<int:pk>/family-needs/", before_day_views.family_needs, name="family-needs"),
    path(
        "conferences/<int:pk>/separate/", before_day_views.separate_arrangements, name="separate-arrangements"
    ),
    path("conferences/<int:pk>/pre-meeting/", before_day_views.pre_meeting, name="pre-meeting"),
    path("conferences/<int:pk>/social-worker-report/", before_day_views.sw_report, name="sw-report"),
]
