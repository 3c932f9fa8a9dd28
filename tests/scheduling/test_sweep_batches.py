"""The sweep over a batch of authorities in one statement chain: each authority is still judged by
its own rule set and calendar, and the batch does exactly what sweeping them one by one does."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from authorities.models import Authority, Role, RuleSet, RuleSetting
from authorities.rls.scope import DatabaseScope, database_scope
from scheduling.models import Deadline, Escalation, EscalationEvent, Notification
from scheduling.sweep import SweepFailed, batches, ladder_of, sweep_authorities, sweep_authority, sweep_batch
from tests.factories import (
    AuthorityFactory,
    ClosureDayFactory,
    DeadlineFactory,
    EscalationFactory,
    FamilyFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)
SHIPPED = ["barnsley", "west-sussex", "hartlepool", "birmingham", "staffordshire", "stoke-on-trent"]


RULES_AND_MODES = (("ICPC-15WD", "required"), ("RCPC1-3M", "required"), ("OUTCOME", "advised"))


class Rollback(Exception):
    pass


def _cases(authorities: list[Authority]) -> None:
    """For each authority: every role holder, a family, and deadlines at every distance from MONDAY
    (required and advised, booked and not), plus an old escalation waiting to move up."""
    for authority in authorities:
        for role in Role:
            MembershipFactory(authority=authority, role=role)
        manager = MembershipFactory(authority=authority, role=Role.TEAM_MANAGER)
        social_worker = MembershipFactory(authority=authority, role=Role.SOCIAL_WORKER, team_manager=manager)
        for offset in (-10, -3, -1, 0, 1, 2, 3, 4, 5, 6, 8, 12, 30):
            family = FamilyFactory(authority=authority, social_worker=social_worker)
            due = MONDAY + timedelta(days=offset)
            for rule_id, mode in RULES_AND_MODES:
                DeadlineFactory(family=family, due_on=due, rule_id=rule_id, mode=mode)
        waiting = DeadlineFactory(family=family, due_on=MONDAY - timedelta(days=20), rule_id="CG1-10WD")
        EscalationFactory(deadline=waiting, respond_by=MONDAY - timedelta(days=7))
    # A closure day in one authority only: its "due soon" window is longer than its neighbour's.
    ClosureDayFactory(authority=authorities[0], date=MONDAY + timedelta(days=2))


def _state(authorities: list[Authority]) -> dict:
    """What the sweep wrote, without ids and timestamps (which differ from run to run)."""
    ids = [authority.pk for authority in authorities]
    return {
        "statuses": sorted(
            Deadline.objects.unscoped(reason="test: comparing runs")
            .filter(authority__in=ids)
            .values_list("authority_id", "rule_id", "due_on", "status", "status_changed_on")
        ),
        "escalations": sorted(
            Escalation.objects.unscoped(reason="test: comparing runs")
            .filter(authority__in=ids)
            .values_list("authority_id", "deadline__rule_id", "deadline__due_on", "kind", "level", "status")
        ),
        "respond_by": sorted(
            Escalation.objects.unscoped(reason="test: comparing runs")
            .filter(authority__in=ids)
            .values_list("authority_id", "level", "respond_by")
        ),
        "events": sorted(
            EscalationEvent.objects.unscoped(reason="test: comparing runs")
            .filter(authority__in=ids)
            .values_list("authority_id", "escalation__level", "action")
        ),
        "notifications": sorted(
            Notification.objects.unscoped(reason="test: comparing runs")
            .filter(authority__in=ids)
            .values_list("authority_id", "recipient_id", "kind", "subject")
        ),
        "history": Deadline.history.model.objects.filter(authority__in=ids).count(),
    }


def _counts(results) -> dict:
    return {
        r.authority_id: (
            dict(r.status_changes),
            r.escalations_raised,
            r.escalations_moved_up,
            r.notifications,
        )
        for r in results
    }


def test_one_batch_does_what_sweeping_each_authority_alone_does():
    authorities = [Authority.objects.get(slug=slug) for slug in SHIPPED]
    _cases(authorities)

    alone = {}
    try:
        with transaction.atomic():
            results = [sweep_authority(authority_id=a.pk, today=MONDAY) for a in authorities]
            alone = {"state": _state(authorities), "counts": _counts(results)}
            raise Rollback
    except Rollback:
        pass

    results = sweep_authorities([a.pk for a in authorities], today=MONDAY)

    assert [r.authority_id for r in results] == sorted(a.pk for a in authorities)
    assert _state(authorities) == alone["state"]
    assert _counts(results) == alone["counts"]
    # Not a vacuous comparison: every authority had work of every kind.
    assert all(sum(r.status_changes.values()) and r.notifications for r in results)
    assert all(r.escalations_raised and r.escalations_moved_up for r in results)


def test_each_authority_in_a_batch_keeps_its_own_calendar_and_ladder(two_authorities):
    mine, theirs = two_authorities  # copies of Barnsley's and West Sussex's rules
    families = {}
    for authority in (mine, theirs):
        RuleSet.objects.for_authority(authority).update(due_soon_working_days=4)
        manager = MembershipFactory(authority=authority, role=Role.TEAM_MANAGER)
        MembershipFactory(authority=authority, role=Role.CHAIR)
        social_worker = MembershipFactory(authority=authority, role=Role.SOCIAL_WORKER, team_manager=manager)
        families[authority.pk] = family = FamilyFactory(authority=authority, social_worker=social_worker)
        DeadlineFactory(family=family, due_on=date(2026, 3, 9), rule_id="RCPC1-3M")  # 5 working days on
        DeadlineFactory(family=family, due_on=date(2026, 2, 20), rule_id="CG1-10WD")  # overdue
    ClosureDayFactory(authority=mine, date=date(2026, 3, 4))  # so only 4 working days on in Alphashire

    by_id = {r.authority_id: r for r in sweep_authorities([theirs.pk, mine.pk], today=MONDAY)}

    def status(authority, rule_id):
        return Deadline.objects.for_authority(authority).get(rule_id=rule_id).status

    assert status(mine, "RCPC1-3M") == "due_soon"
    assert status(theirs, "RCPC1-3M") == "not_due"
    for authority in (mine, theirs):
        first_rung = ladder_of(RuleSet.objects.for_authority(authority).get())[0]
        escalation = Escalation.objects.for_authority(authority).get()
        assert (escalation.level, escalation.level_label, escalation.roles) == (
            first_rung.level,
            first_rung.label,
            list(first_rung.roles),
        )
        told = Notification.objects.for_authority(authority).filter(dedupe_key=f"escalation:{escalation.pk}")
        assert told.exists()
        assert {n.url for n in told} == {f"/{authority.slug}/escalations/{escalation.pk}/"}
        assert by_id[authority.pk].escalations_raised == 1
    assert by_id[mine.pk].slug == "alphashire" and by_id[theirs.pk].slug == "betashire"


def test_an_authority_with_no_rule_set_in_force_is_skipped_and_the_rest_of_its_batch_swept():
    hartlepool = Authority.objects.get(slug="hartlepool")
    _cases([hartlepool])
    newcomer = AuthorityFactory(name="Newshire", slug="newshire")
    assert not RuleSet.objects.for_authority(newcomer).exists()

    results = {r.slug: r for r in sweep_authorities([newcomer.pk, hartlepool.pk], today=MONDAY)}

    assert results["newshire"].skipped == "no rule set in force on 2 March 2026"
    assert results["hartlepool"].escalations_raised > 0 and not results["hartlepool"].skipped


def test_batches_are_in_id_order_and_no_bigger_than_asked(settings):
    assert batches([5, 3, 9, 1, 7], size=2) == [[1, 3], [5, 7], [9]]
    settings.SWEEP_AUTHORITIES_PER_BATCH = 4
    assert batches(range(1, 10)) == [[1, 2, 3, 4], [5, 6, 7, 8], [9]]
    assert batches([]) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two PostgreSQL sessions at once")
def test_two_sweeps_of_overlapping_batches_at_once_raise_nothing_twice(transactional_db):
    authorities = [Authority.objects.get(slug=slug) for slug in ("hartlepool", "birmingham", "barnsley")]
    for authority in authorities:
        manager = MembershipFactory(authority=authority, role=Role.TEAM_MANAGER)
        social_worker = MembershipFactory(authority=authority, role=Role.SOCIAL_WORKER, team_manager=manager)
        family = FamilyFactory(authority=authority, social_worker=social_worker)
        for n in range(15):
            DeadlineFactory(family=family, due_on=date(2026, 2, 27), rule_id=f"R-{n}")
    ids = sorted(a.pk for a in authorities)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(batch):
        try:
            barrier.wait()
            # What the sweep task does on a worker's connection: its batch, and only it.
            with database_scope(DatabaseScope.of(batch)):
                sweep_authorities(batch, today=MONDAY)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    # The two batches share the middle authority; the one listed last goes first in the other.
    threads = [threading.Thread(target=run, args=(batch,)) for batch in (ids[:2], ids[::-1][:2])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    for authority in authorities:
        assert Escalation.objects.for_authority(authority).count() == 15
        assert EscalationEvent.objects.for_authority(authority).count() == 15
        assert Deadline.history.model.objects.filter(authority=authority, history_type="~").count() == 15


def _overdue_here(authority: Authority) -> None:
    manager = MembershipFactory(authority=authority, role=Role.TEAM_MANAGER)
    social_worker = MembershipFactory(authority=authority, role=Role.SOCIAL_WORKER, team_manager=manager)
    DeadlineFactory(
        family=FamilyFactory(authority=authority, social_worker=social_worker), due_on=date(2026, 2, 20)
    )


def _spoil_the_ladder(authority: Authority, **rung_changes) -> None:
    """What an administrator's slip in the admin's JSON could leave in the ESCALATION values."""
    setting = RuleSetting.objects.for_authority(authority).get(rule_id="ESCALATION")
    values = dict(setting.values)
    values["ladder"] = [dict(values["ladder"][0], **rung_changes), *values["ladder"][1:]]
    setting.values = values
    setting.save()


@pytest.mark.parametrize(
    "spoilt",
    [
        pytest.param({"working_days": "two"}, id="a number typed as a word"),
        pytest.param(
            {"label": "x" * 250},
            id="a label too long for its column",
            marks=pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite ignores lengths"),
        ),
    ],
)
def test_one_authoritys_bad_rule_set_does_not_stop_the_rest_of_its_batch(two_authorities, spoilt):
    mine, theirs = two_authorities
    for authority in (mine, theirs):
        _overdue_here(authority)
    _spoil_the_ladder(theirs, **spoilt)

    with pytest.raises(SweepFailed) as failure:
        sweep_batch([mine.pk, theirs.pk], today=MONDAY)

    assert set(failure.value.failed) == {theirs.pk}
    assert [result.slug for result in failure.value.results] == ["alphashire"]
    assert Escalation.objects.for_authority(mine).count() == 1
    assert Escalation.objects.for_authority(theirs).count() == 0
    assert f"authority {theirs.pk}" in str(failure.value)


def test_the_command_sweeps_the_others_and_names_the_authority_it_could_not(two_authorities):
    mine, theirs = two_authorities
    for authority in (mine, theirs):
        _overdue_here(authority)
    _spoil_the_ladder(theirs, working_days="two")
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("sweep", "--today", MONDAY.isoformat(), stdout=out, stderr=err)

    assert failure.value.returncode == 1
    assert "1 authority was not swept" in str(failure.value)
    assert "betashire: not swept" in err.getvalue()
    assert "alphashire: status changes" in out.getvalue()
    assert Escalation.objects.for_authority(mine).count() == 1


def test_a_batch_that_works_is_swept_in_one_go(two_authorities, monkeypatch):
    mine, theirs = two_authorities
    calls = []
    real = sweep_authorities

    def counted(ids, **kwargs):
        calls.append(list(ids))
        return real(ids, **kwargs)

    monkeypatch.setattr("scheduling.sweep.sweep_authorities", counted)
    results = sweep_batch([theirs.pk, mine.pk], today=MONDAY)
    assert calls == [[theirs.pk, mine.pk]]
    assert [r.authority_id for r in results] == sorted([mine.pk, theirs.pk])
