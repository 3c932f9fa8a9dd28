"""A report's content: its sections, prefilled from the last report, and what a form or an API body
may send for them. Normalising trims whitespace and drops empty rows and unknown keys; text longer
than its box's limit, or more rows than a list takes, is refused with every such place named, never
cut off: a practitioner who pasted a long section must be told, not lose its end."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from authorities.models import RuleSet
from authorities.text_limits import (
    ADDRESS_MAX_LENGTH,
    CODE_MAX_LENGTH,
    ISO_DATE_LENGTH,
    NAME_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    REASON_MAX_LENGTH,
    REPORT_ROWS_MAX,
    REPORT_STATEMENTS_MAX,
)
from conferences.models import Invitation

from . import sections as spec

CHILD_KEYS = (
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("date_of_birth", "Date of birth"),
    ("ethnicity", "Ethnicity"),
    ("disability", "Disability or special need"),
)
ADULT_KEYS = (
    ("name", "Name"),
    ("other_names", "Other names"),
    ("date_of_birth", "Date of birth"),
    ("relationship", "Relationship to the children"),
    ("address", "Address"),
)
CHILD_NOUN, ADULT_NOUN = "Child", "Parent or carer"
# One-line answers and the rows about each child and adult are names and short facts; an address
# and a disability take a few lines. The form's boxes and the service's check read the same table.
LONGER_LINES = {"business_address": ADDRESS_MAX_LENGTH, "address": ADDRESS_MAX_LENGTH}
LONGER_LINES["disability"] = REASON_MAX_LENGTH
SECTION_MAX_LENGTH = NOTES_MAX_LENGTH
STATEMENT_MAX_LENGTH = REASON_MAX_LENGTH
RECOMMENDATION_REASONS = "Reasons for the recommendation"
RECOMMENDATION_REASONS_MAX_LENGTH = REASON_MAX_LENGTH
AGENCY_CONTRIBUTION = "What your agency can do in the plan"
AGENCY_CONTRIBUTION_MAX_LENGTH = NOTES_MAX_LENGTH


def line_limit(key: str) -> int:
    return LONGER_LINES.get(key, NAME_MAX_LENGTH)


def row_name(noun: str, index: int, label: str) -> str:
    """A row's box as the person finds it on the page: "Child 2, first name"."""
    return f"{noun} {index + 1}, {label[:1].lower()}{label[1:]}"


def statement_name(section: spec.Section, index: int) -> str:
    return f"{section.label}, statement {index + 1}"


@dataclass(frozen=True)
class OverLimit:
    """One place in the content over its limit: `path` follows the body's shape (section key, then
    list positions and keys), `name` is the box as the page labels it."""

    path: tuple[str | int, ...]
    name: str
    limit: int
    found: int
    unit: str = "characters"

    @property
    def message(self) -> str:
        verb = "be" if self.unit == "characters" else "have"
        return f"“{self.name}” must {verb} {self.limit:,} {self.unit} or fewer (this has {self.found:,})"

    @property
    def api_message(self) -> str:
        verb = "be" if self.unit == "characters" else "have"
        return f"Must {verb} {self.limit:,} {self.unit} or fewer."


class ContentRefused(ValidationError):
    """A draft's content over its limits: nothing is saved, each place is named."""

    def __init__(self, problems: list[OverLimit]):
        self.problems = problems
        super().__init__({"content": [problem.message for problem in problems]})

    def by_path(self) -> dict:
        """The API's errors in the body's shape: {"risks": {"text": ["…"]}}; a list that is both too
        long and has a box too long keeps its own message under "non_field_errors", as DRF does."""
        tree: dict = {}
        for problem in self.problems:
            node = tree
            for step in problem.path[:-1]:
                child = node.setdefault(step, {})
                if isinstance(child, list):
                    child = node[step] = {"non_field_errors": child}
                node = child
            last = problem.path[-1]
            if isinstance(node.get(last), dict):
                node[last].setdefault("non_field_errors", []).append(problem.api_message)
            else:
                node.setdefault(last, []).append(problem.api_message)
        return tree


@dataclass
class _Check:
    problems: list[OverLimit] = field(default_factory=list)

    def text(self, value, limit: int, path: tuple, name: str) -> str:
        text = _text(value)
        if len(text) > limit:
            self.problems.append(OverLimit(path, name, limit, len(text)))
        return text

    def count(self, kept: list, limit: int, path: tuple, name: str, unit: str) -> list:
        if len(kept) > limit:
            self.problems.append(OverLimit(path, name, limit, len(kept), unit))
        return kept


def _text(value) -> str:
    return str(value or "").strip()


def limited_text(value, *, limit: int, field: str, name: str) -> str:
    """One box's text, trimmed; longer than `limit` is a ValidationError on `field` naming the box."""
    text = _text(value)
    if len(text) > limit:
        raise ValidationError({field: OverLimit((field,), name, limit, len(text)).message})
    return text


def normalise_content(sections: list[spec.Section], raw: dict, *, foao: bool) -> dict:
    """Keep only the sections this report has, in the shapes the sections module describes:
    whatever a form or an API body sends, nothing else is stored. Raises ContentRefused naming
    every box over its limit and every list with too many rows."""
    raw = raw if isinstance(raw, dict) else {}
    check = _Check()
    content: dict = {}
    for section in sections:
        value = raw.get(section.key)
        if section.kind == spec.LINE:
            content[section.key] = check.text(value, line_limit(section.key), (section.key,), section.label)
            if section.not_known_allowed and raw.get(f"{section.key}__not_known"):
                content[f"{section.key}__not_known"] = True
        elif section.kind in (spec.CHILDREN, spec.ADULTS):
            content[section.key] = _rows(check, section, value)
            if section.kind == spec.ADULTS and raw.get("parents_carers__not_known"):
                content["parents_carers__not_known"] = True
        elif section.kind == spec.RECOMMENDATION:
            content[section.key] = _recommendation(check, section, value)
        elif section.kind == spec.STATEMENTS and foao:
            content[section.key] = _statements(check, section, value)
        else:
            content[section.key] = _text_answer(check, section, value)
    if raw.get("conference_date"):
        date = ("conference_date",)
        content["conference_date"] = check.text(
            raw["conference_date"], ISO_DATE_LENGTH, date, "Conference date"
        )
    if check.problems:
        raise ContentRefused(check.problems)
    return content


def _rows(check: _Check, section: spec.Section, value) -> list[dict]:
    """The children's or adults' rows: a row with nothing typed is dropped; the rest are counted."""
    children = section.kind == spec.CHILDREN
    keys, id_key, noun = (
        (CHILD_KEYS, "child_id", CHILD_NOUN) if children else (ADULT_KEYS, "person_id", ADULT_NOUN)
    )
    rows = []
    for index, row in enumerate(value if isinstance(value, list) else []):
        if not isinstance(row, dict):
            continue
        clean = {
            key: check.text(
                row.get(key), line_limit(key), (section.key, index, key), row_name(noun, index, label)
            )
            for key, label in keys
        }
        if not children:
            pr = row.get("parental_responsibility")
            clean["parental_responsibility"] = pr if pr in ("yes", "no", spec.NOT_KNOWN) else ""
        if isinstance(row.get(id_key), int):
            clean[id_key] = row[id_key]
        if any(clean.get(key) for key, _ in keys):
            rows.append(clean)
    return check.count(rows, REPORT_ROWS_MAX, (section.key,), section.label, "rows")


def _recommendation(check: _Check, section: spec.Section, value) -> dict:
    value = value if isinstance(value, dict) else {}
    scaling = value.get("scaling")
    try:
        scaling = int(scaling) if scaling not in (None, "") else None
    except (TypeError, ValueError):
        scaling = None
    if scaling is not None and not 0 <= scaling <= 10:
        scaling = None
    plan = value.get("plan_needed")
    key = section.key
    return {
        "plan_needed": plan if plan in ("yes", "no", spec.NOT_KNOWN) else "",
        "reasons": check.text(
            value.get("reasons"), RECOMMENDATION_REASONS_MAX_LENGTH, (key, "reasons"), RECOMMENDATION_REASONS
        ),
        "scaling": scaling,
        "category": check.text(value.get("category"), CODE_MAX_LENGTH, (key, "category"), "Category of harm"),
        "agency_contribution": check.text(
            value.get("agency_contribution"),
            AGENCY_CONTRIBUTION_MAX_LENGTH,
            (key, "agency_contribution"),
            AGENCY_CONTRIBUTION,
        ),
        "not_known": bool(value.get("not_known")),
    }


def _statements(check: _Check, section: spec.Section, value) -> dict:
    """REPORT-FOAO: each statement marked as fact, opinion, analysis or observation."""
    value = value if isinstance(value, dict) else {}
    statements = []
    sent = value.get("statements") if isinstance(value.get("statements"), list) else []
    for index, item in enumerate(sent):
        if not isinstance(item, dict):
            continue
        path = (section.key, "statements", index, "text")
        text = check.text(item.get("text"), STATEMENT_MAX_LENGTH, path, statement_name(section, index))
        if text:
            marker = item.get("marker")
            statements.append({"text": text, "marker": marker if marker in spec.MARKER_LABELS else ""})
    # A text answer written before REPORT-FOAO applied becomes one unmarked statement.
    if not statements and _text(value.get("text")):
        text = check.text(
            value["text"], STATEMENT_MAX_LENGTH, (section.key, "text"), statement_name(section, 0)
        )
        statements.append({"text": text, "marker": ""})
    check.count(statements, REPORT_STATEMENTS_MAX, (section.key, "statements"), section.label, "statements")
    return {"statements": statements, "not_known": bool(value.get("not_known"))}


def _text_answer(check: _Check, section: spec.Section, value) -> dict:
    path = (section.key, "text") if isinstance(value, dict) else (section.key,)
    value = value if isinstance(value, dict) else {"text": value or ""}
    text = _text(value.get("text"))
    # Statements written while REPORT-FOAO applied are kept as plain text once it no longer does.
    statements = value.get("statements")
    if not text and isinstance(statements, list):
        text = "\n".join(_text(s.get("text")) for s in statements if isinstance(s, dict))
        path = (section.key, "statements")
    text = check.text(text, SECTION_MAX_LENGTH, path, section.label)
    entry = {"text": text, "not_known": bool(value.get("not_known"))}
    if section.key == "involvement":
        entry["no_direct_contact"] = bool(value.get("no_direct_contact"))
    return entry


def report_sections(invitation: Invitation) -> tuple[list[spec.Section], bool, RuleSet]:
    rule_set = invitation.conference.rule_set_in_force()
    return spec.sections_for(rule_set, invitation.conference.kind), spec.foao_applies(rule_set), rule_set
