"""Rule ids in code come from one place, and that place agrees with the catalogue."""

from authorities.rules.catalogue import RULES
from authorities.rules.ids import RuleId


def test_every_catalogue_rule_has_its_constant_in_the_same_order():
    assert [str(rule_id) for rule_id in RuleId] == [rule.id for rule in RULES]


def test_a_rule_id_constant_is_the_id_itself_wherever_a_string_is_expected():
    assert RuleId.ICPC_15WD == "ICPC-15WD"
    assert f"{RuleId.CG1_10WD}: book it" == "CG1-10WD: book it"
    assert {"REPORT-2WD": 1}[RuleId.REPORT_2WD] == 1
