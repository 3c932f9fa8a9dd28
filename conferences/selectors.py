"""Reads for the live conference: the whole room in a fixed number of queries, the quorum state,
the tally of opinions per child and what still stands between the chair and closing.

The live page, the API and the services all read through `load_live()` so that what the chair
sees and what the services enforce are computed by the same code."""

from __future__ import annotations

from dataclasses import dataclass, field

from authorities.compiled_reads import CompiledRead
from authorities.models import AgencyType, Mode, RuleSet
from authorities.rules.ids import RuleId
from cases.models import Child

from . import hooks
from .long_plan import long_plan_rows
from .models import (
    AgendaNote,
    Attendance,
    Conference,
    Decision,
    DecisionOutcome,
    Dissent,
    Invitation,
    InviteeKind,
    Opinion,
    OutlineItemKind,
    OutlinePlanItem,
    ParentView,
)
from .on_demand import OnDemandReads

PLAN_OUTCOMES = frozenset({DecisionOutcome.CP_PLAN, DecisionOutcome.CONTINUE_PLAN})
TRIGGER_RULES = (RuleId.SCORE_ALL_ZERO, RuleId.SCORE_MAJ_ABOVE_5)


def agenda_sections(conference: Conference, rule_set: RuleSet) -> list[dict]:
    """The framework's sections in order; review-only sections are left out at an initial conference."""
    sections = []
    for section in rule_set.agenda or []:
        if section.get("review_only") and not conference.is_review:
            continue
        sections.append(
            {
                "key": section["key"],
                "heading": section["heading"],
                "review_only": bool(section.get("review_only")),
                "family_visible": section.get("family_visible", True) is not False,
            }
        )
    return sections


# --- quorum ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuorumState:
    mode: str
    override_on: bool
    chair_present: bool
    social_worker_present: bool
    agencies_present: tuple[str, ...]
    min_other_agencies: int
    missing: tuple[str, ...]
    override_reason: str

    @property
    def quorate(self) -> bool:
        return not self.missing

    @property
    def applies(self) -> bool:
        return self.mode != Mode.OFF

    @property
    def may_proceed(self) -> bool:
        """Opinions and decisions may be taken: quorate, or going ahead with a recorded reason."""
        return self.quorate or not self.applies or bool(self.override_reason)


def _is_present(invitation: Invitation) -> bool:
    return invitation.attendance == Attendance.PRESENT


def quorum_state(conference: Conference, rule_set: RuleSet, invitations: list[Invitation]) -> QuorumState:
    """QUORUM: the chair, the social worker and professionals from at least N other agencies
    (N is the rule set's `min_other_agencies`). A briefed colleague attending in a practitioner's
    place (REPORT-PROXY) counts for that agency."""
    values = rule_set.values(RuleId.QUORUM)
    needed = int(values.get("min_other_agencies", 2))
    chair_present = conference.started_at is not None
    social_worker_present = any(
        _is_present(i) for i in invitations if i.membership_id == conference.social_worker_id
    )
    agencies: dict[int, str] = {}
    for invitation in invitations:
        if (
            invitation.kind == InviteeKind.PROFESSIONAL
            and _is_present(invitation)
            and invitation.membership_id != conference.social_worker_id
            and invitation.agency_id is not None
            and invitation.agency.type != AgencyType.CHILDRENS_SOCIAL_CARE
        ):
            agencies[invitation.agency_id] = invitation.agency.name
    missing = []
    if values.get("requires_chair", True) and not chair_present:
        missing.append("the chair (start the conference)")
    if values.get("requires_social_worker", True) and not social_worker_present:
        missing.append("the social worker")
    if len(agencies) < needed:
        short = needed - len(agencies)
        missing.append(
            f"professionals from {short} more agenc{'y' if short == 1 else 'ies'} (needs {needed})"
        )
    return QuorumState(
        mode=rule_set.mode(RuleId.QUORUM),
        override_on=rule_set.is_on(RuleId.QUORUM_OVERRIDE),
        chair_present=chair_present,
        social_worker_present=social_worker_present,
        agencies_present=tuple(sorted(agencies.values())),
        min_other_agencies=needed,
        missing=tuple(missing),
        override_reason=conference.quorum_override_reason,
    )


# --- opinions and the tally ----------------------------------------------------------------------


@dataclass
class ChildTally:
    child: Child
    opinions: list[Opinion]
    yes: int = 0
    no: int = 0
    abstained: int = 0
    scores: list[int] = field(default_factory=list)
    all_zero_fires: bool = False
    majority_above_fires: bool = False

    @property
    def given(self) -> int:
        return self.yes + self.no

    @property
    def split(self) -> bool:
        return self.yes > 0 and self.no > 0

    @property
    def majority(self) -> bool | None:
        """True: most said a plan is needed; False: most said not; None: a tie or no opinions."""
        if self.yes == self.no:
            return None
        return self.yes > self.no

    @property
    def categories(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for opinion in self.opinions:
            if opinion.plan_needed and opinion.category:
                counts[opinion.category] = counts.get(opinion.category, 0) + 1
        return counts

    @property
    def mean_score(self) -> float | None:
        return round(sum(self.scores) / len(self.scores), 1) if self.scores else None

    def matches(self, outcome: str) -> bool:
        """DECISION: every opinion given (abstentions aside) agrees with the outcome."""
        wants_plan = outcome in PLAN_OUTCOMES
        return all(o.plan_needed == wants_plan for o in self.opinions if o.plan_needed is not None)


def _towards_safety(score: int, scaling: dict) -> int:
    """Scores compared as 'higher is safer', whichever end the rule set calls safe."""
    if scaling.get("safe_end", "max") == "min":
        return int(scaling.get("min", 0)) + int(scaling.get("max", 10)) - score
    return score


def tally_child(child: Child, opinions: list[Opinion], rule_set: RuleSet) -> ChildTally:
    """OPINION tally for one child. Scoring triggers count only those who scored: abstentions and
    professionals who gave no score are left out, and "more than half" is strictly more (a tie is
    not a majority)."""
    tally = ChildTally(child=child, opinions=opinions)
    for opinion in opinions:
        if opinion.plan_needed is None:
            tally.abstained += 1
            continue
        if opinion.plan_needed:
            tally.yes += 1
        else:
            tally.no += 1
        if opinion.score is not None:
            tally.scores.append(opinion.score)
    if rule_set.is_on(RuleId.SCALING) and tally.scores:
        scaling = rule_set.values(RuleId.SCALING)
        safety = [_towards_safety(s, scaling) for s in tally.scores]
        scoring = len(safety)
        if rule_set.is_on(RuleId.SCORE_ALL_ZERO):
            values = rule_set.values(RuleId.SCORE_ALL_ZERO)
            at = int(values.get("score", 0))
            tally.all_zero_fires = sum(1 for s in safety if s == at) > scoring * float(
                values.get("more_than_fraction", 0.5)
            )
        if rule_set.is_on(RuleId.SCORE_MAJ_ABOVE_5):
            values = rule_set.values(RuleId.SCORE_MAJ_ABOVE_5)
            above = int(values.get("above", 5))
            tally.majority_above_fires = sum(1 for s in safety if s > above) > scoring * float(
                values.get("more_than_fraction", 0.5)
            )
    return tally


# --- the whole room ----------------------------------------------------------------------------


@dataclass
class LiveConference(OnDemandReads):
    conference: Conference
    rule_set: RuleSet
    children: list[Child]
    invitations: list[Invitation]
    agenda: list[dict]
    notes: dict[str, AgendaNote]
    opinions_by_child: dict[int, list[Opinion]]
    decisions: dict[int, Decision]
    parent_views: list[ParentView]
    # A review's briefing from the core group (conferences.hooks.core_group_before_review).
    before_review: object | None = None
    quorum: QuorumState = field(init=False)
    tallies: dict[int, ChildTally] = field(init=False)

    def __post_init__(self) -> None:
        self.quorum = quorum_state(self.conference, self.rule_set, self.invitations)
        self.tallies = {
            child.pk: tally_child(child, self.opinions_by_child.get(child.pk, []), self.rule_set)
            for child in self.children
        }

    @property
    def present_professionals(self) -> list[Invitation]:
        return [i for i in self.invitations if i.kind == InviteeKind.PROFESSIONAL and _is_present(i)]

    @property
    def professionals(self) -> list[Invitation]:
        return [i for i in self.invitations if i.kind == InviteeKind.PROFESSIONAL]

    @property
    def any_plan(self) -> bool:
        return any(d.outcome in PLAN_OUTCOMES for d in self.decisions.values())

    def long_plan_rows(self) -> list:
        """LONG-PLAN's flagged children (conferences.long_plan), read once for this state: the
        checklist and the page both show them."""
        if "_long_plan_rows" not in self.__dict__:
            self.__dict__["_long_plan_rows"] = long_plan_rows(
                self.conference,
                self.rule_set,
                self.children,
                plans=self.children_plans if self.conference.is_review else None,
            )
        return self.__dict__["_long_plan_rows"]

    def items_of(self, kind: str) -> list[OutlinePlanItem]:
        return [item for item in self.plan_items if item.kind == kind]

    @property
    def dangers(self) -> list[OutlinePlanItem]:
        return self.items_of(OutlineItemKind.DANGER)

    def admitted_observer_names(self) -> set[str]:
        return {r.observer_name.strip().lower() for r in self.observer_requests if r.admitted}


# The live page's reads, by authority id and conference id: it is open all through every conference,
# so their SQL is compiled once per process (authorities.compiled_reads).
live_conference = CompiledRead(
    lambda authority, pk: (
        Conference.objects.for_authority(authority)
        .select_related("family", "chair__user", "venue", "family_needs")
        .filter(pk=pk)
    )
)


def _rows_of_conference(model, *, joined: tuple[str, ...] = (), order: tuple[str, ...] = ()) -> CompiledRead:
    """A compiled read of a conference's rows of `model` by authority id and conference id, with
    `joined` read alongside, in `order` (the model's own ordering where none is given)."""

    def build(authority: int, conference: int):
        rows = model.objects.for_authority(authority).filter(conference_id=conference)
        rows = rows.select_related(*joined) if joined else rows
        return rows.order_by(*order) if order else rows

    return CompiledRead(build)


# The agency is shown beside each invitee and counted for the quorum; the rest is read by id.
_invitations = _rows_of_conference(Invitation, joined=("agency",), order=("kind", "name", "pk"))
_agenda_notes = _rows_of_conference(AgendaNote, joined=("updated_by__user",))
_opinions = _rows_of_conference(Opinion, order=("pk",))
_decision_rows = _rows_of_conference(Decision, joined=("step_down__oversight_by__user",))
_parent_views = _rows_of_conference(ParentView, order=("pk",))
_children = CompiledRead(
    lambda authority, conference: (
        Child.objects.for_authority(authority)
        .filter(conferences=conference)
        .order_by("date_of_birth", "expected_date", "first_name", "pk")
    )
)
_dissent_rows = CompiledRead(
    lambda authority, decisions: (
        Dissent.objects.for_authority(authority).filter(decision_id__in=decisions).order_by("pk")
    )
)


def _of(conference: Conference, rows: list) -> list:
    """Rows read by the conference's id, each given the conference already in hand (as reading
    them through `conference.<rows>` would)."""
    for row in rows:
        row.conference = conference
    return rows


def load_live(conference: Conference, *, rule_set: RuleSet | None = None) -> LiveConference:
    """Everything the live page shows for one conference, in a fixed number of queries however
    many children and invitees there are (what only some steps need is read on demand)."""
    authority = conference.authority_id
    rule_set = rule_set or conference.rule_set_in_force()
    invitations = _of(conference, _invitations(authority, conference.pk))
    by_pk = {i.pk: i for i in invitations}
    state = LiveConference(
        conference=conference,
        rule_set=rule_set,
        children=_children(authority, conference.pk),
        invitations=invitations,
        agenda=agenda_sections(conference, rule_set),
        notes={n.section_key: n for n in _of(conference, _agenda_notes(authority, conference.pk))},
        opinions_by_child=_opinions_by_child(conference, by_pk),
        decisions=_decisions(conference, by_pk),
        parent_views=_of(conference, _parent_views(authority, conference.pk)),
    )
    if conference.is_review:
        state.before_review = hooks.core_group_before_review(conference, plans=state.children_plans)
    return state


def _opinions_by_child(
    conference: Conference, invitations: dict[int, Invitation]
) -> dict[int, list[Opinion]]:
    """Each child's opinions, in the order given, each with its invitation already read."""
    opinions_by_child: dict[int, list[Opinion]] = {}
    for opinion in _of(conference, _opinions(conference.authority_id, conference.pk)):
        opinion.invitation = invitations.get(opinion.invitation_id) or opinion.invitation
        opinions_by_child.setdefault(opinion.child_id, []).append(opinion)
    return opinions_by_child


def _decisions(conference: Conference, invitations: dict[int, Invitation]) -> dict[int, Decision]:
    """Each child's decision with its dissents (`decision.dissents.all()` asks nothing more), each
    dissent with its invitation already read. The dissents are read only where there are decisions,
    as `prefetch_related` would."""
    authority = conference.authority_id
    decisions = {d.child_id: d for d in _of(conference, _decision_rows(authority, conference.pk))}
    dissents: dict[int, list[Dissent]] = {decision.pk: [] for decision in decisions.values()}
    for dissent in _dissent_rows(authority, list(dissents)):
        dissent.invitation = invitations.get(dissent.invitation_id) or dissent.invitation
        dissents[dissent.decision_id].append(dissent)
    for decision in decisions.values():
        for dissent in dissents[decision.pk]:
            dissent.decision = decision
        _as_prefetched(decision, "dissents", dissents[decision.pk])
    return decisions


def _as_prefetched(instance, related_name: str, rows: list) -> None:
    """`rows` kept as `prefetch_related` keeps what it read: `instance.<related_name>.all()` answers
    them without a query."""
    rows_queryset = getattr(instance, related_name).get_queryset()
    rows_queryset._result_cache = rows
    rows_queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[related_name] = rows_queryset
