"""The escalation ladder (ESCALATION): its rungs from the rule set, and the rung after each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from authorities.models import RuleSet
from authorities.rules.ids import RuleId

from .sweep_common import DEFAULT_RUNG_WORKING_DAYS


@dataclass(frozen=True)
# --- ladder ---
class Rung:
    """One level of an authority's escalation ladder (rule-set data)."""

    level: int
    label: str
    roles: tuple[str, ...]
    working_days: int


def ladder_from_values(values: dict | None) -> list[Rung]:
    rungs = []
    for raw in (values or {}).get("ladder", []):
        rungs.append(
            Rung(
                level=int(raw["level"]),
                label=str(raw.get("label") or f"Level {raw['level']}"),
                roles=tuple(str(role) for role in raw.get("roles", ())),
                working_days=int(raw.get("working_days", DEFAULT_RUNG_WORKING_DAYS)),
            )
        )
    return sorted(rungs, key=lambda rung: rung.level)


def ladder_of(rule_set: RuleSet) -> list[Rung]:
    return ladder_from_values(rule_set.values(RuleId.ESCALATION))


def next_rung(ladder: Sequence[Rung], level: int) -> Rung | None:
    return next((rung for rung in ladder if rung.level > level), None)
