"""Notifications are e-mailed: the sweep's "coming up" and escalation notices, and those of an
escalation a person raises, carry the case reference, the rule, the date and a link; never the
family's or a child's name (a deadline's label has the family's name), nor the reason typed."""

from __future__ import annotations

from datetime import date

import pytest

from authorities.models import Role
from scheduling import escalations
from scheduling.models import Notification
from scheduling.sweep import sweep_authority
from scheduling.tasks import email_notifications
from tests.factories import DeadlineFactory, FamilyFactory, MembershipFactory
from tests.outbound import (
    CHILD_DETAIL,
    REFERENCE,
    assert_email_names_nobody,
    assert_notification_names_nobody,
    name_the_case,
)

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)  # the sweep is given its day: no assumption about the day the suite runs


@pytest.fixture
def family(two_authorities):
    mine, _ = two_authorities
    manager = MembershipFactory(authority=mine, role=Role.TEAM_MANAGER)
    social_worker = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER, team_manager=manager)
    MembershipFactory(authority=mine, role=Role.CHAIR)
    return name_the_case(FamilyFactory(authority=mine, social_worker=social_worker))


def _sent(authority, mailoutbox, kind) -> list[Notification]:
    notes = list(Notification.objects.for_authority(authority).filter(kind=kind))
    assert notes, f"no {kind} notification"
    email_notifications(authority_id=authority.pk, notification_ids=[n.pk for n in notes])
    assert len(mailoutbox) == len(notes)
    return notes


def test_the_sweeps_coming_up_notices_name_the_case_by_its_reference(family, mailoutbox):
    deadline = DeadlineFactory(family=family, due_on=date(2026, 3, 6))
    assert "Quillfeather" in deadline.label  # what the notice must not copy

    sweep_authority(authority_id=family.authority_id, today=MONDAY)

    for note in _sent(family.authority, mailoutbox, Notification.Kind.DEADLINE):
        assert_notification_names_nobody(note, what="coming-up notification")
        assert note.subject == f"Due soon: case {REFERENCE} (ICPC-15WD)"
        assert note.body == (
            f"Initial conference within 15 working days, case {REFERENCE}: due by 6 March 2026 (ICPC-15WD)."
        )
    for message in mailoutbox:
        assert_email_names_nobody(message, what="coming-up e-mail")


def test_a_case_without_a_reference_is_named_by_its_number(family, mailoutbox):
    name_the_case(family, reference="")
    DeadlineFactory(family=family, due_on=date(2026, 3, 6))

    sweep_authority(authority_id=family.authority_id, today=MONDAY)

    for note in _sent(family.authority, mailoutbox, Notification.Kind.DEADLINE):
        assert_notification_names_nobody(note, what="coming-up notification")
        assert f"case no. {family.pk} " in note.subject


def test_the_sweeps_escalation_notices_name_neither_the_family_nor_the_reason(family, mailoutbox):
    DeadlineFactory(family=family, due_on=date(2026, 2, 27))  # overdue on Monday: escalated

    sweep_authority(authority_id=family.authority_id, today=MONDAY)

    for note in _sent(family.authority, mailoutbox, Notification.Kind.ESCALATION):
        assert_notification_names_nobody(note, what="sweep escalation notification")
        assert REFERENCE in note.subject and "ICPC-15WD" in note.subject
        assert "4 March 2026" in note.body  # respond by: 2 working days on Barnsley's ladder
    for message in mailoutbox:
        assert_email_names_nobody(message, what="sweep escalation e-mail")


def test_an_escalation_raised_by_hand_leaves_its_reason_behind_sign_in(family, mailoutbox):
    escalations.raise_escalation(
        by=family.social_worker,
        kind="plan_not_progressing",
        reason=CHILD_DETAIL,
        family_id=family.pk,
        today=MONDAY,
    )

    for note in _sent(family.authority, mailoutbox, Notification.Kind.ESCALATION):
        assert_notification_names_nobody(note, what="escalation notification")
        assert REFERENCE in note.subject and note.url.endswith("/")
    for message in mailoutbox:
        assert_email_names_nobody(message, what="escalation e-mail")
