"""Tasks through Redis to a real Celery worker process, against PostgreSQL."""

from __future__ import annotations

import time
from datetime import date

import psycopg
import pytest

from authorities.models import Authority, Role
from scheduling.models import Deadline, Escalation, EscalationEvent, Notification
from scheduling.sweep import SWEEP_LOCK_NAMESPACE
from scheduling.tasks import sweep_all, sweep_authority
from tests.factories import DeadlineFactory, FamilyFactory, MembershipFactory
from tests.worker.conftest import VISIBILITY_TIMEOUT, database_url, wait_for

pytestmark = pytest.mark.worker

MONDAY = date(2026, 3, 2)


def _overdue_case(slug: str, count: int) -> Authority:
    authority = Authority.objects.get(slug=slug)
    manager = MembershipFactory(authority=authority, role=Role.TEAM_MANAGER)
    social_worker = MembershipFactory(authority=authority, role=Role.SOCIAL_WORKER, team_manager=manager)
    family = FamilyFactory(authority=authority, social_worker=social_worker)
    for n in range(count):
        DeadlineFactory(family=family, due_on=date(2026, 2, 20), rule_id=f"R-{n}")
    return authority


def _escalations(authority) -> int:
    return Escalation.objects.for_authority(authority).count()


def test_a_sweep_enqueued_runs_on_the_worker_and_its_escalations_and_e_mails_land_on_the_wall_clock(worker):
    authority = _overdue_case("hartlepool", 3)

    sweep_authority.delay(authority_id=authority.pk, today=MONDAY.isoformat())

    wait_for(lambda: _escalations(authority) == 3, timeout=30, what="escalations written by the worker")
    told = Notification.objects.for_authority(authority).filter(kind=Notification.Kind.ESCALATION)
    assert told.count() == 3
    # The sweep queued the e-mails after commit; the worker sent them and stamped each once.
    wait_for(lambda: not told.filter(emailed_at__isnull=True).exists(), timeout=30, what="e-mails sent")
    # The claim is stamped before the message is written, so the log can trail the database.
    wait_for(
        lambda: "The reason is on the escalation page." in worker.log(),
        timeout=30,
        what="the e-mails in the worker's log",
    )


def test_a_worker_killed_during_a_sweep_loses_nothing_and_duplicates_nothing_on_the_wall_clock(worker):
    first = _overdue_case("hartlepool", 20)
    second = _overdue_case("birmingham", 20)
    assert first.pk < second.pk  # one batch; its advisory locks are taken in id order

    # Another session holds the sweep lock of the second authority, so the batch's sweep stops half
    # way: after its statuses statement (committed on its own), inside the transaction that raises
    # the escalations, holding the first authority's lock and waiting for the second's.
    dsn = database_url().replace("postgres://", "postgresql://")
    holder = psycopg.connect(dsn, autocommit=True)
    holder.execute("SELECT pg_advisory_lock(%s, %s)", [SWEEP_LOCK_NAMESPACE, second.pk])
    statuses = Deadline.history.model.objects.filter(authority__in=[first, second], history_type="~")
    try:
        sweep_all.delay(today=MONDAY.isoformat())
        wait_for(lambda: statuses.count() == 40, timeout=60, what="the batch's statuses committed")

        def sweep_waiting_on_our_lock() -> bool:
            row = holder.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchone()
            return row[0] > 0

        wait_for(sweep_waiting_on_our_lock, timeout=30, what="the sweep to wait for the lock")
        worker.kill()
    finally:
        holder.close()  # gives the lock back

    # The killed transaction left nothing half written: statuses in, no escalation for either.
    assert _escalations(first) == _escalations(second) == 0
    assert statuses.count() == 40

    # The unacknowledged message goes back on the queue once it is older than the visibility
    # timeout; a worker looks for such messages when it starts (and every few minutes after).
    time.sleep(VISIBILITY_TIMEOUT + 1)
    worker.start()
    wait_for(lambda: _escalations(second) == 20, timeout=90, what="the restarted worker to finish")
    wait_for(
        lambda: "succeeded" in worker.log().rsplit("sweep_authorities", 1)[-1], timeout=30, what="task done"
    )

    for authority in (first, second):
        escalations = Escalation.objects.for_authority(authority)
        assert escalations.count() == 20
        assert escalations.values("deadline").distinct().count() == 20
        assert EscalationEvent.objects.for_authority(authority).count() == 20
        assert Deadline.history.model.objects.filter(authority=authority, history_type="~").count() == 20
        assert (
            Notification.objects.for_authority(authority).filter(kind=Notification.Kind.ESCALATION).count()
            == 20
        )
