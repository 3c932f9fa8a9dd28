"""The live page's loops written in Python (conferences.live.page_html) read as the template loops
wrote them: each loop below is as `conferences/live/page.html` and `_step_start.html` had it."""

from __future__ import annotations

import itertools

from django.template import Context, Template

from authorities.rules.checks import Outcome, RuleAnswer
from cases.models import Child
from conferences.checklist import CheckItem
from conferences.live.page_html import children_html, prepared_html, steps_html
from conferences.live.steps import Step
from conferences.models import Decision

STEPS_LOOP = Template(
    """{% for s in steps %}
          <li class="app-steps__item{% if s.key == step.key %} app-steps__item--current{% endif %}" data-step="{{ s.key }}" data-done="{{ s.done|yesno:'true,false' }}">
            <a class="govuk-link app-steps__link" href="?step={{ s.key }}#step"{% if s.key == step.key %} aria-current="step"{% endif %}>{{ forloop.counter }}. {{ s.label }}</a>
            {% if s.done %}<strong class="govuk-tag govuk-tag--green app-tag-small">Done</strong>{% elif s.needs %}<strong class="govuk-tag govuk-tag--yellow app-tag-small">{{ s.needs }} to do</strong>{% endif %}
          </li>
        {% endfor %}"""  # noqa: E501
)
PREPARED_LOOP = Template(
    """{% for item in checklist %}{% if not item.in_the_room %}
    <li data-rule="{{ item.rule_id }}">{% if item.done %}<strong class="govuk-tag govuk-tag--green">Done</strong>{% elif item.settled %}<strong class="govuk-tag govuk-tag--blue">Reason given</strong>{% elif item.refuses %}<strong class="govuk-tag govuk-tag--red">Needed</strong>{% else %}<strong class="govuk-tag govuk-tag--yellow">Not yet</strong>{% endif %}
      {{ item.title }} <span class="govuk-body-s">({{ item.rule_id }}, {{ item.mode|lower }}){% if not item.done %}: {{ item.detail }}{% endif %}{% if item.reason and not item.done %}. Going ahead without it: {{ item.reason }}{% endif %}</span></li>
  {% endif %}{% endfor %}"""  # noqa: E501
)
CHILDREN_LOOP = Template(
    """{% for row in rows %}
      <li data-child="{{ row.child.pk }}"><a class="govuk-link" href="?step=opinions#child-{{ row.child.pk }}">{{ row.child }}</a>: {% if row.decision %}<strong>{{ row.decision.get_outcome_display }}</strong>{% else %}no decision yet{% endif %}</li>
    {% endfor %}"""  # noqa: E501
)
HOSTILE = 'Tom & Jerry\'s <b>"views"</b>'


def test_the_steps_read_as_the_loop_wrote_them():
    steps = [
        Step(key, label, f"conferences/live/_{key}.html", done, needs)
        for (key, label), (done, needs) in zip(
            [("start", "Before the start"), ("agenda", HOSTILE), ("a&b", "Opinions"), ("close", "Close")],
            itertools.cycle([(True, 0), (False, 2), (False, 0)]),
            strict=False,
        )
    ]
    for current in steps:
        expected = STEPS_LOOP.render(Context({"steps": steps, "step": current}))
        assert steps_html(steps, current) == expected
    assert steps_html([], steps[0]) == ""


def _item(rule_id: str, *, outcome: Outcome, advised: bool, in_the_room: bool = False, reason: str = ""):
    answer = RuleAnswer(outcome=outcome, rule_id=rule_id, needs_reason=advised)
    return CheckItem(
        rule_id=rule_id,
        title=f"{HOSTILE} title",
        done=outcome == Outcome.OK,
        detail=f"Record {HOSTILE}",
        answer=answer,
        mode="Advised" if advised else "Required",
        in_the_room=in_the_room,
        reason=reason,
    )


def test_what_was_prepared_reads_as_the_loop_wrote_it():
    items = [
        _item("FAMILY-INVITE", outcome=Outcome.OK, advised=False),
        _item("PRE-MEET", outcome=Outcome.ADVISED, advised=True, reason=HOSTILE),
        _item("SEPARATE", outcome=Outcome.ADVISED, advised=True),
        _item("SW-REPORT", outcome=Outcome.REFUSED, advised=False, reason="Kept from before"),
        _item("OUTCOME", outcome=Outcome.REFUSED, advised=False, in_the_room=True),
    ]
    assert {i.done for i in items} == {True, False} and any(i.settled and not i.done for i in items)
    assert prepared_html(items) == PREPARED_LOOP.render(Context({"checklist": items}))


def test_the_children_beside_the_steps_read_as_the_loop_wrote_them():
    rows = [
        {"child": Child(pk=7, first_name=HOSTILE, last_name="O'Neil & Co"), "decision": None},
        {"child": Child(pk=8, first_name="Ann", last_name="Lee"), "decision": Decision(outcome="cp_plan")},
        {"child": Child(pk=9, first_name="Bo", last_name="Lee"), "decision": Decision(outcome="nfa")},
    ]
    assert children_html(rows) == CHILDREN_LOOP.render(Context({"rows": rows}))
    assert "&amp;" in children_html(rows) and "<b>" not in children_html(rows)
