"""Marking action points done."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from authorities.history import save_with_history
from authorities.models import Membership
from authorities.refusals import refusal
from scheduling.services import (
    meet_deadline,
)

from .common import ACTION_RULE
from .models import (
    CoreGroup,
    CoreGroupAction,
)
from .permissions import may_convene


@transaction.atomic
def mark_action_done(*, action_id: int, by: Membership, done_on: date | None = None) -> CoreGroupAction:
    action = (
        CoreGroupAction.objects.for_authority(by.authority)
        .visible_to(by)
        .select_related("minutes__meeting")
        .get(pk=action_id)
    )
    group = (
        CoreGroup.objects.for_authority(by.authority)
        .select_related("authority", "family__social_worker")
        .get(pk=action.minutes.meeting.core_group_id)
    )
    if not (may_convene(by, group) or action.owner_id == by.pk):
        raise PermissionDenied("Only the action's owner, the social worker, their team manager or a chair.")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise refusal("done_on", "An action is marked done on or after the day it was done.")
    if action.done_on is None:
        action.done_on = done_on
        save_with_history(action, by=by, reason="action done", update_fields=["done_on"])
        meet_deadline(authority=group.authority, rule_id=ACTION_RULE, subject=action, met_on=done_on)
    return action
