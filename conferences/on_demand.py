"""The parts of a live conference's state read on demand, once: only the steps, forms and checks
that show or need them ask (the parents' step, attendance, the forms naming people, the checks
once a plan is decided or a scoring trigger has fired), so the page's other steps, the ones a chair
moves through most, do not."""

from __future__ import annotations

from functools import cached_property

from authorities.compiled_reads import CompiledRead
from cases.models import Child, ChildProtectionPlan, Person
from scheduling.models import Deadline

from . import hooks
from .models import (
    Conference,
    Invitation,
    ObserverRequest,
    OutlinePlan,
    OutlinePlanItem,
    ReportCorrection,
    RequestDecision,
    TriggerResponse,
)

# A review's plans are read on every opening of its live page: the SQL is compiled once per process.
_plans_of_children = CompiledRead(
    lambda authority, children: (
        ChildProtectionPlan.objects.for_authority(authority)
        .filter(child_id__in=children)
        .order_by("child__first_name", "pk")
    )
)


class OnDemandReads:
    """Mixed into `conferences.selectors.LiveConference`, which holds `conference`, `children` and
    `invitations`."""

    conference: Conference
    children: list[Child]
    invitations: list[Invitation]

    @cached_property
    def outline_plan(self) -> tuple[OutlinePlan | None, list[OutlinePlanItem]]:
        """The outline plan and its items: the plan step, and the checks once a plan is decided."""
        return _outline_plan(self.conference)

    @property
    def plan(self) -> OutlinePlan | None:
        return self.outline_plan[0]

    @property
    def plan_items(self) -> list[OutlinePlanItem]:
        return self.outline_plan[1]

    @cached_property
    def action_deadlines(self) -> dict[int, Deadline]:
        """Each action's OUTCOME deadline, where it has one running (conferences.live.plan_actions)."""
        from .live.plan_actions import action_deadlines

        return action_deadlines(self.conference.authority_id, self.plan_items)

    @cached_property
    def children_plans(self) -> list[ChildProtectionPlan]:
        """Every plan of the conference's children, by the child's first name, each with its child:
        a review's briefing from the core group and LONG-PLAN's flags both work from this one read."""
        children = {child.pk: child for child in self.children}
        if not children:
            return []
        plans = _plans_of_children(self.conference.authority_id, list(children))
        for plan in plans:
            plan.child = children[plan.child_id]
        return plans

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


def _outline_plan(conference: Conference) -> tuple[OutlinePlan | None, list[OutlinePlanItem]]:
    plan = OutlinePlan.objects.for_authority(conference.authority_id).filter(conference=conference).first()
    if plan is None:
        return None, []
    return plan, list(plan.items.select_related("owner_agency", "answers").order_by("kind", "position", "pk"))
