"""A held core group meeting's minutes as a PDF (CG-MINUTES contents, "Official – Sensitive" and
page numbers), and correcting them afterwards: the people who may record them, with a reason,
the same rule checks, history kept, a stale edit refused, and the deadlines kept consistent."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from authorities.models import Mode, Role, RuleSetting
from authorities.rules.checks import RuleViolation
from coregroups import documents, services
from coregroups.models import (
    AttendanceStatus,
    CoreGroupAction,
    CoreGroupAttendance,
    CoreGroupMeeting,
    CoreGroupMember,
    CoreGroupMinutes,
)
from coregroups.selectors import minutes_corrections
from scheduling.models import Deadline, Notification
from scheduling.services import deadline_for
from tests.coregroups.helpers import at, held_initial, manager_of, minutes
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date
HELD = D(2026, 12, 14)  # the first core group, on its CG1-10WD due date
NEXT = D(2027, 1, 11)  # the next meeting the minutes book (a Monday)


def _mode(authority, rule_id: str, mode: str) -> None:
    RuleSetting.framework_objects.filter(authority=authority, rule_id=rule_id).update(mode=mode)


def _held(setup, clock, **changes) -> CoreGroupMinutes:
    """The first meeting recorded as held on HELD; "today" is then the day after."""
    clock.day = HELD
    record = services.record_meeting_held(
        meeting_id=setup.first.pk, by=setup.social_worker, minutes=minutes(setup, HELD, **changes)
    )
    clock.day = HELD + datetime.timedelta(days=1)
    return record


def as_recorded(record: CoreGroupMinutes, **changes) -> services.MinutesIn:
    """The minutes as they stand, as a client sends them back to correct them (`changes` replace parts)."""
    record = CoreGroupMinutes.framework_objects.select_related("meeting", "next_meeting").get(pk=record.pk)
    meeting, next_meeting = record.meeting, record.next_meeting
    notes = list(record.plan_notes.all())
    values = {
        "held_at": meeting.scheduled_at,
        "venue_id": meeting.venue_id,
        "venue_note": meeting.venue_note,
        "purpose": record.purpose,
        "attendance": [
            services.AttendanceIn(a.member_id, a.status, attendance_id=a.pk) for a in record.attendance.all()
        ],
        "chaired_by": record.chaired_by,
        "minutes_by": record.minutes_by,
        "chair_minuter_reason": record.chair_minuter_reason,
        "reports_from_absent": record.reports_from_absent,
        "progress": [
            services.ProgressIn(n.plan_item_id, n.text, n.agreement, n.reason)
            for n in notes
            if n.kind == "progress"
        ],
        "plan_changes": [services.PlanChangeIn(n.plan_id, n.text) for n in notes if n.kind == "change"],
        "no_plan_changes": record.no_plan_changes,
        "child_voice": record.child_voice,
        "summary": record.summary,
        "actions": [
            services.ActionIn(a.text, a.owner_id, a.owner_name, a.due_on, id=a.pk)
            for a in record.actions.order_by("pk")
        ],
        "action_points_checked": record.action_points_checked,
        "next_meeting_at": next_meeting.scheduled_at if next_meeting else None,
        "next_venue_id": next_meeting.venue_id if next_meeting else None,
        "next_venue_note": next_meeting.venue_note if next_meeting else "",
        "minutes_reason": record.minutes_reason,
    }
    values.update(changes)
    return services.MinutesIn(**values)


def _correct(setup, record, *, by=None, reason="Typed in the wrong box", version=1, **changes):
    return services.correct_minutes(
        meeting_id=record.meeting_id,
        by=by or setup.social_worker,
        minutes=as_recorded(record, **changes),
        reason=reason,
        expected_version=version,
    )


def _pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _pdf_url(authority, meeting) -> str:
    return f"/{authority.slug}/core-groups/meetings/{meeting.pk}/minutes.pdf"


def _correct_url(authority, meeting) -> str:
    return f"/{authority.slug}/core-groups/meetings/{meeting.pk}/minutes/correct/"


# --- the PDF -------------------------------------------------------------------------------------


def test_the_minutes_pdf_holds_every_cg_minutes_part_with_the_marking_on_every_page(
    client, two_authorities, clock
):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    mum = PersonFactory(family=setup.room.conference.family, first_name="Kelly", last_name="Brown")
    CoreGroupMember.framework_objects.create(
        authority=mine, core_group=setup.group, person=mum, name="Kelly Brown", role_label="Mother"
    )
    items = services.current_plan_items(setup.group)
    members = list(setup.group.members.all())
    _held(
        setup,
        clock,
        attendance=[
            services.AttendanceIn(
                m.pk, AttendanceStatus.APOLOGIES if m.name == "Gran Smith" else AttendanceStatus.ATTENDED
            )
            for m in members
        ],
        reports_from_absent="Gran sent a note about weekends",
        progress=[
            services.ProgressIn(
                items[0].pk, "Dad has started at the service", "disputed", "Mum says he missed two"
            ),
            *[services.ProgressIn(i.pk, "Going well", "agreed") for i in items[1:]],
        ],
        no_plan_changes=False,
        plan_changes=[services.PlanChangeIn(items[0].plan_id, "Contact with Dad now supervised")],
        child_voice="Says home is calmer at bedtime",
    )
    client.force_login(setup.social_worker.user)
    response = client.get(_pdf_url(mine, setup.first))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="core-group-' in response["Content-Disposition"]
    text = _pdf_text(response)
    reader = PdfReader(io.BytesIO(response.content))
    for page in reader.pages:  # every page carries the marking and its number
        assert "Official – Sensitive" in page.extract_text() and "Page " in page.extract_text()
    for part in (
        "Core group meeting: minutes",
        "Monday 14 December 2026, 10:00",
        "Family home",
        "Review the plan",  # purpose
        "Sam Social Worker",  # chair
        "Bea Business Support",  # notes taken by
        "Kelly Brown",
        "(family member)",
        "Gran Smith",
        "Sent apologies",
        "Gran sent a note about weekends",
        "Dad has started at the service",
        "Disputed: Mum says he missed two",
        "Agreed",
        "Contact with Dad now supervised",
        "Says home is calmer at bedtime",
        "Visit weekly",
        "21 December 2026",
        "were read back and checked",
        "Monday 11 January 2027, 10:00",
        "Page 1 of",
    ):
        assert part in text, part


def test_the_minutes_pdf_is_there_for_whoever_sees_the_meeting_once_it_is_held(
    client, two_authorities, clock
):
    mine, theirs = two_authorities
    setup = held_initial(mine, clock)
    record = _held(setup, clock)
    member = setup.room.professionals[0].membership
    outsider = MembershipFactory(authority=mine, role=Role.PRACTITIONER, agency=member.agency)

    client.force_login(member.user)  # a practitioner in the group: the PDF, but no correcting
    assert client.get(_pdf_url(mine, setup.first)).status_code == 200
    page = client.get(f"/{mine.slug}/core-groups/{setup.group.pk}/").content.decode()
    assert _pdf_url(mine, setup.first) in page and _correct_url(mine, setup.first) not in page
    client.force_login(outsider.user)
    assert client.get(_pdf_url(mine, setup.first)).status_code == 404
    client.force_login(MembershipFactory(authority=theirs, role=Role.CHAIR).user)
    for slug in (mine.slug, theirs.slug):
        assert client.get(f"/{slug}/core-groups/meetings/{setup.first.pk}/minutes.pdf").status_code == 404
        api = f"/api/v1/{slug}/core-group-meetings/{setup.first.pk}/minutes-pdf/"
        assert client.get(api).status_code == 404

    client.force_login(setup.social_worker.user)
    booked = record.next_meeting  # booked, not held: no minutes yet
    assert client.get(_pdf_url(mine, booked)).status_code == 404
    api = f"/api/v1/{mine.slug}/core-group-meetings/"
    assert client.get(f"{api}{booked.pk}/minutes-pdf/").status_code == 404
    response = client.get(f"{api}{setup.first.pk}/minutes-pdf/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Says home is calmer" in _pdf_text(response)


def test_the_minutes_document_takes_the_same_queries_for_one_or_many_rows(
    two_authorities, clock, django_assert_max_num_queries
):
    mine, _ = two_authorities
    few = _held(held_initial(mine, clock), clock)
    many_setup = held_initial(mine, clock)
    many = _held(
        many_setup,
        clock,
        actions=[
            services.ActionIn(f"Action {n}", owner_id=many_setup.social_worker.pk, due_on=D(2026, 12, 21))
            for n in range(8)
        ],
        no_plan_changes=False,
        plan_changes=[
            services.PlanChangeIn(services.current_plan_items(many_setup.group)[0].plan_id, f"Change {n}")
            for n in range(4)
        ],
    )
    documents.render_minutes_html(few.meeting)  # warm caches (content types)
    with CaptureQueriesContext(connection) as counted:
        documents.render_minutes_html(few.meeting)
    with django_assert_max_num_queries(len(counted)):
        html = documents.render_minutes_html(many.meeting)
    assert html.count("Action ") >= 8


# --- correcting: the service ---------------------------------------------------------------------


def test_a_correction_keeps_history_with_who_when_why_and_what_changed(two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    record = _held(setup, clock)
    gran = record.attendance.get(name="Gran Smith")
    attendance = [
        services.AttendanceIn(a.member_id, AttendanceStatus.ABSENT if a.pk == gran.pk else a.status, a.pk)
        for a in record.attendance.all()
    ]
    corrected = _correct(
        setup,
        record,
        reason="Gran did not come: noted wrongly",
        child_voice="Says home is calmer, but misses Dad",
        attendance=attendance,
        reports_from_absent="None sent",
    )
    assert corrected.version == 2 and corrected.corrected_by == setup.social_worker
    assert corrected.correction_reason == "Gran did not come: noted wrongly"
    assert "the child's voice" in corrected.corrected_parts and "attendance" in corrected.corrected_parts

    latest, before = list(corrected.history.all()[:2])
    assert (latest.history_user, latest.history_change_reason) == (
        setup.social_worker.user,
        "corrected: Gran did not come: noted wrongly",
    )
    assert before.child_voice == "Says home is calmer" and latest.child_voice.endswith("misses Dad")
    gran_history = list(CoreGroupAttendance.history.filter(id=gran.pk).order_by("history_date"))
    assert [h.status for h in gran_history] == ["attended", "absent"]
    assert gran_history[-1].history_user == setup.social_worker.user
    [correction] = minutes_corrections(corrected)
    assert (correction.version, correction.by_name, correction.reason) == (
        2,
        setup.social_worker.user.display_name,
        "Gran did not come: noted wrongly",
    )


def test_a_stale_correction_is_refused_and_does_not_overwrite_the_newer_one(two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    record = _held(setup, clock)
    manager = manager_of(setup)
    stale_copy = as_recorded(record, child_voice="Manager's version")  # loaded at version 1
    _correct(setup, record, child_voice="Social worker's version")
    with pytest.raises(services.StaleMinutes) as refused:
        services.correct_minutes(
            meeting_id=record.meeting_id,
            by=manager,
            minutes=stale_copy,
            reason="Adding what the child said",
            expected_version=1,
        )
    assert refused.value.current_version == 2
    message = str(refused.value)
    assert setup.social_worker.user.display_name in message and "have not been saved" in message
    record.refresh_from_db()
    assert (record.child_voice, record.version) == ("Social worker's version", 2)
    # Reloaded at version 2, the manager's correction goes in.
    assert _correct(setup, record, by=manager, version=2, child_voice="Both").version == 3


def test_corrections_are_checked_like_recording_naming_the_rule_and_the_field(two_authorities, clock):
    mine, _ = two_authorities
    _mode(mine, "CG-MINUTES", Mode.REQUIRED)  # as Hartlepool ships both
    _mode(mine, "CG-CHAIR-NOT-MINUTER", Mode.ADVISED)
    setup = held_initial(mine, clock)
    record = _held(setup, clock)
    with pytest.raises(RuleViolation) as refused:
        _correct(setup, record, child_voice="")
    assert (refused.value.rule_id, refused.value.field) == ("CG-MINUTES", "child_voice")
    assert "(CG-MINUTES)" in str(refused.value) and "child voice" in str(refused.value)
    with pytest.raises(RuleViolation) as emptied:  # everyone taken out of the attendance
        _correct(setup, record, attendance=[])
    assert (emptied.value.rule_id, emptied.value.field) == ("CG-MINUTES", "attendance")
    with pytest.raises(RuleViolation) as asked:
        _correct(setup, record, minutes_by="sam social worker")
    assert (asked.value.rule_id, asked.value.field) == ("CG-CHAIR-NOT-MINUTER", "chair_minuter_reason")
    corrected = _correct(
        setup, record, minutes_by="Sam Social Worker", chair_minuter_reason="Bea was off sick"
    )
    assert corrected.minutes_by == "Sam Social Worker" and corrected.version == 2


def test_a_correction_needs_a_reason_a_change_and_the_same_day(two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    record = _held(setup, clock)
    with pytest.raises(services.ValidationError) as no_reason:
        _correct(setup, record, reason="  ", summary="x")
    assert "correction_reason" in no_reason.value.message_dict
    with pytest.raises(services.ValidationError) as nothing:
        _correct(setup, record)
    assert "Nothing has changed" in str(nothing.value)
    with pytest.raises(services.ValidationError) as moved:
        _correct(setup, record, held_at=at(HELD - datetime.timedelta(days=1)))
    assert "held_at" in moved.value.message_dict
    assert _correct(setup, record, held_at=at(HELD, hour=14)).meeting.scheduled_at == at(HELD, hour=14)
    record.refresh_from_db()
    assert record.version == 2 and record.corrected_parts == "time"


def test_only_those_who_may_record_the_minutes_may_correct_them(two_authorities, clock):
    mine, theirs = two_authorities
    setup = held_initial(mine, clock)
    record = _held(setup, clock)
    member = setup.room.professionals[0].membership
    for who in (MembershipFactory(authority=mine, role=Role.BUSINESS_SUPPORT), member):
        with pytest.raises(services.PermissionDenied):
            _correct(setup, record, by=who, summary="x")
    with pytest.raises(CoreGroupMeeting.DoesNotExist):
        _correct(setup, record, by=MembershipFactory(authority=theirs, role=Role.CHAIR), summary="x")
    assert _correct(setup, record, by=manager_of(setup), summary="Agreed by all").version == 2
    assert _correct(setup, record, by=setup.room.chair, version=2, summary="Agreed").version == 3


def test_action_points_corrected_move_open_or_cancel_their_outcome_deadlines(two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    record = _held(
        setup,
        clock,
        actions=[
            services.ActionIn("Visit weekly", owner_name="Social worker", due_on=D(2026, 12, 21)),
            services.ActionIn("Book the course", owner_name="Social worker", due_on=D(2026, 12, 22)),
        ],
    )
    weekly, course = record.actions.order_by("pk")
    services.mark_action_done(action_id=weekly.pk, by=setup.social_worker, done_on=D(2026, 12, 15))
    data = as_recorded(record)
    data.actions[0].due_on = D(2027, 1, 4)  # done already: stays met, against the new date
    data.actions = [
        data.actions[0],
        services.ActionIn("Ring the school", owner_id=setup.social_worker.pk, due_on=D(2027, 1, 6)),
    ]  # "Book the course" taken out
    services.correct_minutes(
        meeting_id=record.meeting_id,
        by=setup.social_worker,
        minutes=data,
        reason="Dates agreed were wrong",
        expected_version=1,
    )
    moved = deadline_for(authority=mine, rule_id="OUTCOME", subject=weekly)
    assert (moved.due_on, moved.met_on, moved.status, moved.mode) == (
        D(2027, 1, 4),
        D(2026, 12, 15),
        "met_on_time",
        Mode.ADVISED,
    )
    gone = Deadline.objects.for_authority(mine).get(rule_id="OUTCOME", subject_id=course.pk)
    assert gone.cancelled_at is not None
    assert not CoreGroupAction.objects.for_authority(mine).filter(pk=course.pk).exists()
    assert CoreGroupAction.history.filter(id=course.pk, history_type="-").exists()
    ring = CoreGroupAction.objects.for_authority(mine).get(text="Ring the school")
    opened = deadline_for(authority=mine, rule_id="OUTCOME", subject=ring)
    assert (opened.due_on, opened.responsible, opened.mode) == (
        D(2027, 1, 6),
        setup.social_worker,
        Mode.ADVISED,
    )
    # An action's date taken out: CG-MINUTES (advised here) asks why; its deadline no longer runs.
    data = as_recorded(CoreGroupMinutes.objects.for_authority(mine).get(pk=record.pk))
    data.actions[1].due_on = None
    with pytest.raises(RuleViolation) as asked:
        services.correct_minutes(
            meeting_id=record.meeting_id, by=setup.social_worker, minutes=data, reason="x", expected_version=2
        )
    assert (asked.value.rule_id, asked.value.field) == ("CG-MINUTES", "minutes_reason")
    data.minutes_reason = "The school sets the date of the call"
    services.correct_minutes(
        meeting_id=record.meeting_id,
        by=setup.social_worker,
        minutes=data,
        reason="No date was agreed",
        expected_version=2,
    )
    assert deadline_for(authority=mine, rule_id="OUTCOME", subject=ring).cancelled_at is not None


def test_the_next_meeting_follows_the_corrected_minutes_and_the_deadline_knows(two_authorities, clock):
    _, west_sussex = two_authorities  # CG-6WK advised: the next meeting is booked against it
    mine = west_sussex
    setup = held_initial(mine, clock)
    record = _held(setup, clock)
    next_meeting = record.next_meeting
    cg6 = deadline_for(authority=mine, rule_id="CG-6WK", subject=setup.first)
    assert cg6.booked_for == NEXT
    with pytest.raises(services.ValidationError) as refused:  # a Saturday
        _correct(setup, record, next_meeting_at=at(D(2027, 1, 16)))
    assert "not a working day" in refused.value.message_dict["next_meeting_at"][0]

    _correct(setup, record, next_meeting_at=at(D(2027, 1, 13)), reason="Room was double booked")
    next_meeting.refresh_from_db()
    cg6.refresh_from_db()
    assert next_meeting.scheduled_at == at(D(2027, 1, 13)) and cg6.booked_for == D(2027, 1, 13)
    assert "Room was double booked" in next_meeting.change_reason
    assert next_meeting.history.first().history_user == setup.social_worker.user

    _correct(
        setup,
        record,
        version=2,
        next_meeting_at=None,
        reason="No date was set at the meeting",
        minutes_reason="Next date to be agreed by phone",  # CG-MINUTES (advised) asks why
    )
    next_meeting.refresh_from_db()
    cg6.refresh_from_db()
    assert next_meeting.status == "cancelled" and cg6.booked_for is None
    record.refresh_from_db()
    assert record.next_meeting is None and record.version == 3

    _correct(setup, record, version=3, next_meeting_at=at(D(2027, 1, 14)), next_venue_note="School")
    record.refresh_from_db()
    cg6.refresh_from_db()
    assert record.next_meeting.scheduled_at == at(D(2027, 1, 14)) and cg6.booked_for == D(2027, 1, 14)


def test_a_plan_change_added_by_a_correction_reaches_the_chair(two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    record = _held(setup, clock)
    plan = services.current_plan_items(setup.group)[0].plan
    _correct(
        setup,
        record,
        no_plan_changes=False,
        plan_changes=[services.PlanChangeIn(plan.pk, "Overnight stays with Gran stop")],
    )
    note = Notification.objects.for_authority(mine).get(kind=Notification.Kind.PLAN_CHANGE)
    assert note.recipient == setup.room.chair.user
    assert "Overnight stays with Gran stop" not in note.body  # e-mailed: what changed is on the page
    assert "corrected" in note.body and "1 change (PLAN-CHANGES)" in note.body


# --- correcting: the page and the API ------------------------------------------------------------


def _submitted(form) -> dict:
    """What a browser sends back for the form as it was rendered."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            data[bound.html_name] = "on"
        elif isinstance(value, datetime.datetime):  # already in local time, as the widget shows it
            data[bound.html_name] = value.strftime("%Y-%m-%dT%H:%M")
        elif isinstance(value, datetime.date):
            data[bound.html_name] = value.isoformat()
        else:
            data[bound.html_name] = str(value)
    return data


def test_correcting_through_the_page_and_a_stale_save_is_refused(client, two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    _held(setup, clock)
    url = _correct_url(mine, setup.first)
    client.force_login(setup.social_worker.user)
    group_page = client.get(f"/{mine.slug}/core-groups/{setup.group.pk}/").content.decode()
    assert url in group_page and _pdf_url(mine, setup.first) in group_page
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and "Correct the minutes" in body and "Says home is calmer" in body
    assert 'name="version" value="1"' in body and "Visit weekly" in body
    loaded = _submitted(page.context["form"])

    missing = client.post(url, {**loaded, "child_voice": "Likes her new school"})
    assert missing.status_code == 400 and "Say why the minutes are corrected" in missing.content.decode()
    saved = client.post(
        url, {**loaded, "child_voice": "Likes her new school", "correction_reason": "Mixed up two children"}
    )
    assert saved.status_code == 302 and saved["Location"].endswith(f"#minutes-{setup.first.pk}")
    group_page = client.get(saved["Location"]).content.decode()
    assert "Corrected (version 2)" in group_page and "Mixed up two children" in group_page

    stale = client.post(
        url, {**loaded, "summary": "Late addition", "correction_reason": "Forgot the summary"}
    )
    assert stale.status_code == 409 and "corrected these minutes" in stale.content.decode()
    record = CoreGroupMinutes.objects.for_authority(mine).get(meeting=setup.first)
    assert (record.child_voice, record.summary, record.version) == ("Likes her new school", "", 2)

    # An action's text cleared takes it out; the page shows the history afterwards.
    fresh = _submitted(client.get(url).context["form"])
    fresh.update(
        {
            "action_0_text": "",
            "correction_reason": "That action was for another family",
            "minutes_reason": "No action of this family's was agreed",  # CG-MINUTES (advised) asks
        }
    )
    assert client.post(url, fresh).status_code == 302
    assert not CoreGroupAction.objects.for_authority(mine).filter(minutes=record).exists()
    history = client.get(url).content.decode()
    assert "That action was for another family" in history and "Mixed up two children" in history


def test_the_correction_page_is_for_those_who_may_record_and_held_meetings_only(
    client, two_authorities, clock
):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    record = _held(setup, clock)
    client.force_login(setup.room.professionals[0].membership.user)
    assert client.get(_correct_url(mine, setup.first)).status_code == 403
    client.force_login(MembershipFactory(authority=mine, role=Role.BUSINESS_SUPPORT).user)
    assert client.post(_correct_url(mine, setup.first), {"correction_reason": "x"}).status_code == 403
    client.force_login(setup.social_worker.user)
    assert client.get(_correct_url(mine, record.next_meeting)).status_code == 404


def test_the_correction_page_takes_the_same_queries_for_one_or_many_action_points(
    client, two_authorities, clock, django_assert_max_num_queries
):
    mine, _ = two_authorities
    few = held_initial(mine, clock)
    _held(few, clock)
    many = held_initial(mine, clock)
    _held(
        many,
        clock,
        actions=[
            services.ActionIn(f"Action {n}", owner_id=many.social_worker.pk, due_on=D(2026, 12, 21))
            for n in range(6)
        ],
    )
    client.force_login(MembershipFactory(authority=mine, role=Role.CHAIR).user)
    client.get(_correct_url(mine, few.first))  # warm caches
    with CaptureQueriesContext(connection) as counted:
        assert client.get(_correct_url(mine, few.first)).status_code == 200
    with django_assert_max_num_queries(len(counted)):
        assert client.get(_correct_url(mine, many.first)).status_code == 200


def test_the_api_corrects_with_the_version_and_answers_409_when_stale(client, two_authorities, clock):
    mine, _ = two_authorities
    _mode(mine, "CG-CHAIR-NOT-MINUTER", Mode.ADVISED)
    setup = held_initial(mine, clock)
    _held(setup, clock)
    base = f"/api/v1/{mine.slug}/core-group-meetings/{setup.first.pk}/"
    client.force_login(setup.social_worker.user)
    minutes_json = client.get(base).json()["minutes"]
    assert minutes_json["version"] == 1 and all("id" in a for a in minutes_json["attendance"])
    body = {
        "version": minutes_json["version"],
        "reason": "Child's words were cut short",
        "held_at": "2026-12-14T10:00:00Z",
        "venue_note": "Family home",
        "purpose": minutes_json["purpose"],
        "attendance": [{"id": a["id"], "status": a["status"]} for a in minutes_json["attendance"]],
        "chaired_by": minutes_json["chaired_by"],
        "minutes_by": minutes_json["minutes_by"],
        "progress": [
            {"plan_item": n["plan_item"], "text": n["text"], "agreement": n["agreement"]}
            for n in minutes_json["plan_notes"]
            if n["kind"] == "progress"
        ],
        "no_plan_changes": True,
        "child_voice": "Says home is calmer now Dad is not drinking",
        "actions": [
            {"id": a["id"], "text": a["text"], "owner_name": a["owner_name"], "due_on": a["due_on"]}
            for a in minutes_json["actions"]
        ],
        "action_points_checked": True,
        "next_meeting_at": "2027-01-11T10:00:00Z",
        "next_venue_note": "Family home",
    }
    response = client.post(f"{base}correct/", body, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["minutes"]["version"] == 2
    assert response.json()["minutes"]["child_voice"].endswith("not drinking")

    stale = client.post(f"{base}correct/", {**body, "summary": "x"}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 2

    same = {**body, "version": 2, "minutes_by": body["chaired_by"]}
    refused = client.post(f"{base}correct/", same, content_type="application/json")
    assert refused.status_code == 400
    assert (refused.json()["rule_id"], refused.json()["field"]) == (
        "CG-CHAIR-NOT-MINUTER",
        "chair_minuter_reason",
    )

    client.force_login(MembershipFactory(authority=mine, role=Role.BUSINESS_SUPPORT).user)
    forbidden = client.post(f"{base}correct/", {**body, "version": 2}, content_type="application/json")
    assert forbidden.status_code == 403
