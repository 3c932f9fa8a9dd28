"""Forms for the core group pages: book, move, cancel, and the one minutes form (no JavaScript)."""

from __future__ import annotations

from django import forms

from authorities.date_fields import DUE, MEETING, RECORDED, DateInputField
from authorities.datetime_fields import DateTimeInputField
from authorities.models import Membership, Venue
from authorities.text_limits import NAME_MAX_LENGTH, REASON_MAX_LENGTH, LimitedTextField, text_box

from . import services
from .models import (
    Agreement,
    AttendanceStatus,
    CoreGroup,
    CoreGroupAction,
    CoreGroupAttendance,
    CoreGroupMember,
)

MAX_ACTIONS = 5


def _when(label: str, required: bool = True, help_text: str = "") -> DateTimeInputField:
    example = "For example, 27 3 2026 and 14:30"
    return DateTimeInputField(
        label=label, required=required, bounds=MEETING, help_text=f"{help_text} {example}".strip()
    )


def _text(label: str, *, required: bool = False, **kwargs) -> forms.CharField:
    return text_box(label, required=required, **kwargs)


def reason_field(label: str, **kwargs) -> forms.CharField:
    return _text(label, max_length=REASON_MAX_LENGTH, **kwargs)


class VenueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Venue) -> str:
        return obj.name


def _venues(authority) -> forms.ModelChoiceField:
    field = VenueChoiceField(
        label="Venue", queryset=Venue.objects.for_authority(authority).filter(is_active=True), required=False
    )
    field.empty_label = "Not one of our venues (say where below)"
    return field


class BookForm(forms.Form):
    scheduled_at = _when("Date and time", help_text="A working day, today or later.")
    venue = forms.ModelChoiceField(queryset=Venue.objects.none(), required=False)
    venue_note = forms.CharField(
        label="Or where", max_length=300, required=False, help_text="For example, the family home."
    )
    reason = reason_field("Reason", rows=2, help_text="Where a rule asks for one (for example CG-CONVENOR).")
    clash_reason = reason_field(
        "Reason to book over another meeting",
        rows=2,
        help_text="Only if the social worker or the venue already has a meeting at this time.",
    )

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"] = _venues(authority)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        venue = data.get("venue")
        return {
            "scheduled_at": data["scheduled_at"],
            "venue_id": venue.pk if venue else None,
            "venue_note": data.get("venue_note", ""),
            "reason": data.get("reason", ""),
            "clash_reason": data.get("clash_reason", ""),
        }


class MoveForm(BookForm):
    reason = reason_field("Why is the meeting moved?", required=True, rows=2)


class CancelForm(forms.Form):
    reason = reason_field("Why is the meeting cancelled?", required=True, rows=2)


class ActionDoneForm(forms.Form):
    done_on = DateInputField(label="Done on", required=False, bounds=RECORDED)


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return obj.user.display_name


class MinutesForm(forms.Form):
    """CG-MINUTES as one page: the meeting, who came, the plan item by item, changes, the child's
    voice, actions and the next meeting. Per-member and per-item fields are added at run time."""

    held_at = _when("Date and time the meeting started")
    venue = forms.ModelChoiceField(queryset=Venue.objects.none(), required=False)
    venue_note = forms.CharField(label="Or where", max_length=300, required=False)
    purpose = _text("Purpose of the meeting", rows=2)
    chaired_by = forms.CharField(label="Who chaired", max_length=200, required=False)
    minutes_by = forms.CharField(label="Who took the notes", max_length=200, required=False)
    chair_minuter_reason = reason_field(
        "If the chair also took the notes, why",
        rows=2,
        help_text="Where the chair should not take the notes (CG-CHAIR-NOT-MINUTER).",
    )
    reports_from_absent = _text("Reports from those who could not attend")
    no_plan_changes = forms.BooleanField(label="No changes to the plan", required=False)
    child_voice = _text("The child's voice", rows=4, help_text="What the child has said, and how we know.")
    summary = _text("Summary", rows=3)
    action_points_checked = forms.BooleanField(
        label="The action points were read back and checked before the meeting ended", required=False
    )
    next_meeting_at = _when("Next meeting: date and time", required=False)
    next_venue = forms.ModelChoiceField(queryset=Venue.objects.none(), required=False)
    next_venue_note = forms.CharField(label="Next meeting: or where", max_length=300, required=False)
    clash_reason = reason_field(
        "Next meeting: reason to book over another meeting",
        rows=2,
        help_text="Only if the social worker or the venue already has a meeting at that time.",
    )
    minutes_reason = reason_field(
        "If parts of the minutes are missing, why",
        rows=2,
        help_text="Where complete minutes are advised (CG-MINUTES).",
    )
    late_reason = reason_field(
        "If the meeting is later than its timescale, why",
        rows=2,
        help_text="The core group timescales (CG1-10WD, CG-6WK, CG-2M).",
    )

    def __init__(
        self,
        *args,
        group: CoreGroup,
        members: list[CoreGroupMember],
        items: list,
        plans: list,
        attendance: list[CoreGroupAttendance] = (),
        actions: list[CoreGroupAction] = (),
        new_actions: int = MAX_ACTIONS,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        authority = group.authority
        self.fields["venue"] = _venues(authority)
        self.fields["next_venue"] = _venues(authority)
        self.fields["next_venue"].label = "Next meeting: venue"
        # Correcting: the people the minutes already list (their member may have left the group
        # since), then members not in them yet.
        self.attendance = list(attendance)
        listed = {row.member_id for row in self.attendance if row.member_id}
        self.members = [m for m in members if m.pk not in listed]
        self.items, self.plans = items, plans
        self._add_attendance_fields()
        self._add_plan_fields()
        self.actions = list(actions)
        self._add_action_fields(authority, members, new_actions)

    def _add_attendance_fields(self) -> None:
        for row in self.attendance:
            self.fields[f"attended_{row.pk}"] = forms.ChoiceField(
                label=f"{row.name} ({row.role_label})" if row.role_label else row.name,
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                required=False,
            )
        for member in self.members:
            self.fields[f"attendance_{member.pk}"] = forms.ChoiceField(
                label=str(member), choices=AttendanceStatus.choices, widget=forms.RadioSelect, required=False
            )

    def _add_plan_fields(self) -> None:
        for item in self.items:
            self.fields[f"progress_{item.pk}"] = _text("Progress", rows=2)
            self.fields[f"agreement_{item.pk}"] = forms.ChoiceField(
                label="Agreed or disputed",
                choices=Agreement.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"dispute_{item.pk}"] = reason_field("If disputed, why", rows=2)
        for plan in self.plans:
            self.fields[f"change_{plan.pk}"] = _text(
                f"Changes to {plan.child.first_name}'s plan", help_text="One change a line."
            )

    def _add_action_fields(self, authority, members: list[CoreGroupMember], new_actions: int) -> None:
        """The actions already in the minutes, then `new_actions` empty rows."""
        owner_ids = {m.membership_id for m in members if m.membership_id}
        owner_ids |= {a.owner_id for a in self.actions if a.owner_id}
        owners = Membership.objects.for_authority(authority).filter(pk__in=owner_ids).select_related("user")
        owner_choices = None  # read once for every action row, not once per <select>
        for n in range(len(self.actions) + new_actions):
            existing = self.actions[n] if n < len(self.actions) else None
            self.fields[f"action_{n}_text"] = LimitedTextField(
                label="Action",
                required=False,
                max_length=REASON_MAX_LENGTH,
                help_text="Clear it to take the action out of the minutes." if existing else "",
            )
            owner = OwnerChoiceField(
                label="Owner", queryset=owners, required=False, empty_label="Someone else (name below)"
            )
            owner_choices = owner_choices if owner_choices is not None else list(owner.choices)
            owner.choices = owner_choices
            self.fields[f"action_{n}_owner"] = owner
            self.fields[f"action_{n}_owner_name"] = LimitedTextField(
                label="Owner's name", required=False, max_length=NAME_MAX_LENGTH
            )
            self.fields[f"action_{n}_due_on"] = DateInputField(label="Due by", required=False, bounds=DUE)
            if existing:
                self.fields[f"action_{n}_id"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
                self.initial.setdefault(f"action_{n}_id", existing.pk)

    # Rows of bound fields for the template.
    def attendance_rows(self):
        return [(row, self[f"attended_{row.pk}"]) for row in self.attendance] + [
            (m, self[f"attendance_{m.pk}"]) for m in self.members
        ]

    def item_rows(self):
        return [
            (i, self[f"progress_{i.pk}"], self[f"agreement_{i.pk}"], self[f"dispute_{i.pk}"])
            for i in self.items
        ]

    def change_rows(self):
        return [(p, self[f"change_{p.pk}"]) for p in self.plans]

    def action_rows(self):
        """(number, text, owner, owner's name, due by, hidden id or None, the action or None)."""
        return [
            (
                n + 1,
                self[f"action_{n}_text"],
                self[f"action_{n}_owner"],
                self[f"action_{n}_owner_name"],
                self[f"action_{n}_due_on"],
                self[f"action_{n}_id"] if f"action_{n}_id" in self.fields else None,
                self.actions[n] if n < len(self.actions) else None,
            )
            for n in range(self.action_count)
        ]

    @property
    def action_count(self) -> int:
        return sum(1 for name in self.fields if name.startswith("action_") and name.endswith("_text"))

    def to_minutes(self) -> services.MinutesIn:
        data = self.cleaned_data
        venue, next_venue = data.get("venue"), data.get("next_venue")
        return services.MinutesIn(
            held_at=data["held_at"],
            venue_id=venue.pk if venue else None,
            venue_note=data.get("venue_note", ""),
            purpose=data.get("purpose", ""),
            attendance=self._attendance_in(),
            chaired_by=data.get("chaired_by", ""),
            minutes_by=data.get("minutes_by", ""),
            chair_minuter_reason=data.get("chair_minuter_reason", ""),
            reports_from_absent=data.get("reports_from_absent", ""),
            progress=[
                services.ProgressIn(
                    i.pk,
                    data.get(f"progress_{i.pk}", ""),
                    data.get(f"agreement_{i.pk}", ""),
                    data.get(f"dispute_{i.pk}", ""),
                )
                for i in self.items
            ],
            plan_changes=self._changes_in(),
            no_plan_changes=data.get("no_plan_changes", False),
            child_voice=data.get("child_voice", ""),
            summary=data.get("summary", ""),
            actions=self._actions_in(),
            action_points_checked=data.get("action_points_checked", False),
            next_meeting_at=data.get("next_meeting_at"),
            next_venue_id=next_venue.pk if next_venue else None,
            next_venue_note=data.get("next_venue_note", ""),
            clash_reason=data.get("clash_reason", ""),
            minutes_reason=data.get("minutes_reason", ""),
            late_reason=data.get("late_reason", ""),
        )

    def _attendance_in(self) -> list[services.AttendanceIn]:
        """The people the minutes already list, then members marked now; unmarked rows are left out."""
        data = self.cleaned_data
        return [
            services.AttendanceIn(row.member_id, data[f"attended_{row.pk}"], attendance_id=row.pk)
            for row in self.attendance
            if data.get(f"attended_{row.pk}")
        ] + [
            services.AttendanceIn(m.pk, data[f"attendance_{m.pk}"])
            for m in self.members
            if data.get(f"attendance_{m.pk}")
        ]

    def _changes_in(self) -> list[services.PlanChangeIn]:
        data = self.cleaned_data
        return [
            services.PlanChangeIn(plan.pk, line.strip())
            for plan in self.plans
            for line in data.get(f"change_{plan.pk}", "").splitlines()
            if line.strip()
        ]

    def _actions_in(self) -> list[services.ActionIn]:
        data = self.cleaned_data
        actions = []
        for n in range(self.action_count):
            text = data.get(f"action_{n}_text", "").strip()
            action_id = data.get(f"action_{n}_id")
            if text or action_id:  # an action in the minutes with its text cleared: taken out
                owner = data.get(f"action_{n}_owner")
                actions.append(
                    services.ActionIn(
                        text=text,
                        owner_id=owner.pk if owner else None,
                        owner_name=data.get(f"action_{n}_owner_name", ""),
                        due_on=data.get(f"action_{n}_due_on"),
                        id=action_id,
                    )
                )
        return actions
