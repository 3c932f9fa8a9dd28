"""A review that ends every plan ends the family's core group, and the meetings the group still
had booked are cancelled with the reason, as when a manager ends the last plan between conferences."""

from __future__ import annotations

from conferences.live import services as live
from coregroups.models import CoreGroup, CoreGroupMeeting
from tests.coregroups.review_helpers import REVIEW_ON, ready_to_close, review_of, with_held_meeting


def test_a_review_ending_every_plan_cancels_the_core_group_meetings_still_booked(two_authorities, clock):
    mine, _ = two_authorities
    setup = with_held_meeting(mine, clock)  # its minutes booked the next meeting, before the review
    booked = CoreGroupMeeting.objects.for_authority(mine).get(core_group=setup.group, held_on__isnull=True)
    assert booked.scheduled_at.date() < REVIEW_ON and booked.cancelled_at is None
    conference = review_of(setup)
    ready_to_close(conference, clock)
    live.hold_conference(conference_id=conference.pk, by=conference.chair)
    assert CoreGroup.objects.for_authority(mine).get(pk=setup.group.pk).ended_on == REVIEW_ON
    booked.refresh_from_db()
    assert booked.cancelled_at is not None
    assert booked.change_reason == "every plan ended at the review conference"
    assert booked.history.first().history_change_reason.startswith("cancelled: every plan ended")
