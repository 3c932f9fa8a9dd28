"""Loops of the live page written in Python: the steps and the children beside every step
(page.html, _at_hand.html) and the list of what was prepared before the day (_step_start.html),
the same HTML their template loops wrote,
without the template engine's lookups and filters for each value. Tests compare them with the
loops they replace."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

from authorities.html_text import escape
from conferences.checklist import CheckItem

from .steps import Step

_DONE = '<strong class="govuk-tag govuk-tag--green app-tag-small">Done</strong>'
_CURRENT = ' aria-current="step"'


def _step(number: int, step: Step, current: Step) -> str:
    here = step.key == current.key
    key = escape(step.key)
    if step.done:
        tag = _DONE
    elif step.needs:
        tag = f'<strong class="govuk-tag govuk-tag--yellow app-tag-small">{escape(step.needs)} to do</strong>'
    else:
        tag = ""
    return (
        "\n"
        f'          <li class="app-steps__item{" app-steps__item--current" if here else ""}" '
        f'data-step="{key}" data-done="{"true" if step.done else "false"}">\n'
        f'            <a class="govuk-link app-steps__link" href="?step={key}#step"'
        f"{_CURRENT if here else ''}>{number}. {escape(step.label)}</a>\n"
        f"            {tag}\n"
        "          </li>\n"
        "        "
    )


def steps_html(steps: list[Step], current: Step) -> SafeString:
    """The items of the steps' list, the current one marked."""
    # Safe: every value in it went through `escape`.
    return mark_safe("".join(_step(number, step, current) for number, step in enumerate(steps, 1)))


def _tag(item: CheckItem) -> str:
    if item.done:
        return '<strong class="govuk-tag govuk-tag--green">Done</strong>'
    if item.settled:
        return '<strong class="govuk-tag govuk-tag--blue">Reason given</strong>'
    if item.refuses:
        return '<strong class="govuk-tag govuk-tag--red">Needed</strong>'
    return '<strong class="govuk-tag govuk-tag--yellow">Not yet</strong>'


def _prepared(item: CheckItem) -> str:
    detail = "" if item.done else f": {escape(item.detail)}"
    reason = f". Going ahead without it: {escape(item.reason)}" if item.reason and not item.done else ""
    return (
        "\n"
        f'    <li data-rule="{escape(item.rule_id)}">{_tag(item)}\n'
        f'      {escape(item.title)} <span class="govuk-body-s">({escape(item.rule_id)}, '
        f"{escape(str(item.mode).lower())}){detail}{reason}</span></li>\n"
        "  "
    )


def prepared_html(checklist: list[CheckItem]) -> SafeString:
    """The items recorded before the day, each with its tag."""
    # Safe: every value in it went through `escape`.
    return mark_safe("".join(_prepared(item) for item in checklist if not item.in_the_room))


def _child(row: dict) -> str:
    child, decision = row["child"], row["decision"]
    outcome = f"<strong>{escape(decision.get_outcome_display())}</strong>" if decision else "no decision yet"
    return (
        f'\n      <li data-child="{escape(child.pk)}"><a class="govuk-link" '
        f'href="?step=opinions#child-{escape(child.pk)}">{escape(child)}</a>: {outcome}</li>\n    '
    )


def children_html(rows: list[dict]) -> SafeString:
    """Each child beside the steps, with the decision made for them."""
    # Safe: every value in it went through `escape`.
    return mark_safe("".join(_child(row) for row in rows))
