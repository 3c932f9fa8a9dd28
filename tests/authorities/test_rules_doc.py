"""docs/rules.md is written from the rules catalogue, and the copy in the repository is current."""

from io import StringIO

from django.core.management import call_command

from authorities.rules import document
from authorities.rules.catalogue import RULES


def test_the_rules_document_in_the_repository_is_current():
    assert document.path().read_text(encoding="utf-8") == document.render()
    out = StringIO()
    call_command("rules_doc", "--check", stdout=out)
    assert "current" in out.getvalue()


def test_the_rules_document_names_every_rule_of_the_catalogue():
    text = document.render()
    assert all(f"| `{rule.id}` |" in text for rule in RULES)
