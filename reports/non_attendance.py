"""NON-ATTEND-LETTER: letters to agencies that neither attended nor sent a report."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from authorities.human_dates import long_date, long_date_with_weekday
from authorities.models import Membership, Mode
from authorities.refusals import refusal
from authorities.rules.ids import RuleId
from conferences.models import Conference, ConferenceStatus, Invitation

from .selectors import (
    absent_without_report,
)


def non_attendance_letters_apply(conference: Conference) -> bool:
    try:
        return conference.rule_set_in_force().mode(RuleId.NON_ATTEND_LETTER) != Mode.OFF
    except KeyError:
        return False


def letter_context(invitation: Invitation, *, today: date) -> dict:
    conference = invitation.conference
    rule_set = conference.rule_set_in_force()
    return {
        "invitation": invitation,
        "conference": conference,
        "conference_on": conference.day,
        "chair": conference.chair,
        "chair_title": rule_set.chair_title,
        "authority": conference.authority,
        "today": today,
    }


@transaction.atomic
def request_non_attendance_letters(*, conference_id: int, by: Membership) -> int:
    """The chair asks for the letters once the conference is held; they go after commit."""
    conference = Conference.objects.for_authority(by.authority).get(pk=conference_id)
    if conference.status != ConferenceStatus.HELD:
        raise ValidationError({"conference": "Letters go after the conference has been held."})
    if not non_attendance_letters_apply(conference):
        raise refusal(
            "conference",
            "Letters to agencies that neither came nor reported are off in this authority's rules",
            rule_id=RuleId.NON_ATTEND_LETTER,
        )
    from .tasks import send_non_attendance_letters_task

    pending = [i for i in absent_without_report(conference) if i.non_attendance_letter_sent_on is None]
    transaction.on_commit(
        lambda: send_non_attendance_letters_task.delay(
            authority_id=conference.authority_id, conference_id=conference.pk
        )
    )
    return len(pending)


def send_non_attendance_letters(*, authority_id: int, conference_id: int, today: date | None = None) -> int:
    """Write (PDF) and e-mail the letter to each invited professional who neither attended nor sent
    a report, where the rule set has NON-ATTEND-LETTER. Each letter is claimed first (compare-and-set
    on non_attendance_letter_sent_on), so a rerun or a duplicate task sends nothing twice."""
    from .documents import non_attendance_letter_pdf

    today = today or timezone.localdate()
    conference = (
        Conference.objects.for_authority(authority_id)
        .select_related("authority", "chair__user")
        .get(pk=conference_id)
    )
    if conference.status != ConferenceStatus.HELD or not non_attendance_letters_apply(conference):
        return 0
    sent = 0
    for invitation in absent_without_report(conference):
        address = invitation.email or (invitation.membership.user.email if invitation.membership_id else "")
        if invitation.non_attendance_letter_sent_on is not None or not address:
            continue
        scoped = Invitation.objects.for_authority(authority_id)
        if not scoped.filter(pk=invitation.pk, non_attendance_letter_sent_on__isnull=True).update(
            non_attendance_letter_sent_on=today
        ):
            continue  # another run claimed it
        try:
            pdf = non_attendance_letter_pdf(letter_context(invitation, today=today))
            message = EmailMessage(
                subject=f"Child protection conference on {long_date(conference.day)}: "
                "you did not attend or send a report",
                body=(
                    f"Dear {invitation.name},\n\nPlease find attached a letter from the "
                    f"{letter_context(invitation, today=today)['chair_title']} about the conference on "
                    f"{long_date_with_weekday(conference.day)}.\n"
                ),
                to=[address],
            )
            message.attach(
                f"non-attendance-letter-{conference.pk}-{invitation.pk}.pdf", pdf, "application/pdf"
            )
            message.send()
        except Exception:
            scoped.filter(pk=invitation.pk).update(non_attendance_letter_sent_on=None)
            raise
        # update() writes no history: record the letter on the invitation's history as well.
        recorded = scoped.get(pk=invitation.pk)
        recorded._change_reason = "Letter sent for not attending or reporting (NON-ATTEND-LETTER)"
        recorded.save(update_fields=["non_attendance_letter_sent_on"])
        sent += 1
    return sent


def send_due_non_attendance_letters(authority_id: int, today: date) -> int:
    """For the periodic sweep: letters for every held conference still owed some."""
    sent = 0
    held = Conference.objects.for_authority(authority_id).filter(
        Q(held_on__lte=today) | Q(held_on__isnull=True), status=ConferenceStatus.HELD
    )
    for conference_id in held.values_list("pk", flat=True):
        conference = Conference.objects.for_authority(authority_id).get(pk=conference_id)
        if not non_attendance_letters_apply(conference):
            continue
        sent += send_non_attendance_letters(
            authority_id=authority_id, conference_id=conference_id, today=today
        )
    return sent
