"""Before a review conference: the core group's recommendation (CG-PRE-REVIEW), the changes to the
plan since the last conference (PLAN-CHANGES) and the chair's conversation with the social worker
or team manager that either of them prompts (DELIST-CONVERSATION).

The briefing is read by the conferences app through `conferences.hooks.core_group_before_review`
(its pages show it; closing the review checks it against the rule set), so the rules are judged in
one place whichever page asks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from authorities.history import save_with_history
from authorities.human_dates import long_date
from authorities.models import Membership, Mode, Role
from authorities.refusals import refusal
from authorities.rules.checks import in_words
from authorities.rules.ids import RuleId
from cases.models import ChildProtectionPlan
from conferences.models import Conference, ConferenceKind, ConferenceStatus

from .models import (
    CoreGroup,
    CoreGroupAction,
    CoreGroupMeeting,
    CoreGroupMinutes,
    CoreGroupPlanNote,
    DelistConversation,
    PreReviewRecommendation,
    Recommendation,
)
from .permissions import _meeting


@dataclass
class ReviewBriefing:
    """What the core group put to one review conference."""

    conference: Conference
    first_review: bool
    pre_review_mode: str = Mode.OFF
    delist_mode: str = Mode.OFF
    recommendations: list[PreReviewRecommendation] = field(default_factory=list)
    without_recommendation: list[ChildProtectionPlan] = field(default_factory=list)
    plan_changes: list[CoreGroupPlanNote] = field(default_factory=list)

    @cached_property
    def conversations(self) -> list[DelistConversation]:
        """The chair's conversations before this review, read only where shown or where a reason
        for one stands (the live page builds a briefing on every step)."""
        return list(
            DelistConversation.objects.for_authority(self.conference.authority_id)
            .filter(conference=self.conference)
            .select_related("spoke_with__user", "recorded_by__user")
        )

    @property
    def ends_recommended(self) -> list[PreReviewRecommendation]:
        return [r for r in self.recommendations if r.recommendation == Recommendation.END]

    @property
    def conversation_reasons(self) -> list[str]:
        """Why DELIST-CONVERSATION asks the chair to talk with the social worker or team manager
        before this review (none: it does not)."""
        reasons = []
        if self.first_review and self.ends_recommended:
            children = ", ".join(str(r.plan.child) for r in self.ends_recommended)
            reasons.append(f"the core group recommends ending the plan at the first review ({children})")
        if self.plan_changes:
            reasons.append("the plan has changed since the last conference")
        return reasons

    @property
    def conversation_needed(self) -> bool:
        return bool(self.conversation_reasons) and not self.conversations

    @property
    def prompts_conversation(self) -> bool:
        """The chair and social worker are prompted where the rule set has DELIST-CONVERSATION."""
        return self.delist_mode != Mode.OFF and self.conversation_needed

    @property
    def shown(self) -> bool:
        return self.pre_review_mode != Mode.OFF or bool(
            self.recommendations or self.plan_changes or self.conversations
        )

    @property
    def missing_names(self) -> str:
        return ", ".join(str(plan.child) for plan in self.without_recommendation)


def _open_plans(
    conference: Conference, plans: list[ChildProtectionPlan] | None = None
) -> list[ChildProtectionPlan]:
    """The children's plans this review decides on: running, or ended at this very review. From
    `plans` (every plan of the conference's children, by the child's first name) where the caller
    has read them."""
    if plans is None:
        plans = (
            ChildProtectionPlan.objects.for_authority(conference.authority_id)
            .filter(child__conferences=conference, started_on__lte=conference.day)
            .select_related("child")
            .order_by("child__first_name", "pk")
        )
    day = conference.day
    return [
        p
        for p in plans
        if p.started_on <= day and (p.ended_on is None or p.ended_at_conference_id == conference.pk)
    ]


def meetings_before(conference: Conference) -> list[CoreGroupMeeting]:
    """The family's core group meetings held since the last conference, up to this one's day."""
    held = CoreGroupMeeting.objects.for_authority(conference.authority_id).filter(
        core_group__family_id=conference.family_id, held_on__isnull=False, held_on__lte=conference.day
    )
    if conference.previous_id:
        held = held.filter(held_on__gte=conference.previous.day)
    return list(held.order_by("-held_on", "-pk"))


def review_briefing(
    conference: Conference, *, plans: list[ChildProtectionPlan] | None = None
) -> ReviewBriefing | None:
    """The briefing for a review conference (None for an initial one). `plans`: every plan of the
    conference's children, ordered by the child's first name, where the caller has read them (the
    live page reads them once for this and LONG-PLAN)."""
    if not conference.is_review:
        return None
    previous = conference.previous
    rules = conference.rule_set_in_force()
    briefing = ReviewBriefing(
        conference=conference,
        first_review=previous is not None and previous.kind == ConferenceKind.INITIAL,
        pre_review_mode=rules.mode(RuleId.CG_PRE_REVIEW),
        delist_mode=rules.mode(RuleId.DELIST_CONVERSATION),
    )
    meetings = meetings_before(conference)
    plans = _open_plans(conference, plans)
    # With no meeting held (or no plan), the two reads below find nothing: not asked at all, as
    # the ORM would build each statement only to find it empty (a live page asks on every step).
    newest: dict[int, PreReviewRecommendation] = {}
    for rec in (
        PreReviewRecommendation.objects.for_authority(conference.authority_id)
        .filter(meeting__in=meetings, plan__in=plans)
        .select_related("plan__child", "meeting", "recorded_by__user")
        .order_by("-meeting__held_on", "-meeting_id")
        if meetings and plans
        else ()
    ):
        newest.setdefault(rec.plan_id, rec)
    briefing.recommendations = [newest[p.pk] for p in plans if p.pk in newest]
    briefing.without_recommendation = [p for p in plans if p.pk not in newest]
    briefing.plan_changes = (
        list(
            CoreGroupPlanNote.objects.for_authority(conference.authority_id)
            .filter(minutes__meeting__in=meetings, kind=CoreGroupPlanNote.Kind.CHANGE)
            .select_related("plan__child", "minutes__meeting")
            .order_by("minutes__meeting__held_on", "pk")
        )
        if meetings
        else []
    )
    return briefing


def next_review_briefing(group: CoreGroup) -> ReviewBriefing | None:
    """The briefing for the family's next review not yet held, for the core group's page."""
    upcoming = (
        Conference.objects.for_authority(group.authority_id)
        .filter(family_id=group.family_id, kind__in=(ConferenceKind.REVIEW, ConferenceKind.MIDWAY))
        .exclude(status__in=(ConferenceStatus.HELD, ConferenceStatus.CANCELLED))
        .select_related("previous", "chair__user")
        .order_by("starts_at")
        .first()
    )
    return review_briefing(upcoming) if upcoming else None


def recommendable_plans(meeting: CoreGroupMeeting) -> list[ChildProtectionPlan]:
    """The family's plans running on the day the meeting was held."""
    day = meeting.held_on or timezone.localdate()
    plans = (
        ChildProtectionPlan.objects.for_authority(meeting.authority_id)
        .filter(child__family_id=meeting.core_group.family_id, started_on__lte=day)
        .select_related("child")
        .order_by("child__first_name", "pk")
    )
    return [p for p in plans if p.ended_on is None or p.ended_on >= day]


@transaction.atomic
def record_recommendation(
    *, meeting_id: int, by: Membership, plan_id: int, recommendation: str, rationale: str
) -> PreReviewRecommendation:
    """CG-PRE-REVIEW: a held meeting's recommendation to the next review for one child's plan
    (recorded again, it replaces the meeting's earlier one; the history keeps both)."""
    meeting, group = _meeting(by, meeting_id)
    if meeting.held_on is None:
        raise refusal(None, "Record the meeting as held first: a recommendation comes from a held meeting.")
    plan = next((p for p in recommendable_plans(meeting) if p.pk == plan_id), None)
    if plan is None:
        raise refusal("plan", "Choose a child whose plan was running when the meeting was held.")
    if recommendation not in Recommendation.values:
        raise refusal(
            "recommendation", "Choose whether the core group recommends continuing or ending the plan."
        )
    if not rationale.strip():
        raise refusal("rationale", in_words("say why the core group recommends this", RuleId.CG_PRE_REVIEW))
    rec = (
        PreReviewRecommendation.objects.for_authority(by.authority)
        .filter(meeting=meeting, plan=plan)
        .select_for_update()
        .first()
    ) or PreReviewRecommendation(authority=group.authority, meeting=meeting, plan=plan)
    rec.recommendation, rec.rationale, rec.recorded_by = recommendation, rationale.strip(), by
    save_with_history(rec, by=by, reason=f"recommendation to the review: {rec.get_recommendation_display()}")
    return rec


def may_record_conversation(membership: Membership, conference: Conference) -> bool:
    return membership.pk == conference.chair_id


def conversation_partners(conference: Conference) -> list[Membership]:
    """Who the chair talks with (DELIST-CONVERSATION): the social worker or their team manager."""
    sw = conference.social_worker
    ids = [sw.pk] + ([sw.team_manager_id] if sw.team_manager_id else [])
    return list(
        Membership.objects.for_authority(conference.authority_id)
        .filter(pk__in=ids, role__in=(Role.SOCIAL_WORKER, Role.TEAM_MANAGER))
        .select_related("user")
    )


@transaction.atomic
def record_conversation(
    *, conference_id: int, by: Membership, spoke_with_id: int, spoke_on: date, outcome: str
) -> DelistConversation:
    """DELIST-CONVERSATION: the chair records talking with the social worker or team manager
    before the review: with whom, on which day, and what came of it."""
    conference = (
        Conference.objects.for_authority(by.authority)
        .visible_to(by)
        .select_related("social_worker")
        .get(pk=conference_id)
    )
    if not may_record_conversation(by, conference):
        raise PermissionDenied("Only the conference's chair records this conversation.")
    if not conference.is_review:
        raise refusal(None, "This conversation comes before a review conference.")
    partner = next((m for m in conversation_partners(conference) if m.pk == spoke_with_id), None)
    if partner is None:
        raise refusal("spoke_with", "Choose the social worker or their team manager.")
    if spoke_on > min(timezone.localdate(), conference.day):
        raise refusal(
            "spoke_on",
            f"The conversation is before the review: give a day up to {long_date(conference.day)} "
            "that has come.",
        )
    if not outcome.strip():
        raise refusal("outcome", in_words("say what came of the conversation", RuleId.DELIST_CONVERSATION))
    conversation = DelistConversation(
        authority=conference.authority,
        conference=conference,
        spoke_with=partner,
        spoke_on=spoke_on,
        outcome=outcome.strip(),
        recorded_by=by,
    )
    save_with_history(conversation, by=by, reason="conversation with the chair before the review")
    return conversation


def minutes_digest(conference: Conference) -> dict[str, list[str]]:
    """REPORT-REVIEW: what the minutes since the last conference say, under the review report's
    headings, for the core group's combined report to be drafted from (the social worker edits it)."""
    meetings = sorted(meetings_before(conference), key=lambda m: (m.held_on, m.pk))
    minutes = {
        m.meeting_id: m
        for m in CoreGroupMinutes.objects.for_authority(conference.authority_id).filter(meeting__in=meetings)
    }
    notes = (
        CoreGroupPlanNote.objects.for_authority(conference.authority_id)
        .filter(minutes__meeting__in=meetings)
        .select_related("plan__child", "plan_item", "minutes__meeting")
        .order_by("minutes__meeting__held_on", "kind", "pk")
    )
    actions = (
        CoreGroupAction.objects.for_authority(conference.authority_id)
        .filter(minutes__meeting__in=meetings)
        .select_related("minutes__meeting", "owner__user")
        .order_by("minutes__meeting__held_on", "pk")
    )
    digest: dict[str, list[str]] = {
        "involvement_since": [],
        "outcomes_of_work": [],
        "new_concerns": [],
        "progress_against_plan": [],
    }
    for meeting in meetings:
        record = minutes.get(meeting.pk)
        summary = f": {record.summary}" if record and record.summary else ""
        digest["involvement_since"].append(f"Core group met on {long_date(meeting.held_on)}{summary}")
    for action in actions:
        done = f"done on {long_date(action.done_on)}" if action.done_on else "not done yet"
        digest["outcomes_of_work"].append(f"{action.text} ({action.owner_label or 'no owner'}): {done}")
    for note in notes:
        day = long_date(note.minutes.meeting.held_on)
        if note.kind == CoreGroupPlanNote.Kind.CHANGE:
            digest["progress_against_plan"].append(f"{day}, change to the plan: {note.text}")
            continue
        line = f"{day}, {note.plan_item.text}: {note.text}"
        digest["progress_against_plan"].append(line)
        if note.agreement == "disputed":
            digest["new_concerns"].append(f"{line} (disputed: {note.reason})")
    return digest
