"""Every rule in RULES.md, in the document's order: id, kind, scope, sources and a plain summary.

This is the catalogue only (what each rule is). Each authority's mode, numbers and sources for a rule
live in its rule set (`authorities.models.RuleSetting`); the shipped values are in
`authorities/migrations/_shipped_rule_sets.py`.

Scope: a rule is national when Working Together (WT) makes it so, or RULES.md says it applies
everywhere; otherwise it is local (only some seeds say it), whatever mode an authority gives it.
"""

from dataclasses import dataclass
from enum import StrEnum


class RuleKind(StrEnum):
    DEADLINE = "deadline"  # a timescale: never blocks work; late needs a reason (required) or is flagged
    TRIGGER = "trigger"  # prompts the chair when it fires
    SWITCH = "switch"  # simply on or off
    CONTEXT = "context"  # shown for context, not enforced
    CHECK = "check"  # refuses (required) or asks for a reason (advised)


class Scope(StrEnum):
    NATIONAL = "national"
    LOCAL = "local"


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    kind: RuleKind
    scope: Scope
    sources: tuple[str, ...]
    section: str
    summary: str


TIMESCALES = "Statutory timescales"
CORE_GROUPS = "Core groups"
RUNNING = "Running a conference"
REPORTS = "Agency reports"
AFTER = "After the conference: plans, step-down, escalation"

_D, _T, _S, _X, _C = RuleKind.DEADLINE, RuleKind.TRIGGER, RuleKind.SWITCH, RuleKind.CONTEXT, RuleKind.CHECK
_N, _L = Scope.NATIONAL, Scope.LOCAL

RULES: tuple[Rule, ...] = (
    # Statutory timescales
    Rule(
        "ICPC-15WD",
        "Initial conference within 15 working days",
        _D,
        _N,
        ("BA", "WT"),
        TIMESCALES,
        "The initial child protection conference is held within 15 working days of the strategy "
        "discussion that started the section 47 enquiries.",
    ),
    Rule(
        "CG1-10WD",
        "First core group within 10 working days",
        _D,
        _N,
        ("WS", "WT"),
        TIMESCALES,
        "The first core group meets within 10 working days of the initial conference.",
    ),
    Rule(
        "RCPC1-3M",
        "First review within 3 months",
        _D,
        _N,
        ("WS", "BA", "WT"),
        TIMESCALES,
        "The first review conference is held within 3 months of the initial conference.",
    ),
    Rule(
        "RCPCN-6M",
        "Later reviews within 6 months",
        _D,
        _N,
        ("WS", "BA", "WT"),
        TIMESCALES,
        "Each later review is held within 6 months of the previous review, for as long as the plan lasts.",
    ),
    Rule(
        "REPORT-2WD",
        "Agency reports 2 working days before the conference",
        _D,
        _L,
        ("ST", "BA"),
        TIMESCALES,
        "Each invited agency's written report reaches the chair, and is shared with the family, at least "
        "2 working days before the conference. A late report is still accepted on the day and shown as "
        "late; anything new is given as an addendum on the day.",
    ),
    Rule(
        "SW-REPORT",
        "Social worker's report 2 working days before the conference",
        _D,
        _L,
        ("BA", "BI"),
        TIMESCALES,
        "The social worker's conference report (and, for an initial conference, the draft plan prepared "
        "with the family) is completed and shared with professionals and the family at least 2 working "
        "days before the conference.",
    ),
    Rule(
        "REFERRAL-24H",
        "Response to a child protection referral within 24 hours",
        _X,
        _L,
        ("WS",),
        TIMESCALES,
        "A referral at the child protection level gets a response within 24 hours. Shown for context "
        "only: referrals are handled before a case reaches this product, so it is not enforced.",
    ),
    # Core groups
    Rule(
        "CG-MIN2",
        "At least two core groups between conferences",
        _D,
        _L,
        ("WS",),
        CORE_GROUPS,
        "At least two core group meetings are held between conferences. It is flagged when the next "
        "review is 10 working days away and fewer than two have been held since the last conference.",
    ),
    Rule(
        "CG-6WK",
        "Second core group within 6 weeks of the first",
        _D,
        _L,
        ("WS",),
        CORE_GROUPS,
        "Good practice: the second core group meets within 6 weeks of the first.",
    ),
    Rule(
        "CG-2M",
        "Core groups every 2 months after the first review",
        _D,
        _L,
        ("WS",),
        CORE_GROUPS,
        "Good practice: after the first review conference, core groups meet at least every 2 months.",
    ),
    Rule(
        "CG-PRE-REVIEW",
        "Core group discusses the recommendation before each review",
        _C,
        _L,
        ("BI",),
        CORE_GROUPS,
        "A core group held before each review discusses the recommendation to be put to it (continue the "
        "plan or end it) and the reasons for it.",
    ),
    Rule(
        "CG-MINUTES",
        "What core group minutes hold",
        _C,
        _L,
        ("HP",),
        CORE_GROUPS,
        "Core group minutes record the meeting's details, who came, progress on each plan item (agreed or "
        "disputed, with reasons), changes to the plan, the child's voice, and action points with owner and "
        "timescale checked before the meeting ends, and the next meeting. Members who cannot attend send "
        "the chair a report in advance; family members are members too.",
    ),
    Rule(
        "CG-CHAIR-NOT-MINUTER",
        "Core group chair does not also take the minutes",
        _C,
        _L,
        ("HP",),
        CORE_GROUPS,
        "The person chairing a core group should not also be expected to take its minutes.",
    ),
    Rule(
        "CG-CONVENOR",
        "Social worker convenes core groups",
        _C,
        _L,
        ("BI",),
        CORE_GROUPS,
        "The social worker takes the lead in convening core groups.",
    ),
    Rule(
        "CG-SEE-CHILD",
        "Plan sets how often members see the child",
        _C,
        _L,
        ("BI",),
        CORE_GROUPS,
        "The plan sets how often each core group member sees the child, and how often all contacts happen.",
    ),
    Rule(
        "CG-ATTENDANCE",
        "Poor core group attendance is resolved or escalated",
        _C,
        _L,
        ("BI",),
        CORE_GROUPS,
        "Where poor attendance harms the plan, the social worker tells their team manager, who resolves it "
        "with the agency or escalates it in writing.",
    ),
    # Running a conference
    Rule(
        "QUORUM",
        "Conference is quorate",
        _C,
        _L,
        ("WS", "BA"),
        RUNNING,
        "A conference is quorate with the chair, the social worker and professionals from at least 2 "
        "other agencies.",
    ),
    Rule(
        "QUORUM-OVERRIDE",
        "Chair may go ahead inquorate",
        _S,
        _L,
        ("WS",),
        RUNNING,
        "The chair may go ahead without a quorum, recording why: the child's age, enough information to "
        "decide, or risk to the child from delay. Where this is off, an inquorate conference is adjourned.",
    ),
    Rule(
        "ALL-CHILDREN",
        "Opinions and decision for every child",
        _C,
        _N,
        ("ST",),
        RUNNING,
        "Every child in the family who is the subject of the conference gets their own opinions and "
        "decision: a plan is per child.",
    ),
    Rule(
        "SCALING",
        "Scaling score 0 to 10",
        _S,
        _L,
        ("BA", "BI"),
        RUNNING,
        "Professionals give a scaling score from 0 to 10 for each child.",
    ),
    Rule(
        "OPINION",
        "Each professional's opinion per child",
        _C,
        _L,
        ("ST", "BA", "BI"),
        RUNNING,
        "Each professional present gives, for each child, whether a plan is needed and, if so, the reasons "
        "and a category of harm; where scaling is on, also a score from 0 (not safe) to 10 (enough safety "
        "to close).",
    ),
    Rule(
        "CATEGORY",
        "Category of harm",
        _C,
        _L,
        ("BA",),
        RUNNING,
        "Every child on a plan has one primary category of harm: neglect, physical, emotional or sexual. "
        "If the professionals disagree, the chair decides it.",
    ),
    Rule(
        "DECISION",
        "Chair makes the decision, with a rationale",
        _C,
        _L,
        ("WS", "BA"),
        RUNNING,
        "The chair makes the decision, aiming for consensus. A written rationale is needed unless every "
        "opinion given (abstentions aside) matches the decision.",
    ),
    Rule(
        "DISSENT",
        "Dissent may be recorded",
        _C,
        _N,
        ("WS",),
        RUNNING,
        "A professional who disagrees with the confirmed decision may have their dissent formally recorded.",
    ),
    Rule(
        "SCORE-ALL-ZERO",
        "Most or all score 0: escalate",
        _T,
        _L,
        ("BI",),
        RUNNING,
        "If more than half of those scoring, or all of them, score 0, the chair escalates to the social "
        "work management team for oversight of next steps.",
    ),
    Rule(
        "SCORE-MAJ-ABOVE-5",
        "Most score above 5: consider a child in need plan",
        _T,
        _L,
        ("BI",),
        RUNNING,
        "If more than half of those scoring score above 5, the chair leads a discussion of whether a child "
        "in need plan would be enough.",
    ),
    Rule(
        "OUTCOME",
        "Outcome and what a plan holds",
        _C,
        _L,
        ("WS", "BA", "BI", "HP"),
        RUNNING,
        "The outcome is a child protection plan, a child in need plan or no plan. A plan has a danger "
        "statement, safety goals, a contingency plan, bottom lines, and actions with owner and date; each "
        "act of protection answers a named danger; outcome indicators show what will tell us the child is "
        "safe.",
    ),
    Rule(
        "PLAN-KINDS",
        "Resource plans and safety plans",
        _C,
        _L,
        ("WS",),
        RUNNING,
        "A resource plan is agreed at conference, led by safety goals and reviewed every 3 to 6 months; a "
        "safety plan is agreed by keyworker and family, led by danger statements and reviewed every week "
        "or two.",
    ),
    Rule(
        "NEXT-DATES",
        "Next review, first core group and members set",
        _C,
        _L,
        ("BA", "ST"),
        RUNNING,
        "Before closing, the conference sets the date of the next review and of the first core group, and "
        "names the core group members.",
    ),
    Rule(
        "PROF-SLOT",
        "Professional slot requested before the conference",
        _C,
        _L,
        ("WS",),
        RUNNING,
        "An agency asks the chair for a professional slot (information not shared with the family) before "
        "the conference, and the chair decides. Slot content never appears in anything the family sees.",
    ),
    Rule(
        "OBSERVER",
        "Observers agreed before the day",
        _C,
        _L,
        ("WS",),
        RUNNING,
        "An observer must be requested from the chair before the day, so the chair can ask the family; an "
        "observer who was not agreed is refused entry.",
    ),
    Rule(
        "PRE-MEET",
        "Chair meets the parents beforehand",
        _C,
        _L,
        ("WS", "BI"),
        RUNNING,
        "The chair meets the parents before the conference.",
    ),
    Rule(
        "CHAIR-INDEPENDENT",
        "Chair independent of case management",
        _C,
        _L,
        ("BA", "WS"),
        RUNNING,
        "The chair is independent of the case's management: neither its social worker nor their team "
        "manager.",
    ),
    Rule(
        "CHILD-PARTICIPATION",
        "Child's participation and voice",
        _C,
        _L,
        ("ST", "HP", "BA", "BI"),
        RUNNING,
        "The child is invited where appropriate; their wishes, the decision and how their views reach the "
        "conference are recorded, and a named person tells the child the outcome and shares the safety plan.",
    ),
    Rule(
        "PARENT-VIEWS",
        "Parents' views and corrections to reports",
        _C,
        _L,
        ("WS", "HP"),
        RUNNING,
        "Parents are asked whether each report is factually correct and may give their views, in writing "
        "or another format, before or at the conference; corrections are recorded against the report.",
    ),
    Rule(
        "FAMILY-INVITE",
        "Family invited by letter or in person",
        _C,
        _L,
        ("product",),
        RUNNING,
        "Family members have no accounts: they are invited by letter or in person, and how and when each "
        "was invited is recorded.",
    ),
    Rule(
        "MIDWAY-REVIEW",
        "Chair may call a midway review",
        _S,
        _L,
        ("BA",),
        RUNNING,
        "The chair may call a midway review of a plan that is not progressing; it is scheduled like a "
        "review and does not reset the review cycle.",
    ),
    Rule(
        "SEPARATE",
        "Separate attendance arrangements",
        _C,
        _L,
        ("BI", "WS"),
        RUNNING,
        "Where court orders, bail conditions or domestic abuse mean parents cannot attend together, the "
        "conference records separate attendance arrangements.",
    ),
    Rule(
        "FAMILY-NEEDS",
        "Family's needs recorded before the conference",
        _C,
        _L,
        ("BI",),
        RUNNING,
        "Before the conference the family's needs (advocacy, interpreter, transport, childcare, access) "
        "are recorded, and the social worker meets the family early and gives them written information "
        "on how conferences work.",
    ),
    Rule(
        "NON-ATTEND-LETTER",
        "Letter to professionals who neither came nor reported",
        _C,
        _L,
        ("BI",),
        RUNNING,
        "The chair writes to each invited professional who neither attended nor sent a report, asking why; "
        "patterns by agency are raised through the authority's management structure.",
    ),
    Rule(
        "ARRIVE-30",
        "Arrive 30 minutes early to read reports",
        _C,
        _L,
        ("ST",),
        RUNNING,
        "Professionals arrive 30 minutes before the start to read reports; invitations say so.",
    ),
    # Agency reports
    Rule(
        "REPORT-FIELDS",
        "Minimum contents of an agency report",
        _C,
        _L,
        ("ST", "BA"),
        REPORTS,
        "A report holds at least the organisation and author, the children and parents, the agency's "
        "involvement, concerns, what keeps the children safe, the children's views, parenting capacity, an "
        'analysis and the author\'s recommendation. Any field may be answered "not known"; the author '
        "confirms the report as theirs.",
    ),
    Rule(
        "REPORT-REVIEW",
        "What a review report adds",
        _C,
        _L,
        ("ST", "HP"),
        REPORTS,
        "A report for a review gives what has changed: involvement since the last conference, outcomes of "
        "that work, new concerns and progress against the plan. A core group may send one combined report.",
    ),
    Rule(
        "REPORT-FOAO",
        "Fact, observation, allegation or opinion",
        _C,
        _L,
        ("ST",),
        REPORTS,
        "Each statement in a report is marked as fact, observation, allegation or opinion.",
    ),
    Rule(
        "REPORT-SHARED",
        "Report shared with the family beforehand",
        _C,
        _L,
        ("WS", "ST", "HP"),
        REPORTS,
        "The report is shared with the family before the conference (no surprises) and the date recorded. "
        "Exemptions are rule-set data (West Sussex exempts police reports); any other needs a recorded "
        "reason.",
    ),
    Rule(
        "REPORT-PROXY",
        "Report and a briefed colleague when the author cannot attend",
        _C,
        _L,
        ("ST", "HP"),
        REPORTS,
        "A practitioner who cannot attend still sends the report on time, tells the chair, and sends a "
        "briefed colleague.",
    ),
    Rule(
        "REPORT-OWN-FORM",
        "Report on the agency's own form",
        _S,
        _L,
        ("ST",),
        REPORTS,
        "An agency may upload a report on its own form instead of using the structured form, as long as "
        "the minimum contents are there.",
    ),
    # After the conference
    Rule(
        "STEPDOWN-CIN-3M",
        "Child in need plan for 3 months after a CP plan ends",
        _D,
        _L,
        ("BI",),
        AFTER,
        "A child whose child protection plan ends has a child in need plan for at least 3 months, unless "
        "they became looked after or moved to another authority; otherwise the reason and a head of "
        "service's oversight are recorded.",
    ),
    Rule(
        "DELIST-CONVERSATION",
        "Talk to the chair before recommending an end or after plan changes",
        _C,
        _L,
        ("BI",),
        AFTER,
        "If the social worker will recommend ending a plan at the first review, or the plan has changed "
        "since the last conference, the social worker or team manager talks with the chair before the "
        "review.",
    ),
    Rule(
        "PLAN-CHANGES",
        "Plan changes recorded and carried to the review",
        _C,
        _L,
        ("BI",),
        AFTER,
        "Changes to the plan between conferences are recorded in core group minutes, reach the chair before "
        "the review, and are carried into the review conference's minutes.",
    ),
    Rule(
        "ESCALATION",
        "Escalation when a plan is not progressing",
        _C,
        _L,
        ("BA",),
        AFTER,
        "A plan that is not progressing is escalated level by level (internal, then external) when there is "
        "no satisfactory resolution; people raise escalations by hand and missed deadlines raise them too. "
        "The ladder and the time at each level are rule-set data.",
    ),
    Rule(
        "LONG-PLAN",
        "Long and repeat plans flagged",
        _C,
        _N,
        ("WT",),
        AFTER,
        "Plans open 18 months and 2 years, and children starting a second or later plan, are flagged to "
        "managers (national performance measures).",
    ),
)

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}

RETURNS = "Statutory returns: what makes the CIN census and the Annex A lists valid"

# Data rules: what the Department for Education's CIN census validation refuses, enforced when the
# data is entered so that the return is valid by construction. They are the same everywhere and
# not an authority's to switch off, so they are not in the rule sets (no mode, no values): a breach
# is always refused, and the message names the rule id like any other.
DATA_RULES: tuple[Rule, ...] = (
    Rule(
        "CENSUS-PLAN-DATES",
        "A plan ends after it starts",
        _C,
        _N,
        ("DfE",),
        RETURNS,
        "A child protection plan cannot end before it starts, nor on the day it starts.",
    ),
    Rule(
        "CENSUS-REVIEW-DATE",
        "A review comes after the plan starts",
        _C,
        _N,
        ("DfE",),
        RETURNS,
        "A review conference cannot be on or before the day the child's plan started.",
    ),
    Rule(
        "CENSUS-ICPC-DATE",
        "The initial conference comes after the section 47 start",
        _C,
        _N,
        ("DfE",),
        RETURNS,
        "An initial conference cannot be before the strategy discussion that started the section 47 "
        "enquiries.",
    ),
    Rule(
        "CENSUS-ONE-PLAN",
        "One open plan per child",
        _C,
        _N,
        ("DfE",),
        RETURNS,
        "A child has at most one child protection plan open at a time.",
    ),
    Rule(
        "CENSUS-CATEGORY",
        "Categories from the census code list",
        _C,
        _N,
        ("DfE",),
        RETURNS,
        "A plan's category of harm is one the census codes: neglect (NEG), physical (PHY), sexual (SAB) "
        "or emotional (EMO).",
    ),
    Rule(
        "CENSUS-CHILD-ID",
        "A child's identifiers are unique and well formed",
        _C,
        _N,
        ("DfE",),
        RETURNS,
        "The LA child ID (up to 20 letters and digits) and the UPN (13 characters with a valid check "
        "letter) each belong to one child in the authority; a child without a UPN has the reason.",
    ),
)

DATA_RULES_BY_ID: dict[str, Rule] = {r.id: r for r in DATA_RULES}
