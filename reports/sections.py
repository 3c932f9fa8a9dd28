"""What a structured report holds, and whether it is complete.

The sections are the minimum contents of REPORT-FIELDS (RULES.md), the additions for a review
(REPORT-REVIEW), and the headings of the authority's framework (`rule_set.report_headings`). The
catalogue of REPORT-FIELDS is the rule itself (the same in every authority); whether it refuses,
advises or is off, and the framework's headings, come from the rule set.

Content is JSON keyed by section key:
  identity lines:   "organisation": "…"  (one key per line of the organisation block)
  text sections:    "health_development": {"text": "…", "not_known": false}
  involvement:      {"text": "…", "not_known": false, "no_direct_contact": false}
  statements:       "concerns": {"statements": [{"text": "…", "marker": "fact"}], "not_known": false}
  children:         [{"child_id": 1, "first_name": …, "last_name": …, "date_of_birth": …,
                      "ethnicity": …, "disability": …}]
  parents_carers:   [{"person_id": 1, "name": …, "other_names": …, "date_of_birth": …,
                      "relationship": …, "address": …, "parental_responsibility": "yes|no|not_known"}]
  recommendation:   {"plan_needed": "yes|no|not_known", "scaling": 0-10|None, "category": "",
                     "agency_contribution": "…", "not_known": false}
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from authorities.models import Mode, RuleSet
from authorities.rules.ids import RuleId
from conferences.models import ConferenceKind

FIELDS, REVIEW, FOAO = RuleId.REPORT_FIELDS, RuleId.REPORT_REVIEW, RuleId.REPORT_FOAO

MARKERS = (
    ("fact", "Fact"),
    ("observation", "Observation"),
    ("allegation", "Allegation"),
    ("opinion", "Opinion"),
)
MARKER_LABELS = dict(MARKERS)
NOT_KNOWN = "not_known"
YES_NO_NOT_KNOWN = (("yes", "Yes"), ("no", "No"), (NOT_KNOWN, "Not known"))

TEXT, LINE, STATEMENTS, CHILDREN, ADULTS, RECOMMENDATION = (
    "text",
    "line",
    "statements",
    "children",
    "adults",
    "recommendation",
)


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    kind: str = TEXT
    rule_id: str = FIELDS
    group: str = "About the family"
    hint: str = ""
    not_known_allowed: bool = True
    # A review report asks only for what has changed (REPORT-REVIEW): these stay optional there.
    optional_on_review: bool = False


IDENTITY_GROUP = "Organisation and practitioner"
FAMILY_GROUP = "The children and adults"
NARRATIVE_GROUP = "What you know"
REVIEW_GROUP = "Since the last conference (review)"
RECOMMENDATION_GROUP = "Your recommendation"

REPORT_FIELDS_SECTIONS: tuple[Section, ...] = (
    Section("organisation", "Organisation", LINE, group=IDENTITY_GROUP, not_known_allowed=False),
    Section("practitioner_name", "Practitioner name", LINE, group=IDENTITY_GROUP, not_known_allowed=False),
    Section("designation", "Designation (job title)", LINE, group=IDENTITY_GROUP),
    Section("business_address", "Business address", LINE, group=IDENTITY_GROUP),
    Section("contact_details", "Contact details (telephone, e-mail)", LINE, group=IDENTITY_GROUP),
    Section(
        "children",
        "Children",
        CHILDREN,
        group=FAMILY_GROUP,
        hint="Filled in from the case. Correct anything your agency knows better; leave a box empty "
        "where it is not known.",
    ),
    Section(
        "parents_carers",
        "Parents and carers",
        ADULTS,
        group=FAMILY_GROUP,
        hint="Filled in from the case. Correct anything your agency knows better; leave a box empty "
        "where it is not known.",
    ),
    Section(
        "involvement",
        "Your organisation's involvement with the children and family",
        hint='If you have had no direct contact, say so: "no direct contact" is a valid answer.',
        group=NARRATIVE_GROUP,
    ),
    Section(
        "health_development",
        "The children's health and development",
        group=NARRATIVE_GROUP,
        optional_on_review=True,
    ),
    Section(
        "family_functioning",
        "Impact of current and past family functioning",
        group=NARRATIVE_GROUP,
        optional_on_review=True,
    ),
    Section(
        "welfare", "What promotes the children's welfare", group=NARRATIVE_GROUP, optional_on_review=True
    ),
    Section(
        "other_information", "Other relevant information", group=NARRATIVE_GROUP, optional_on_review=True
    ),
    Section(
        "other_adults",
        "Other adults known to you who may be involved with this family",
        group=NARRATIVE_GROUP,
        optional_on_review=True,
    ),
    Section(
        "concerns",
        "Factors of concern (current and historical), including risks and unmet needs",
        STATEMENTS,
        group=NARRATIVE_GROUP,
        optional_on_review=True,
    ),
    Section(
        "safety_factors",
        "Factors that help keep the children safe",
        group=NARRATIVE_GROUP,
        optional_on_review=True,
    ),
    Section(
        "child_views",
        "The children's views, wishes and feelings",
        group=NARRATIVE_GROUP,
        optional_on_review=True,
    ),
    Section(
        "parenting_capacity",
        "The parents' capacity to safeguard the children and promote their welfare",
        group=NARRATIVE_GROUP,
        optional_on_review=True,
    ),
    Section(
        "analysis",
        "Analysis of implications for the children's future safety, health and development",
        STATEMENTS,
        group=NARRATIVE_GROUP,
        optional_on_review=True,
    ),
    Section(
        "recommendation",
        "Your recommendation and what your agency can do in the plan",
        RECOMMENDATION,
        group=RECOMMENDATION_GROUP,
    ),
)

REPORT_REVIEW_SECTIONS: tuple[Section, ...] = (
    Section(
        "involvement_since", "Your involvement since the last conference", rule_id=REVIEW, group=REVIEW_GROUP
    ),
    Section("outcomes_of_work", "Outcomes of that work", rule_id=REVIEW, group=REVIEW_GROUP),
    Section("new_concerns", "New issues or concerns", rule_id=REVIEW, group=REVIEW_GROUP),
    Section("progress_against_plan", "Progress against the plan", rule_id=REVIEW, group=REVIEW_GROUP),
)

# Framework headings that stand for the REPORT-REVIEW additions (Staffordshire's form has one such
# heading): on a review they are those four fields; on an initial conference they do not apply.
REVIEW_HEADING_KEYS = frozenset({"since_last_conference"})

# Keys whose statements are marked fact / observation / allegation / opinion where REPORT-FOAO applies.
STATEMENT_KEYS = frozenset(s.key for s in REPORT_FIELDS_SECTIONS if s.kind == STATEMENTS)


def is_review(conference_kind: str) -> bool:
    return conference_kind in (ConferenceKind.REVIEW, ConferenceKind.MIDWAY)


def _mode(rule_set: RuleSet, rule_id: str) -> str:
    try:
        return rule_set.mode(rule_id)
    except KeyError:
        return Mode.OFF


def foao_applies(rule_set: RuleSet) -> bool:
    return _mode(rule_set, FOAO) != Mode.OFF


def sections_for(rule_set: RuleSet, conference_kind: str) -> list[Section]:
    """The form's sections in order, with the framework's wording where it names the same thing."""
    review = is_review(conference_kind)
    framework_group = f"{rule_set.framework_name or 'Framework'} headings"
    by_key = {s.key: s for s in REPORT_FIELDS_SECTIONS}
    extra: list[Section] = []
    for heading in rule_set.report_headings or []:
        key, label = heading.get("key", ""), heading.get("heading", "")
        if not key or not label:
            continue
        if key in REVIEW_HEADING_KEYS or heading.get("review_only"):
            if review and key not in REVIEW_HEADING_KEYS:
                extra.append(Section(key, label, group=framework_group))
            continue
        if key in by_key:
            # Same section; the authority's own heading is what its practitioners recognise.
            if by_key[key].kind in (TEXT, STATEMENTS, RECOMMENDATION):
                by_key[key] = replace(by_key[key], label=label)
            continue
        if key == "conference_date":
            continue  # filled in from the conference itself
        extra.append(Section(key, label, group=framework_group))
    sections = [by_key[s.key] for s in REPORT_FIELDS_SECTIONS]
    if review and _mode(rule_set, REVIEW) != Mode.OFF:
        sections += list(REPORT_REVIEW_SECTIONS)
    return sections + extra


@dataclass(frozen=True)
class Missing:
    field: str  # the form field to point at
    label: str
    rule_id: str


def _text_answered(value) -> bool:
    if isinstance(value, dict):
        if value.get("not_known") or value.get("no_direct_contact"):
            return True
        if str(value.get("text", "")).strip():
            return True
        return any(str(s.get("text", "")).strip() for s in value.get("statements", []) or [])
    return bool(str(value or "").strip())


def missing_sections(sections: list[Section], content: dict, conference_kind: str) -> list[Missing]:
    """Every section (or line of one) that is neither answered nor marked "not known"."""
    review = is_review(conference_kind)
    missing: list[Missing] = []
    for section in sections:
        if review and section.optional_on_review:
            continue
        value = content.get(section.key)
        if section.kind == LINE:
            if not str(value or "").strip() and not (
                section.not_known_allowed and content.get(f"{section.key}__not_known")
            ):
                missing.append(Missing(section.key, section.label, section.rule_id))
        elif section.kind == CHILDREN:
            rows = [r for r in (value or []) if str(r.get("first_name", "")).strip() or r.get("child_id")]
            if not rows:
                missing.append(Missing("child-0-first_name", section.label, section.rule_id))
        elif section.kind == ADULTS:
            rows = [r for r in (value or []) if str(r.get("name", "")).strip()]
            if not rows and not content.get("parents_carers__not_known"):
                missing.append(Missing("adult-0-name", section.label, section.rule_id))
        elif section.kind == RECOMMENDATION:
            value = value or {}
            if not value.get("plan_needed"):
                missing.append(
                    Missing("recommendation-plan_needed", "Recommendation: is a plan needed", section.rule_id)
                )
            if not (str(value.get("agency_contribution", "")).strip() or value.get("not_known")):
                missing.append(
                    Missing(
                        "recommendation-agency_contribution",
                        "Recommendation: what your agency can do in the plan",
                        section.rule_id,
                    )
                )
        elif not _text_answered(value):
            field = f"{section.key}-0-text" if section.kind == STATEMENTS else section.key
            missing.append(Missing(field, section.label, section.rule_id))
    return missing


@dataclass(frozen=True)
class Unmarked:
    field: str
    label: str


def unmarked_statements(sections: list[Section], content: dict) -> list[Unmarked]:
    """Statements with text but no fact/observation/allegation/opinion marker (REPORT-FOAO)."""
    found: list[Unmarked] = []
    for section in sections:
        if section.kind != STATEMENTS:
            continue
        value = content.get(section.key) or {}
        for index, statement in enumerate(value.get("statements", []) or []):
            if str(statement.get("text", "")).strip() and statement.get("marker") not in MARKER_LABELS:
                found.append(
                    Unmarked(f"{section.key}-{index}-marker", f"{section.label}, statement {index + 1}")
                )
    return found
