"""Turns a rule set into the rows of the "rules in force" page (and its API twin)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from authorities.models import Mode, RuleSet, SourceKind

from .catalogue import RULES, Rule

DOCUMENTS = {
    "WS": "West Sussex briefing slides",
    "ST": "Staffordshire and Stoke-on-Trent practice guidance",
    "HP": "Hartlepool rough guide",
    "BA": "Barnsley: role of the conference chair",
    "BI": "Birmingham practice guidance",
    "WT": "Working Together to Safeguard Children",
}

UNIT_WORDS = {"working_days": "working days", "months": "months", "weeks": "weeks", "hours": "hours"}

MODE_HINTS = {
    Mode.REQUIRED: "The product refuses to go on without it (or, for a deadline, needs a reason when late).",
    Mode.ADVISED: "The product prompts; going on is allowed with a recorded reason.",
    Mode.OFF: "Does not apply in this authority.",
    Mode.ON: "Switched on.",
}


@dataclass(frozen=True)
class RuleRow:
    rule: Rule
    mode: str
    mode_label: str
    mode_hint: str
    values_text: str
    source_label: str
    source_quote: str
    source_note: str


def describe_values(values: dict[str, Any]) -> str:
    if not values:
        return "No numbers: a yes/no rule."
    if "unit" in values and "amount" in values:
        direction = "before" if values.get("direction") == "before" else "after"
        counts_from = str(values.get("counts_from", "the event")).replace("_", " ")
        text = (
            f"{values['amount']} {UNIT_WORDS.get(values['unit'], values['unit'])} {direction} {counts_from}"
        )
        extras = {k: v for k, v in values.items() if k not in {"unit", "amount", "direction", "counts_from"}}
        return f"{text}; {describe_values(extras)}" if extras else text
    if "ladder" in values:
        steps = [
            f"{step['level']}. {step['label']} ({step.get('working_days', '?')} working days)"
            for step in values["ladder"]
        ]
        text = " → ".join(steps)
        extras = {k: v for k, v in values.items() if k != "ladder"}
        return f"{text}; {describe_values(extras)}" if extras else text
    parts = []
    for key, value in values.items():
        if isinstance(value, list | tuple):
            shown = ", ".join(str(item).replace("_", " ") for item in value) or "none"
        elif isinstance(value, bool):
            shown = "yes" if value else "no"
        else:
            shown = str(value).replace("_", " ") if isinstance(value, str) else str(value)
        parts.append(f"{key.replace('_', ' ')}: {shown}")
    return "; ".join(parts)


def source_label(kind: str, document: str) -> str:
    if kind == SourceKind.DEFAULT:
        return "Product default"
    if kind == SourceKind.WT:
        return DOCUMENTS["WT"]
    return DOCUMENTS.get(document, document or "Authority document")


def rules_in_force_rows(rule_set: RuleSet) -> list[RuleRow]:
    rows = []
    for rule in RULES:
        setting = rule_set.setting(rule.id)
        rows.append(
            RuleRow(
                rule=rule,
                mode=setting.mode,
                mode_label=setting.get_mode_display(),
                mode_hint=MODE_HINTS[Mode(setting.mode)],
                values_text=describe_values(setting.values),
                source_label=source_label(setting.source_kind, setting.source_document),
                source_quote=setting.source_quote,
                source_note=setting.source_note,
            )
        )
    return rows
