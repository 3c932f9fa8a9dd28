"""The dashboard's filters: team, social worker and date range, all in the URL's query string so
that a view can be bookmarked and shared with a colleague of the same authority.

The authority itself comes from the URL's path and the viewer's membership, never from here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django import forms

from authorities.access import DASHBOARD_READERS
from authorities.date_fields import PERIOD, DateInputField
from authorities.models import Membership, Role

WHOLE_AUTHORITY = "all"
LONGEST_RANGE_DAYS = 5 * 366
# Who may open the dashboard: managers, and the authority's administrators.
DASHBOARD_ROLES = DASHBOARD_READERS


@dataclass(frozen=True)
class Filters:
    """What the figures are narrowed to. `team_id` is the team manager's membership id."""

    team_id: int | None = None
    social_worker_id: int | None = None
    start: date | None = None
    end: date | None = None
    team_by_default: bool = False  # a team manager who did not ask for the whole authority
    whole_authority: bool = False  # asked for in so many words (a team manager's default is their team)

    def family_filter(self) -> dict[str, int] | None:
        """Lookups on a family (its social worker, or their team manager)."""
        lookups = {}
        if self.social_worker_id:
            lookups["social_worker_id"] = self.social_worker_id
        if self.team_id:
            lookups["social_worker__team_manager_id"] = self.team_id
        return lookups or None

    def params(self) -> dict[str, str]:
        """The query string that reproduces these filters for anyone of the authority (a team
        manager's own team is named by id, not left to the default, which differs by viewer)."""
        params: dict[str, str] = {}
        if self.whole_authority:
            params["team"] = WHOLE_AUTHORITY
        elif self.team_id:
            params["team"] = str(self.team_id)
        if self.social_worker_id:
            params["social_worker"] = str(self.social_worker_id)
        if self.start:
            params["start"] = self.start.isoformat()
        if self.end:
            params["end"] = self.end.isoformat()
        return params

    def query_string(self, **extra: str) -> str:
        params = {**self.params(), **extra}
        return f"?{urlencode(params)}" if params else ""


class DashboardFilterForm(forms.Form):
    team = forms.ChoiceField(
        label="Team",
        required=False,
        error_messages={"invalid_choice": "team: no such team manager's team in this authority"},
    )
    social_worker = forms.ChoiceField(
        label="Social worker",
        required=False,
        error_messages={"invalid_choice": "social_worker: no such social worker in this authority"},
    )
    start = DateInputField(label="From", required=False, bounds=PERIOD)
    end = DateInputField(label="To", required=False, bounds=PERIOD)

    def __init__(self, data, *, membership: Membership, people: list[Membership]) -> None:
        super().__init__(data)
        self.membership = membership
        managers = [p for p in people if p.role == Role.TEAM_MANAGER]
        workers = [p for p in people if p.role == Role.SOCIAL_WORKER]
        whole = ("", "Whole authority")
        if membership.role == Role.TEAM_MANAGER:
            # Their own team by id, so that the address of the view they share says which team.
            whole = (WHOLE_AUTHORITY, "Whole authority")
            own = (str(membership.pk), "My team")
            others = [(str(m.pk), _name(m)) for m in managers if m.pk != membership.pk]
            self.fields["team"].choices = [own, whole, *[(k, f"{v}'s team") for k, v in others]]
        else:
            self.fields["team"].choices = [
                whole,
                (WHOLE_AUTHORITY, "Whole authority (all teams)"),
                *[(str(m.pk), f"{_name(m)}'s team") for m in managers],
            ]
        self.fields["social_worker"].choices = [("", "All social workers")] + [
            (str(w.pk), _name(w)) for w in workers
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "end: the end date must be on or after the start date")
        elif start and end and (end - start).days > LONGEST_RANGE_DAYS:
            self.add_error("start", "start: choose a date range of 5 years or less")
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        team = data.get("team") or ""
        team_by_default = False
        if team == WHOLE_AUTHORITY:
            team_id = None
        elif team:
            team_id = int(team)
        elif self.membership.role == Role.TEAM_MANAGER:
            team_id, team_by_default = self.membership.pk, True
        else:
            team_id = None
        social_worker = data.get("social_worker") or ""
        return Filters(
            team_id=team_id,
            social_worker_id=int(social_worker) if social_worker else None,
            start=data.get("start"),
            end=data.get("end"),
            team_by_default=team_by_default,
            whole_authority=team == WHOLE_AUTHORITY,
        )

    def error_list(self) -> list[tuple[str, str]]:
        """(field, message) pairs for the error summary and the API's 400 answer."""
        return [(name, str(message)) for name, messages in self.errors.items() for message in messages]


def filter_people(authority) -> list[Membership]:
    """Team managers and social workers, for the filters' choices: one query."""
    return list(
        Membership.objects.for_authority(authority)
        .filter(role__in=[Role.TEAM_MANAGER, Role.SOCIAL_WORKER], is_active=True)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def _name(membership: Membership) -> str:
    return membership.user.display_name if membership.user_id else str(membership.pk)
