"""A report's content: its sections, prefilled from the last report."""

from __future__ import annotations

from authorities.models import RuleSet
from conferences.models import Invitation

from . import sections as spec


def _text(value, limit: int = 20000) -> str:
    return str(value or "").strip()[:limit]


def normalise_content(sections: list[spec.Section], raw: dict, *, foao: bool) -> dict:
    """Keep only the sections this report has, in the shapes the module docstring describes:
    whatever a form or an API body sends, nothing else is stored."""
    raw = raw if isinstance(raw, dict) else {}
    content: dict = {}
    for section in sections:
        value = raw.get(section.key)
        if section.kind == spec.LINE:
            content[section.key] = _text(value, 500)
            if section.not_known_allowed and raw.get(f"{section.key}__not_known"):
                content[f"{section.key}__not_known"] = True
        elif section.kind == spec.CHILDREN:
            content[section.key] = _children(value)
        elif section.kind == spec.ADULTS:
            content[section.key] = _adults(value)
            if raw.get("parents_carers__not_known"):
                content["parents_carers__not_known"] = True
        elif section.kind == spec.RECOMMENDATION:
            content[section.key] = _recommendation(value)
        elif section.kind == spec.STATEMENTS and foao:
            content[section.key] = _statements(value)
        else:
            content[section.key] = _text_answer(section, value)
    if raw.get("conference_date"):
        content["conference_date"] = _text(raw["conference_date"], 10)
    return content


def _dict_rows(value) -> list[dict]:
    return [row for row in (value if isinstance(value, list) else []) if isinstance(row, dict)]


def _children(value) -> list[dict]:
    keys = ("first_name", "last_name", "date_of_birth", "ethnicity", "disability")
    rows = []
    for row in _dict_rows(value):
        clean = {k: _text(row.get(k), 500) for k in keys}
        if isinstance(row.get("child_id"), int):
            clean["child_id"] = row["child_id"]
        if any(clean.get(k) for k in keys):
            rows.append(clean)
    return rows[:30]


def _adults(value) -> list[dict]:
    keys = ("name", "other_names", "date_of_birth", "relationship", "address")
    rows = []
    for row in _dict_rows(value):
        clean = {k: _text(row.get(k), 1000) for k in keys}
        pr = row.get("parental_responsibility")
        clean["parental_responsibility"] = pr if pr in ("yes", "no", spec.NOT_KNOWN) else ""
        if isinstance(row.get("person_id"), int):
            clean["person_id"] = row["person_id"]
        if any(clean.get(k) for k in keys):
            rows.append(clean)
    return rows[:30]


def _recommendation(value) -> dict:
    value = value if isinstance(value, dict) else {}
    scaling = value.get("scaling")
    try:
        scaling = int(scaling) if scaling not in (None, "") else None
    except (TypeError, ValueError):
        scaling = None
    if scaling is not None and not 0 <= scaling <= 10:
        scaling = None
    plan = value.get("plan_needed")
    return {
        "plan_needed": plan if plan in ("yes", "no", spec.NOT_KNOWN) else "",
        "reasons": _text(value.get("reasons")),
        "scaling": scaling,
        "category": _text(value.get("category"), 20),
        "agency_contribution": _text(value.get("agency_contribution")),
        "not_known": bool(value.get("not_known")),
    }


def _statements(value) -> dict:
    """REPORT-FOAO: each statement marked as fact, opinion, analysis or observation."""
    value = value if isinstance(value, dict) else {}
    statements = []
    for item in value.get("statements", []) if isinstance(value.get("statements"), list) else []:
        if isinstance(item, dict) and _text(item.get("text")):
            marker = item.get("marker")
            statements.append(
                {
                    "text": _text(item.get("text")),
                    "marker": marker if marker in spec.MARKER_LABELS else "",
                }
            )
    # A text answer written before REPORT-FOAO applied becomes one unmarked statement.
    if not statements and _text(value.get("text")):
        statements.append({"text": _text(value.get("text")), "marker": ""})
    return {"statements": statements[:100], "not_known": bool(value.get("not_known"))}


def _text_answer(section: spec.Section, value) -> dict:
    value = value if isinstance(value, dict) else {"text": value or ""}
    text = _text(value.get("text"))
    # Statements written while REPORT-FOAO applied are kept as plain text once it no longer does.
    statements = value.get("statements")
    if not text and isinstance(statements, list):
        text = "\n".join(_text(s.get("text")) for s in statements if isinstance(s, dict))
    entry = {"text": text, "not_known": bool(value.get("not_known"))}
    if section.key == "involvement":
        entry["no_direct_contact"] = bool(value.get("no_direct_contact"))
    return entry


def report_sections(invitation: Invitation) -> tuple[list[spec.Section], bool, RuleSet]:
    rule_set = invitation.conference.rule_set_in_force()
    return spec.sections_for(rule_set, invitation.conference.kind), spec.foao_applies(rule_set), rule_set
