"""Writes for cases: families, children, parents and carers, strategy discussions.

Keyword-only arguments, one transaction each, reads scoped to the caller's authority, history
kept (who and why) on every save. The caller checks the role (CASE_WRITERS); these functions
still refuse anything that belongs to another authority, naming the field.

One module per job (`families.py`, `children.py`, `carers.py`, `strategy_discussions.py`); the views,
the API, the demo data and the tests call them through this module.
"""

from __future__ import annotations

from .carers import (
    PERSON_FIELDS,
    PersonDetails,
    RelationshipDetails,
    add_person,
    set_relationships,
    update_person,
)
from .children import (
    CHILD_FIELDS,
    ChildDetails,
    add_child,
    update_child,
)
from .families import (
    create_family,
    family_label,
    update_family,
)
from .strategy_discussions import (
    record_strategy_discussion,
    update_strategy_discussion,
)

__all__ = [
    "CHILD_FIELDS",
    "PERSON_FIELDS",
    "ChildDetails",
    "PersonDetails",
    "RelationshipDetails",
    "add_child",
    "add_person",
    "create_family",
    "family_label",
    "record_strategy_discussion",
    "set_relationships",
    "update_child",
    "update_family",
    "update_person",
    "update_strategy_discussion",
]
