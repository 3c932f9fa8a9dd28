"""How the tests tell a text led by a rule id ("QUORUM: opinions wait…") from one in words first
with the id after it ("Opinions wait… (QUORUM)")."""

from __future__ import annotations

import re

from authorities.rules.catalogue import RULES

_IDS = "|".join(re.escape(rule.id) for rule in sorted(RULES, key=lambda rule: -len(rule.id)))
# A rule id followed by more words, not an id on its own: a table cell or tag holding just the id
# is a reference, and a row "ICPC-15WD Initial conference…" names the rule before its title.
RULE_ID_LEADS = re.compile(rf"^\s*(?:{_IDS})(?![\w-])(?:\s*[:,(]|\s+[a-z])")


def lines_led_by_a_rule_id(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if RULE_ID_LEADS.match(line)]
