"""The CIN census's entry rules for what cases owns: a child's identifiers and codes.

Each check raises a RuleViolation naming the data rule (authorities.rules.catalogue.DATA_RULES) and
the form field, so the social worker sees which box to mend and why.
"""

from __future__ import annotations

from authorities.models import Authority
from authorities.rules.checks import data_rule_violation

from .census_codes import LA_CHILD_ID, UPN, Disability, upn_check_letter_ok
from .models import Child

CHILD_ID_RULE = "CENSUS-CHILD-ID"


def check_child_identifiers(
    *,
    authority: Authority,
    child_id: int | None,
    la_child_id: str,
    upn: str,
    upn_unknown: str,
    unborn: bool,
    sex: str,
) -> None:
    """CENSUS-CHILD-ID: identifiers well formed and unique within the authority."""
    if la_child_id and not LA_CHILD_ID.match(la_child_id):
        raise data_rule_violation(
            CHILD_ID_RULE,
            "the LA child ID is up to 20 letters and digits, nothing else.",
            field="la_child_id",
        )
    if upn:
        if not UPN.match(upn):
            raise data_rule_violation(
                CHILD_ID_RULE,
                "a UPN is 13 characters: a capital letter, 11 digits, and a digit or capital letter.",
                field="upn",
            )
        if not upn_check_letter_ok(upn):
            raise data_rule_violation(CHILD_ID_RULE, "this UPN's check letter is wrong.", field="upn")
        if upn_unknown:
            raise data_rule_violation(
                CHILD_ID_RULE, "give the UPN or the reason it is not known, not both.", field="upn_unknown"
            )
    others = Child.objects.for_authority(authority)
    if child_id is not None:
        others = others.exclude(pk=child_id)
    if la_child_id and others.filter(la_child_id=la_child_id).exists():
        raise data_rule_violation(
            CHILD_ID_RULE, f"another child already has the LA child ID {la_child_id}.", field="la_child_id"
        )
    if upn and others.filter(upn=upn).exists():
        raise data_rule_violation(CHILD_ID_RULE, f"another child already has the UPN {upn}.", field="upn")
    if unborn and sex not in ("", "U"):
        raise data_rule_violation(
            CHILD_ID_RULE, "the census records the sex of an unborn child as “Not known”.", field="sex"
        )


def clean_disability_codes(codes: list[str]) -> list[str]:
    """The child's disabilities as census codes: known codes, each once, and NONE only on its own."""
    known = set(Disability.values)
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise data_rule_violation(
            CHILD_ID_RULE, f"unknown disability code(s): {', '.join(unknown)}.", field="disability_codes"
        )
    unique = list(dict.fromkeys(codes))
    if Disability.NONE in unique and len(unique) > 1:
        raise data_rule_violation(
            CHILD_ID_RULE,
            "“No disability” cannot be recorded together with a disability.",
            field="disability_codes",
        )
    return unique
