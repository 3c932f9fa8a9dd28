"""A report's content keeps only the shapes its sections take, whatever a form or an API body sends."""

from __future__ import annotations

from reports import sections as spec
from reports.content import normalise_content


def _section(key: str, kind: str) -> spec.Section:
    return spec.Section(
        key=key,
        label=key,
        kind=kind,
        rule_id="",
        group="",
        hint="",
        not_known_allowed=False,
        optional_on_review=False,
    )


def test_statements_that_are_not_a_list_leave_a_text_answer_empty_instead_of_failing():
    sections = [_section("involvement", "text")]
    for statements in (5, True, 2.5, "x", {"text": "a"}):
        clean = normalise_content(sections, {"involvement": {"statements": statements}}, foao=False)
        assert clean["involvement"] == {"text": "", "not_known": False, "no_direct_contact": False}


def test_marked_statements_become_plain_text_once_statements_no_longer_apply():
    sections = [_section("risks", "text")]
    raw = {"risks": {"statements": [{"text": " One ", "marker": "fact"}, "junk", {"text": "Two"}]}}
    assert normalise_content(sections, raw, foao=False)["risks"] == {"text": "One\nTwo", "not_known": False}


def test_a_recommendation_keeps_a_scaling_score_only_from_0_to_10():
    sections = [_section("recommendation", spec.RECOMMENDATION)]
    for sent, kept in (("7", 7), (0, 0), ("11", None), (-1, None), ("seven", None), ("", None)):
        clean = normalise_content(sections, {"recommendation": {"scaling": sent}}, foao=False)
        assert clean["recommendation"]["scaling"] == kept
