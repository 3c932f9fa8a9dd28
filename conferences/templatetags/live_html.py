"""The live page's parts written in Python, for its templates (its form fields use
`{% load govuk_fields %}`): `{% live_steps steps step %}`, `{% children_at_hand rows %}` and
`{% prepared_before checklist %}`, the items of the steps' list, of the children beside it and of
what was prepared before the day (conferences.live.page_html)."""

from django import template
from django.utils.safestring import SafeString

from conferences.checklist import CheckItem
from conferences.live.page_html import children_html, prepared_html, steps_html
from conferences.live.steps import Step

register = template.Library()


@register.simple_tag
def live_steps(steps: list[Step], current: Step) -> SafeString:
    return steps_html(steps, current)


@register.simple_tag
def prepared_before(checklist: list[CheckItem]) -> SafeString:
    return prepared_html(checklist)


@register.simple_tag
def children_at_hand(rows: list[dict]) -> SafeString:
    return children_html(rows)
