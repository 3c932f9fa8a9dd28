"""Checks on the values an administrator gives ESCALATION in the admin (free JSON there).

The deadline sweep computes with these values for many authorities in one statement, so a slip
(a number typed as a word, a label longer than its column, a role that does not exist) would show
up only when the sweep fails for that authority. Checked on save instead, each message saying
what is wrong and where in the values, with the rule id after it."""

from __future__ import annotations

from collections.abc import Iterable

from ..refusals import in_words
from .catalogue import RULES_BY_ID
from .ids import RuleId

RUNG_LABEL_MAX = 200  # scheduling.Escalation.level_label holds a rung's label


def _said(message: str) -> str:
    return in_words(message, RuleId.ESCALATION)


def _whole(value, *, least: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


def escalation_value_errors(values, *, roles: Iterable[str]) -> list[str]:
    """What is wrong with ESCALATION values (empty when nothing is), each in words first."""
    if not isinstance(values, dict):
        return [_said("The values must be an object (between { and })")]
    known_roles = sorted(roles)
    errors: list[str] = []
    ladder = values.get("ladder", [])
    if not isinstance(ladder, list):
        errors.append(_said('"ladder" must be a list of levels'))
        ladder = []
    levels = []
    for number, rung in enumerate(ladder, start=1):
        where = f"Rung {number} of the ladder"
        if not isinstance(rung, dict):
            errors.append(_said(f"{where} must be an object with level, label, roles and working_days"))
            continue
        if not _whole(rung.get("level"), least=1):
            errors.append(_said(f'{where}: "level" must be a whole number, 1 or more'))
        else:
            levels.append(rung["level"])
        label = rung.get("label", "")
        if not isinstance(label, str) or len(label) > RUNG_LABEL_MAX:
            errors.append(_said(f'{where}: "label" must be text of at most {RUNG_LABEL_MAX} characters'))
        rung_roles = rung.get("roles", [])
        if not isinstance(rung_roles, list) or any(role not in known_roles for role in rung_roles):
            errors.append(_said(f'{where}: "roles" must be a list of roles from: {", ".join(known_roles)}'))
        if "working_days" in rung and not _whole(rung["working_days"], least=0):
            errors.append(_said(f'{where}: "working_days" must be a whole number of working days, 0 or more'))
    if len(levels) != len(set(levels)):
        errors.append(_said("Each level may appear only once in the ladder"))
    unbooked = values.get("unbooked_within_working_days")
    if unbooked is not None and not _whole(unbooked, least=0):
        errors.append(_said('"unbooked_within_working_days" must be a whole number, 0 or more'))
    rule_ids = values.get("unbooked_rules", [])
    if not isinstance(rule_ids, list) or any(rule_id not in RULES_BY_ID for rule_id in rule_ids):
        errors.append(_said('"unbooked_rules" must be a list of rule ids from the catalogue'))
    return errors
