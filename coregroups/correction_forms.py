"""The correction of held minutes: the minutes form filled in from the record as it stands."""

from __future__ import annotations

from django import forms

from .forms import MinutesForm, reason_field
from .models import CoreGroupMinutes


class CorrectMinutesForm(MinutesForm):
    """The minutes form again, filled in from the minutes as they stand, with the version they
    were loaded at (a stale save is refused) and why they are corrected. The late reason stays
    as recorded: it belongs to the deadlines the meeting met, not to what was said."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    correction_reason = reason_field(
        "Why are the minutes being corrected?",
        required=True,
        rows=3,
        help_text="Kept with the history of the minutes, with your name and the time.",
    )
    NEW_ACTIONS = 3

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("new_actions", self.NEW_ACTIONS)
        super().__init__(*args, **kwargs)
        del self.fields["late_reason"]
        self.fields["correction_reason"].error_messages["required"] = "Say why the minutes are corrected."


def correction_initial(record: CoreGroupMinutes, *, notes: list, actions: list, attendance: list) -> dict:
    """The minutes as they stand, as the correction form's initial values."""
    meeting, next_meeting = record.meeting, record.next_meeting
    initial = {
        "version": record.version,
        "held_at": meeting.scheduled_at,
        "venue": meeting.venue_id,
        "venue_note": meeting.venue_note,
        "purpose": record.purpose,
        "chaired_by": record.chaired_by,
        "minutes_by": record.minutes_by,
        "chair_minuter_reason": record.chair_minuter_reason,
        "reports_from_absent": record.reports_from_absent,
        "no_plan_changes": record.no_plan_changes,
        "child_voice": record.child_voice,
        "summary": record.summary,
        "action_points_checked": record.action_points_checked,
        "minutes_reason": record.minutes_reason,
        "next_meeting_at": next_meeting.scheduled_at if next_meeting else None,
        "next_venue": next_meeting.venue_id if next_meeting else None,
        "next_venue_note": next_meeting.venue_note if next_meeting else "",
    }
    for row in attendance:
        initial[f"attended_{row.pk}"] = row.status
    changes: dict[int, list[str]] = {}
    for note in notes:
        if note.kind == note.Kind.PROGRESS:
            initial[f"progress_{note.plan_item_id}"] = note.text
            initial[f"agreement_{note.plan_item_id}"] = note.agreement
            initial[f"dispute_{note.plan_item_id}"] = note.reason
        else:
            changes.setdefault(note.plan_id, []).append(note.text)
    for plan_id, lines in changes.items():
        initial[f"change_{plan_id}"] = "\n".join(lines)
    for n, action in enumerate(actions):
        initial[f"action_{n}_id"] = action.pk
        initial[f"action_{n}_text"] = action.text
        initial[f"action_{n}_owner"] = action.owner_id
        initial[f"action_{n}_owner_name"] = action.owner_name
        initial[f"action_{n}_due_on"] = action.due_on
    return initial
