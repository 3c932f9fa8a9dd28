"""The parts of a live conference's state read on demand, once: only the steps, forms and checks
that show or need them ask (the parents' step, attendance, the forms naming people, the checks
once a plan is decided or a scoring trigger has fired), so the page's other steps, the ones a chair
moves through most, do not."""

from __future__ import annotations

from functools import cached_property

from cases.models import Person

from . import hooks
from .models import (
    Conference,
    Invitation,
    ObserverRequest,
    ReportCorrection,
    RequestDecision,
    TriggerResponse,
)


class OnDemandReads:
    """Mixed into `conferences.selectors.LiveConference`, which holds `conference` and `invitations`."""

    conference: Conference
    invitations: list[Invitation]

    @cached_property
    def corrections(self) -> list[ReportCorrection]:
        return list(self.conference.report_corrections.select_related("invitation").order_by("pk"))

    @cached_property
    def observer_requests(self) -> list[ObserverRequest]:
        return list(
            self.conference.observer_requests.filter(decision=RequestDecision.APPROVED).order_by("pk")
        )

    @cached_property
    def people(self) -> list[Person]:
        return list(
            Person.objects.for_authority(self.conference.authority_id).filter(
                family_id=self.conference.family_id
            )
        )

    @cached_property
    def trigger_responses(self) -> dict[tuple[int, str], TriggerResponse]:
        """The chair's responses to the scoring triggers, read where a trigger has fired."""
        return {(r.child_id, r.rule_id): r for r in self.conference.trigger_responses.all()}

    @cached_property
    def core_group_members(self) -> list:
        return list(hooks.core_group_members_named_at(self.conference))

    @cached_property
    def reports_sent(self) -> dict[int, str]:
        return _reports_sent(self.conference, self.invitations)

    @property
    def invitations_with_reports(self) -> list[Invitation]:
        """The invitations, each with its `report_state` (for the attendance table)."""
        self.reports_sent  # noqa: B018 (sets each invitation's report_state)
        return self.invitations


def _reports_sent(conference: Conference, invitations: list[Invitation]) -> dict[int, str]:
    """Whether each professional invitee's agency report came in: "sent", "late" or "" (not
    sent), from the reports app's submitted reports (one query). Also set on each invitation as
    `report_state` for the page."""
    submitted = hooks.report_states(conference)
    states = {}
    for invitation in invitations:
        invitation.report_state = submitted.get(invitation.pk, "")
        states[invitation.pk] = invitation.report_state
    return states
