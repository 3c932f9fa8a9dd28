"""NON-ATTEND-LETTER on the managers' dashboard counts core group meetings too: an agency whose member
was absent or sent apologies at held meetings shows them in its own column, in the CSV and the API,
and in the pattern (pattern_count within pattern_months), which core group meetings alone may reach."""

from __future__ import annotations

import csv
import datetime
import io

import pytest

from authorities.models import Agency, Authority, Mode, RuleSet
from coregroups.models import AttendanceStatus, CoreGroupMember
from tests.dashboards.helpers import core_group_meetings
from tests.dashboards.test_dashboard_figures import WEDNESDAY, api, as_service_manager
from tests.factories import AgencyFactory, AuthorityFactory, MembershipFactory, copy_rule_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def birmingham_like(db):
    """Birmingham's rules: NON-ATTEND-LETTER advised, a pattern is 3 in 6 months."""
    authority = AuthorityFactory(name="Gammashire", slug="gammashire")
    copy_rule_set(RuleSet.objects.for_authority(Authority.objects.get(slug="birmingham")).get(), authority)
    return authority


def _police(authority) -> Agency:
    name = f"{authority.name} Police"
    found = Agency.objects.for_authority(authority).filter(name=name).first()
    return found or AgencyFactory(authority=authority, name=name, type="police")


MISSED_THREE = {
    datetime.date(2026, 2, 2): AttendanceStatus.ABSENT,
    datetime.date(2026, 3, 2): AttendanceStatus.APOLOGIES,
    datetime.date(2026, 4, 6): AttendanceStatus.ATTENDED,  # there: not counted
    datetime.date(2026, 5, 4): AttendanceStatus.ABSENT,
    datetime.date(2026, 6, 1): None,  # booked, never held
    datetime.date(2025, 9, 1): AttendanceStatus.ABSENT,  # before the six months
}


def test_core_group_meetings_missed_alone_reach_the_pattern_where_the_rule_is_on(
    birmingham_like, client, clock
):
    clock.day = WEDNESDAY
    authority = birmingham_like
    assert RuleSet.objects.for_authority(authority).get().mode("NON-ATTEND-LETTER") == Mode.ADVISED
    police = _police(authority)
    core_group_meetings(authority, police, MISSED_THREE)
    as_service_manager(client, authority)

    (row,) = [r for r in api(client, authority)["attendance"] if r["agency"] == police.name]

    assert (row["invited"], row["absent_without_report"]) == (0, 0)
    assert (row["core_group_meetings_missed"], row["in_pattern_window"], row["pattern"]) == (3, 3, True)
    page = client.get(f"/{authority.slug}/dashboard/").content.decode()
    assert ">Core group meetings missed</th>" in page
    assert f"/{authority.slug}/dashboard/attendance/{police.pk}/escalate/" in page
    exported = client.get(f"/{authority.slug}/dashboard/attendance.csv")
    table = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode())))
    header = table[0]
    (police_row,) = [r for r in table[1:] if r[0] == police.name]
    assert police_row[header.index("core_group_meetings_missed")] == "3"
    assert police_row[header.index("missed_in_last_6_months")] == "3"
    assert police_row[header.index("pattern")] == "yes"


def test_the_escalation_reason_leads_with_words_and_countscore_group_meetings(birmingham_like, client, clock):
    clock.day = WEDNESDAY
    authority = birmingham_like
    police = _police(authority)
    core_group_meetings(authority, police, MISSED_THREE)
    client.force_login(MembershipFactory(authority=authority, role="service_manager").user)

    page = client.get(f"/{authority.slug}/dashboard/attendance/{police.pk}/escalate/").content.decode()

    expected = (
        f"{police.name} neither attended nor sent a report to 0 conferences and missed 3 core group "
        "meetings in the last 6 months: 3 in all (the pattern is 3). Between 10 December 2025 and "
        "10 June 2026: 0 invitations, 0 not attended, 0 without a report, 3 core group meetings missed "
        "(NON-ATTEND-LETTER)"
    )
    assert expected in page
    assert "NON-ATTEND-LETTER: " not in page


def test_where_the_rule_is_off_the_meetings_are_counted_and_the_page_says_it_is_off(
    two_authorities, client, clock
):
    clock.day = WEDNESDAY
    mine, theirs = two_authorities  # Barnsley's rules: NON-ATTEND-LETTER off
    assert RuleSet.objects.for_authority(mine).get().mode("NON-ATTEND-LETTER") == Mode.OFF
    police = _police(mine)
    core_group_meetings(mine, police, MISSED_THREE)
    core_group_meetings(theirs, _police(theirs), MISSED_THREE)  # another authority's: never counted here
    as_service_manager(client, mine)

    rows = api(client, mine)["attendance"]

    assert [(r["agency"], r["core_group_meetings_missed"]) for r in rows] == [(police.name, 3)]
    page = client.get(f"/{mine.slug}/dashboard/").content.decode()
    assert "the rule is off here: its letters are not sent, but the pattern is still shown" in page


def test_a_meeting_missed_by_a_member_named_again_since_still_counts_for_the_agency(
    birmingham_like, client, clock
):
    clock.day = WEDNESDAY
    authority = birmingham_like
    police = _police(authority)
    core_group_meetings(authority, police, MISSED_THREE)
    # A later conference names the members again: their rows go, the attendance loses its link.
    CoreGroupMember.objects.for_authority(authority).delete()
    as_service_manager(client, authority)

    (row,) = [r for r in api(client, authority)["attendance"] if r["agency"] == police.name]

    assert (row["core_group_meetings_missed"], row["pattern"]) == (3, True)
