"""Core groups: the professionals and family members who carry a child protection plan between
conferences. Set up at the initial conference (NEXT-DATES names the members and books the first
meeting); the sweep counts meetings for CG-MIN2.

One module per job (groups and meetings, what a meeting records, before a review); every model
is importable from here, and Django registers them under the coregroups app from here."""

from .groups import (
    CoreGroup,
    CoreGroupMeeting,
    CoreGroupMember,
    CoreGroupQuerySet,
    MeetingQuerySet,
    MeetingStatus,
)
from .records import (
    ActionQuerySet,
    Agreement,
    AttendanceStatus,
    CoreGroupAction,
    CoreGroupAttendance,
    CoreGroupMinutes,
    CoreGroupPlanNote,
    MeetingNotice,
    NoticeQuerySet,
)
from .review import (
    AttendanceConcern,
    AttendanceConcernMeeting,
    ConcernStatus,
    DelistConversation,
    PreReviewRecommendation,
    Recommendation,
)

__all__ = [
    "ActionQuerySet",
    "Agreement",
    "AttendanceConcern",
    "AttendanceConcernMeeting",
    "AttendanceStatus",
    "ConcernStatus",
    "CoreGroup",
    "CoreGroupAction",
    "CoreGroupAttendance",
    "CoreGroupMeeting",
    "CoreGroupMember",
    "CoreGroupMinutes",
    "CoreGroupPlanNote",
    "CoreGroupQuerySet",
    "DelistConversation",
    "MeetingNotice",
    "MeetingQuerySet",
    "MeetingStatus",
    "NoticeQuerySet",
    "PreReviewRecommendation",
    "Recommendation",
]
