"""The deadline sweep: statuses, escalations up the authority's ladder, notifications, history,
and doing nothing twice."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection

from authorities.models import Authority, Role, RuleSet
from authorities.rls.scope import DatabaseScope, database_scope
from scheduling.engine import DeadlineStatus
from scheduling.models import Deadline, Escalation, EscalationEvent, EscalationStatus, Notification
from scheduling.sweep import sweep_authority
from tests.factories import ClosureDayFactory, DeadlineFactory, FamilyFactory, MembershipFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)  # no bank holidays nearby


def sweep(authority, today):
    return sweep_authority(authority_id=authority.pk, today=today)


def deadlines(authority):
    return Deadline.objects.for_authority(authority)


def escalations(authority):
    return Escalation.objects.for_authority(authority)


def notifications(authority):
    return Notification.objects.for_authority(authority)


@pytest.fixture
def case(two_authorities):
    """A family in Alphashire (Barnsley's rules) whose social worker has a team manager."""
    mine, _ = two_authorities
    manager = MembershipFactory(authority=mine, role=Role.TEAM_MANAGER)
    social_worker = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER, team_manager=manager)
    family = FamilyFactory(authority=mine, social_worker=social_worker, name="Alpha family")
    return family


def test_sweep_sets_each_open_deadline_to_its_status_today(case):
    authority = case.authority
    rows = {
        "overdue": DeadlineFactory(family=case, due_on=date(2026, 2, 27)),
        "today": DeadlineFactory(family=case, due_on=MONDAY, rule_id="CG1-10WD"),
        "soon": DeadlineFactory(family=case, due_on=date(2026, 3, 9), rule_id="RCPC1-3M"),  # 5 working days
        "later": DeadlineFactory(family=case, due_on=date(2026, 3, 10), rule_id="RCPCN-6M"),  # 6 working days
    }
    met = DeadlineFactory(family=case, due_on=date(2026, 2, 1), rule_id="SW-REPORT", met_on=date(2026, 1, 30))
    met.status = DeadlineStatus.MET_ON_TIME
    met.save()

    result = sweep(authority, MONDAY)

    statuses = {name: deadlines(authority).get(pk=row.pk).status for name, row in rows.items()}
    assert statuses == {
        "overdue": DeadlineStatus.OVERDUE,
        "today": DeadlineStatus.DUE_TODAY,
        "soon": DeadlineStatus.DUE_SOON,
        "later": DeadlineStatus.NOT_DUE,
    }
    assert deadlines(authority).get(pk=met.pk).status == DeadlineStatus.MET_ON_TIME
    assert sum(result.status_changes.values()) == 3  # "later" was already not due
    assert deadlines(authority).get(pk=rows["soon"].pk).status_changed_on == MONDAY


def test_the_status_change_is_recorded_in_the_deadlines_history(case):
    deadline = DeadlineFactory(family=case, due_on=date(2026, 3, 4))
    before = deadline.history.count()
    sweep(case.authority, MONDAY)
    assert deadline.history.count() == before + 1
    latest = deadline.history.first()
    assert latest.status == DeadlineStatus.DUE_SOON
    assert latest.history_type == "~"
    assert latest.history_change_reason == "sweep: status on 2 March 2026"


def test_due_soon_counts_the_authoritys_own_closure_days(case, two_authorities):
    mine, theirs = two_authorities
    # 8 working days away in Betashire, 5 in Alphashire once three closure days are taken out.
    for day in (3, 4, 5):
        ClosureDayFactory(authority=mine, date=date(2026, 3, day))
    ours = DeadlineFactory(family=case, due_on=date(2026, 3, 12))
    theirs_family = FamilyFactory(authority=theirs)
    their_deadline = DeadlineFactory(family=theirs_family, due_on=date(2026, 3, 12))
    sweep(mine, MONDAY)
    sweep(theirs, MONDAY)
    assert deadlines(mine).get(pk=ours.pk).status == DeadlineStatus.DUE_SOON
    assert deadlines(theirs).get(pk=their_deadline.pk).status == DeadlineStatus.NOT_DUE


def test_sweeping_one_authority_leaves_another_alone(case, two_authorities):
    _, theirs = two_authorities
    their_deadline = DeadlineFactory(family=FamilyFactory(authority=theirs), due_on=date(2026, 2, 2))
    sweep(case.authority, MONDAY)
    untouched = deadlines(theirs).get(pk=their_deadline.pk)
    assert untouched.status == DeadlineStatus.NOT_DUE
    assert not escalations(theirs).exists()


def test_coming_up_goes_to_the_social_worker_and_their_team_manager_once(case):
    deadline = DeadlineFactory(family=case, due_on=date(2026, 3, 6))
    sweep(case.authority, MONDAY)
    sweep(case.authority, MONDAY)
    sent = notifications(case.authority).filter(kind=Notification.Kind.DEADLINE)
    assert {n.recipient_id for n in sent} == {
        case.social_worker.user_id,
        case.social_worker.team_manager.user_id,
    }
    assert sent.count() == 2
    assert all(n.subject.startswith("Due soon: ") and "(ICPC-15WD)" in n.subject for n in sent)
    assert all(n.dedupe_key == f"deadline:{deadline.pk}:due_soon:2026-03-06" for n in sent)

    # Due today is news again; the day after, overdue is too.
    sweep(case.authority, date(2026, 3, 6))
    sweep(case.authority, date(2026, 3, 9))
    subjects = sorted(n.subject.split(":")[0] for n in sent.filter(recipient=case.social_worker.user))
    assert subjects == ["Due soon", "Due today", "Overdue"]


def test_a_deadline_opened_already_due_soon_is_told_about_too(case):
    deadline = DeadlineFactory(family=case, due_on=date(2026, 3, 4), status=DeadlineStatus.DUE_SOON)
    result = sweep(case.authority, MONDAY)
    assert sum(result.status_changes.values()) == 0
    assert (
        notifications(case.authority).filter(dedupe_key__startswith=f"deadline:{deadline.pk}:").count() == 2
    )


def test_an_overdue_required_deadline_is_escalated_to_the_first_rung_once(case):
    chair = MembershipFactory(authority=case.authority, role=Role.CHAIR)
    other_manager = MembershipFactory(authority=case.authority, role=Role.TEAM_MANAGER)
    deadline = DeadlineFactory(family=case, due_on=date(2026, 2, 27))

    first = sweep(case.authority, MONDAY)
    second = sweep(case.authority, MONDAY)

    assert (first.escalations_raised, second.escalations_raised) == (1, 0)
    escalation = escalations(case.authority).get()
    assert escalation.deadline_id == deadline.pk and escalation.family_id == case.pk
    assert escalation.level == 1
    assert escalation.roles == ["team_manager", "chair"]  # Barnsley's first rung, from the rule set
    assert escalation.respond_by == date(2026, 3, 4)  # 2 working days
    assert escalation.reason == f"{deadline.label} was due by 27 February 2026 and is overdue (ICPC-15WD)."
    assert list(escalation.events.values_list("action", flat=True)) == [EscalationEvent.Action.RAISED]
    assert escalation.history.get().history_type == "+"
    told = set(
        notifications(case.authority)
        .filter(kind=Notification.Kind.ESCALATION)
        .values_list("recipient", flat=True)
    )
    # The case's own team manager, not every team manager; every chair (the rung names the role).
    assert told == {case.social_worker.team_manager.user_id, chair.user_id}
    assert other_manager.user_id not in told


def test_an_advised_deadline_is_flagged_overdue_but_not_escalated(case):
    deadline = DeadlineFactory(family=case, due_on=date(2026, 2, 27), rule_id="REPORT-2WD", mode="advised")
    result = sweep(case.authority, MONDAY)
    assert deadlines(case.authority).get(pk=deadline.pk).status == DeadlineStatus.OVERDUE
    assert result.escalations_raised == 0
    assert not escalations(case.authority).exists()


def test_no_escalation_where_the_authority_has_escalation_switched_off(case):
    setting = RuleSet.objects.for_authority(case.authority).get().settings.get(rule_id="ESCALATION")
    setting.mode = "off"
    setting.save()
    DeadlineFactory(family=case, due_on=date(2026, 2, 27))
    assert sweep(case.authority, MONDAY).escalations_raised == 0


def test_an_unresolved_escalation_moves_up_only_after_its_respond_by_date(case):
    MembershipFactory(authority=case.authority, role=Role.SERVICE_MANAGER)
    DeadlineFactory(family=case, due_on=date(2026, 2, 27))
    sweep(case.authority, MONDAY)  # level 1, respond by Wednesday 4 March
    assert sweep(case.authority, date(2026, 3, 4)).escalations_moved_up == 0
    result = sweep(case.authority, date(2026, 3, 5))
    assert result.escalations_moved_up == 1
    level_1, level_2 = escalations(case.authority).order_by("level")
    assert level_1.status == EscalationStatus.MOVED_UP
    assert (level_2.level, level_2.previous_id, level_2.roles) == (2, level_1.pk, ["service_manager"])
    assert level_2.respond_by == date(2026, 3, 9)
    assert list(level_1.events.values_list("action", flat=True)) == ["raised", "moved_up"]
    assert "Not resolved by 4 March 2026" in level_1.events.last().note


def test_an_acknowledged_escalation_still_moves_up_but_a_resolved_one_does_not(case):
    first = DeadlineFactory(family=case, due_on=date(2026, 2, 27))
    second = DeadlineFactory(family=case, due_on=date(2026, 2, 27), rule_id="CG1-10WD")
    sweep(case.authority, MONDAY)
    escalations(case.authority).filter(deadline=first).update(status=EscalationStatus.ACKNOWLEDGED)
    escalations(case.authority).filter(deadline=second).update(status=EscalationStatus.RESOLVED)
    sweep(case.authority, date(2026, 3, 5))
    assert escalations(case.authority).filter(deadline=first, level=2).exists()
    assert not escalations(case.authority).filter(deadline=second, level=2).exists()


def test_an_escalation_whose_deadline_was_met_does_not_move_up(case):
    deadline = DeadlineFactory(family=case, due_on=date(2026, 2, 27))
    sweep(case.authority, MONDAY)
    deadlines(case.authority).filter(pk=deadline.pk).update(met_on=MONDAY, status=DeadlineStatus.MET_LATE)
    assert sweep(case.authority, date(2026, 3, 10)).escalations_moved_up == 0


def test_barnsley_walks_its_four_levels_and_stops_at_the_top():
    barnsley = Authority.objects.get(slug="barnsley")
    holders = {role: MembershipFactory(authority=barnsley, role=role) for role in Role}
    manager = holders[Role.TEAM_MANAGER]
    social_worker = MembershipFactory(authority=barnsley, role=Role.SOCIAL_WORKER, team_manager=manager)
    family = FamilyFactory(authority=barnsley, social_worker=social_worker)
    DeadlineFactory(family=family, due_on=date(2026, 2, 27))

    days = [
        MONDAY,
        date(2026, 3, 5),
        date(2026, 3, 10),
        date(2026, 3, 13),
        date(2026, 3, 18),
        date(2026, 3, 30),
    ]
    for day in days:
        sweep(barnsley, day)

    chain = list(escalations(barnsley).order_by("level"))
    assert [(e.level, e.level_label, e.roles) for e in chain] == [
        (1, "Team Manager and Conference Chair (internal resolution)", ["team_manager", "chair"]),
        (2, "Service Manager, Safeguarding and Reviewing Unit", ["service_manager"]),
        (3, "Named senior manager", ["head_of_service"]),
        (4, "Escalation via the safeguarding partnership (external)", ["authority_admin"]),
    ]
    assert [e.status for e in chain] == ["moved_up", "moved_up", "moved_up", "open"]
    assert [e.previous_id for e in chain[1:]] == [e.pk for e in chain[:-1]]
    assert [e.respond_by for e in chain] == [
        date(2026, 3, 4),
        date(2026, 3, 9),
        date(2026, 3, 12),
        date(2026, 3, 17),
    ]
    told = {
        e.level: set(
            notifications(barnsley)
            .filter(dedupe_key=f"escalation:{e.pk}")
            .values_list("recipient", flat=True)
        )
        for e in chain
    }
    assert told == {
        1: {manager.user_id, holders[Role.CHAIR].user_id},
        2: {holders[Role.SERVICE_MANAGER].user_id},
        3: {holders[Role.HEAD_OF_SERVICE].user_id},
        4: {holders[Role.AUTHORITY_ADMIN].user_id},
    }
    actions = EscalationEvent.objects.for_authority(barnsley).values_list("escalation__level", "action")
    assert sorted(actions) == [
        (1, "moved_up"),
        (1, "raised"),
        (2, "moved_up"),
        (2, "raised"),
        (3, "moved_up"),
        (3, "raised"),
        (4, "raised"),
    ]


def _rows_written_in_this_transaction() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
        )
        return int(cursor.fetchone()[0])


def test_a_second_sweep_with_nothing_changed_writes_no_rows(case):
    MembershipFactory(authority=case.authority, role=Role.CHAIR)
    MembershipFactory(authority=case.authority, role=Role.SERVICE_MANAGER)
    for due in (date(2026, 2, 20), date(2026, 2, 27), MONDAY, date(2026, 3, 5), date(2026, 4, 1)):
        DeadlineFactory(family=case, due_on=due, rule_id=f"R-{due:%m%d}")
    sweep(case.authority, MONDAY)
    sweep(case.authority, date(2026, 3, 5))  # some move up
    before = _rows_written_in_this_transaction()
    result = sweep(case.authority, date(2026, 3, 5))
    assert _rows_written_in_this_transaction() == before
    assert not result.changed


def test_two_sweeps_at_once_raise_nothing_twice(transactional_db):
    authority = Authority.objects.get(slug="hartlepool")
    manager = MembershipFactory(authority=authority, role=Role.TEAM_MANAGER)
    social_worker = MembershipFactory(authority=authority, role=Role.SOCIAL_WORKER, team_manager=manager)
    family = FamilyFactory(authority=authority, social_worker=social_worker)
    for n in range(30):
        DeadlineFactory(family=family, due_on=date(2026, 2, 27), rule_id=f"R-{n}")

    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait()
            # What the sweep task does on a worker's connection: its authority, and only it.
            with database_scope(DatabaseScope.of([authority.pk])):
                sweep(authority, MONDAY)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert escalations(authority).count() == 30
    assert EscalationEvent.objects.for_authority(authority).count() == 30
    assert Deadline.history.model.objects.filter(authority=authority, history_type="~").count() == 30
    assert notifications(authority).filter(kind=Notification.Kind.ESCALATION).count() == 30
    assert notifications(authority).filter(kind=Notification.Kind.DEADLINE).count() == 60
