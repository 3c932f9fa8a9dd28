"""docs/rules.md, written from the catalogue so that the rules a clone's README points to are the
ones the code knows (`manage.py rules_doc` writes it; `manage.py rules_doc --check` fails when the
file is stale, and the test command runs that)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from .catalogue import RULES, Rule

SOURCES = {
    "WS": "West Sussex",
    "ST": "Staffordshire and Stoke-on-Trent",
    "HP": "Hartlepool",
    "BA": "Barnsley",
    "BI": "Birmingham",
    "WT": "Working Together to Safeguard Children (statutory guidance)",
}

INTRO = """\
# Rules catalogue

Generated from `authorities/rules/catalogue.py` by `python manage.py rules_doc`; do not edit by hand
(the test command checks that this file is current).

Every rule the product knows has an id; code, tests, rule-set data and error messages name it (for
example `ICPC-15WD`), so a refusal or a red deadline points here. What each authority does with a rule
(its **mode**: required, advised or off; its numbers; the document it comes from) is data in that
authority's versioned rule set, shown in the app and in the admin.

- **Kind**: deadline (a timescale: never blocks work; late needs a reason where required, or is
  flagged), check (refuses where required, asks for a reason where advised), trigger (prompts the
  chair), switch (on or off), context (shown, not enforced).
- **Scope**: national where the statutory guidance makes it so, or it applies everywhere; local where
  only some authorities' documents say it.
"""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _row(rule: Rule) -> str:
    return (
        f"| `{rule.id}` | {_cell(rule.title)} | {rule.kind} | {rule.scope} | {', '.join(rule.sources)} "
        f"| {_cell(rule.summary)} |"
    )


def render() -> str:
    """The whole of docs/rules.md."""
    lines = [INTRO, "Sources: " + "; ".join(f"{code} = {name}" for code, name in SOURCES.items()) + "."]
    section = None
    for rule in RULES:
        if rule.section != section:
            section = rule.section
            lines += ["", f"## {section}", "", "| Id | Rule | Kind | Scope | Sources | Summary |"]
            lines.append("| --- | --- | --- | --- | --- | --- |")
        lines.append(_row(rule))
    return "\n".join(lines) + "\n"


def path() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "rules.md"
