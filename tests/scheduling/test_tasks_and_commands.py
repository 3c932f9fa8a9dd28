"""The Celery tasks (run eagerly here; tests/worker runs them on a real worker), the beat
schedule, and the sweep and seed_scale commands."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command

from authorities.models import Authority, Role
from scheduling.models import Escalation, Notification
from scheduling.tasks import email_notifications, sweep_all
from tests.factories import DeadlineFactory, FamilyFactory, MembershipFactory, NotificationFactory

pytestmark = pytest.mark.django_db


def test_beat_runs_the_sweep_hourly_and_just_after_midnight():
    schedule = settings.CELERY_BEAT_SCHEDULE
    sweeps = {entry["task"] for entry in schedule.values() if entry["task"].startswith("scheduling.")}
    assert sweeps == {"scheduling.tasks.sweep_all"}  # the read audit's retention task runs beside it
    hourly, nightly = schedule["sweep-hourly"]["schedule"], schedule["sweep-after-midnight"]["schedule"]
    assert hourly.hour == set(range(24)) and len(hourly.minute) == 1
    assert nightly.hour == {0} and nightly.minute == {5}
    assert settings.CELERY_TIMEZONE == "Europe/London"
    assert "django_celery_beat" in settings.INSTALLED_APPS


def test_the_sweep_tasks_are_acknowledged_late_and_given_back_if_the_worker_dies():
    from scheduling.tasks import email_notification, sweep_authority

    for task in (sweep_all, sweep_authority, email_notification, email_notifications):
        assert task.acks_late and task.reject_on_worker_lost
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1


def _overdue(authority):
    manager = MembershipFactory(authority=authority, role=Role.TEAM_MANAGER, user__email="tm@example.test")
    social_worker = MembershipFactory(authority=authority, role=Role.SOCIAL_WORKER, team_manager=manager)
    return DeadlineFactory(
        family=FamilyFactory(authority=authority, social_worker=social_worker), due_on=date(2026, 2, 2)
    )


def test_the_fan_out_sweeps_every_authority_and_e_mails_after_commit(django_capture_on_commit_callbacks):
    hartlepool = Authority.objects.get(slug="hartlepool")
    _overdue(hartlepool)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_all.delay(today="2026-03-02").get() == Authority.objects.filter(is_active=True).count()
    assert Escalation.objects.for_authority(hartlepool).count() == 1
    sent = Notification.objects.for_authority(hartlepool).filter(emailed_at__isnull=False)
    assert sent.count() == 3  # overdue to the social worker and team manager; escalation to the manager
    assert len(mail.outbox) == 3


def test_nothing_is_e_mailed_before_the_sweep_commits(django_capture_on_commit_callbacks):
    _overdue(Authority.objects.get(slug="hartlepool"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("sweep", "--authority", "hartlepool", "--today", "2026-03-02", stdout=StringIO())
    assert len(mail.outbox) == 0 and len(callbacks) == 1


def test_a_batch_of_e_mails_is_sent_once_even_if_delivered_twice(two_authorities):
    mine, _ = two_authorities
    ids = [
        NotificationFactory(authority=mine, recipient=MembershipFactory(authority=mine).user).pk
        for _ in range(3)
    ]
    assert email_notifications(authority_id=mine.pk, notification_ids=ids) == 3
    assert email_notifications(authority_id=mine.pk, notification_ids=ids) == 0
    assert len(mail.outbox) == 3


def test_a_failed_e_mail_gives_back_its_claim_for_the_retry(two_authorities, monkeypatch):
    mine, _ = two_authorities
    notification = NotificationFactory(authority=mine, recipient=MembershipFactory(authority=mine).user)

    def broken(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    with pytest.raises(OSError):
        email_notifications.run(authority_id=mine.pk, notification_ids=[notification.pk])
    assert Notification.objects.for_authority(mine).get(pk=notification.pk).emailed_at is None


def test_the_sweep_command_says_what_changed():
    _overdue(Authority.objects.get(slug="hartlepool"))
    out = StringIO()
    call_command("sweep", "--today", "2026-03-02", stdout=out)
    text = out.getvalue()
    assert "hartlepool: status changes: 1 overdue; escalations raised: 1" in text
    assert "Swept 6 authorities as on 2 March 2026" in text
    out = StringIO()
    call_command("sweep", "--today", "2026-03-02", stdout=out)
    assert "hartlepool" not in out.getvalue() and "status changes: 0" in out.getvalue()


@pytest.mark.parametrize(
    "args, message",
    [(["--authority", "nowhere"], "unknown authority"), (["--today", "2026-13-01"], "bad date")],
)
def test_the_sweep_command_refuses_bad_input(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("sweep", *args, stdout=StringIO())


def test_seed_scale_makes_children_on_plans_at_every_stage_and_the_sweep_has_a_week_of_work():
    out = StringIO()
    call_command(
        "seed_scale",
        "--authorities",
        "2",
        "--children",
        "60",
        "--today",
        "2026-03-02",
        stdout=out,
        stderr=StringIO(),
    )
    from cases.models import Child, ChildProtectionPlan

    scale = list(Authority.objects.filter(slug__startswith="scale-"))
    assert len(scale) == 2
    children = sum(Child.objects.for_authority(a).count() for a in scale)
    plans = sum(
        ChildProtectionPlan.objects.for_authority(a).filter(ended_on__isnull=True).count() for a in scale
    )
    assert plans == 60 and children > 60  # plus a few awaiting their initial conference
    with pytest.raises(CommandError, match="already exist"):
        call_command(
            "seed_scale", "--authorities", "2", "--children", "60", stdout=StringIO(), stderr=StringIO()
        )
    out = StringIO()
    call_command("sweep", "--today", "2026-03-02", stdout=out)
    assert "scale-001: status changes:" in out.getvalue()
