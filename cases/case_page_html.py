"""The case page's longest tables' rows written in Python: the same HTML the row loops of
`cases/case_detail.html` and `cases/plans/_case_plans.html` wrote, at a fraction of the template
engine's cost per value (each row read a dozen values through the engine's lookups and filters).
Values are escaped as the template's autoescape did (`escape` from the case list's rows)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, normalize_newlines

from authorities.html_text import escape
from authorities.human_dates import long_date, long_date_with_weekday, short_date, short_date_with_weekday

from .selectors import DeadlineView

_ROW = '\n  <tr class="govuk-table__row">'
_END = "\n  </tr>\n  "


# Names, rule ids and dates wrap between words on a tablet or wider (static/css/app.css).
WHOLE_WORDS = " app-whole-words"


def _whole_words(text: str) -> str:
    return f'<span class="app-whole-words">{text}</span>'


def _cell(label: str, body: str, extra: str = "") -> str:
    return f'\n    <td data-label="{label}" class="govuk-table__cell{extra}">{body}</td>'


def _html(rows: Iterable[str]) -> SafeString:
    # Safe: every value in the rows went through `escape`.
    return mark_safe("".join(rows))


@functools.lru_cache(maxsize=4096)
def _around_pk(name: str, authority_slug: str, script_prefix: str, urlconf: str | None) -> tuple[str, str]:
    # Kept per process: what `reverse` answers depends on nothing else (the arguments are the key).
    url = reverse(name, urlconf=urlconf, kwargs={"authority_slug": authority_slug, "pk": 0})
    prefix, suffix = url.rsplit("/0/", 1)
    return prefix, suffix


def url_of(name: str, authority_slug: str) -> Callable[[int], str]:
    """The URL of a page of `name` for an object's pk, worked out once, not by `reverse` per row
    (nor per request)."""
    prefix, suffix = _around_pk(name, authority_slug, get_script_prefix(), get_urlconf())
    return lambda pk: f"{prefix}/{pk}/{suffix}"


def case_urls(authority_slug: str, family_id: int) -> dict[str, str]:
    """The links of the case page that go from the family to its other pages."""
    return {
        key: url_of(name, authority_slug)(family_id)
        for key, name in (
            ("family_edit", "cases:family-edit"),
            ("child_create", "cases:child-create"),
            ("person_create", "cases:person-create"),
            ("discussion_create", "cases:strategy-discussion-create"),
            ("schedule", "conferences:conference-schedule"),
        )
    }


def _truncated(text: str, words: int) -> str:
    """As the template's `truncatewords` filter."""
    return Truncator(text).words(words, truncate=" …")


def deadline_rows_html(deadlines: list[DeadlineView]) -> SafeString:
    return _html(
        _ROW
        + _cell("Rule", escape(dv.deadline.rule_id), WHOLE_WORDS)
        + _cell("What is due", escape(dv.deadline.label))
        + _cell("Due by", f"{short_date_with_weekday(dv.due_on)}{_small(escape(dv.days_left_text))}")
        + _cell("Status", f'<strong class="govuk-tag {escape(dv.tag_class)}">{escape(dv.label)}</strong>')
        + _END
        for dv in deadlines
    )


def _when(moment) -> str:
    """As the template's `date:"D j M Y, H:i"`: in the page's time zone."""
    local = timezone.localtime(moment)
    return f"{short_date_with_weekday(local.date())}, {local:%H:%M}"


def _where(conference: dict) -> str:
    venue = conference["venue_id"] is not None
    where = escape(conference["venue__name"]) if venue else ""
    if conference["virtual_link"]:
        where += " and online" if venue else "Online"
    return where


def conference_rows_html(conferences: list[dict], conference_url_prefix: str) -> SafeString:
    return _html(
        _ROW
        + _cell(
            "Conference",
            f'<a class="govuk-link" href="{escape(conference_url_prefix)}{conference["pk"]}/">'
            f"{escape(conference['kind_words'])}</a><br>"
            f'<span class="govuk-body-s">{", ".join(escape(name) for name in conference["children"])}</span>',
        )
        + _cell("When", _when(conference["starts_at"]))
        + _cell("Where", _where(conference), " govuk-body-s")
        + _cell("Chair", escape(conference["chair_name"]), WHOLE_WORDS)
        + _cell("Invited", escape(conference["invitation_count"]))
        + _cell("Status", escape(conference["status_words"]))
        + _END
        for conference in conferences
    )


def _small(text: str) -> str:
    return f'<br><span class="govuk-body-s">{text}</span>'


def _link(url: str, text: str) -> str:
    return f'<a class="govuk-link" href="{url}">{text}</a>'


def _action_cell(body: str) -> str:
    return f'\n    <td class="govuk-table__cell">{body}</td>'


def _protection_ended(plan: dict) -> str:
    if not plan["ended_on"]:
        return '<strong class="govuk-tag govuk-tag--green">Active</strong>'
    kind, reason = plan["end_kind_words"], plan["end_reason"]
    why = escape(kind or "Ended")
    if reason and reason != kind:
        why += f": {escape(_truncated(reason, 20))}"
    ended = f"{_whole_words(long_date(plan['ended_on']))}{_small(why)}"
    if plan["oversight_by_id"]:
        followed = plan["oversight_recorded_on"]
        follow_up = f", followed up {long_date(followed)}" if followed else ", follow-up not yet recorded"
        ended += _small(f"Oversight: {escape(plan['oversight_name'])}{follow_up}")
    return ended


def _protection_rows(plans: list[dict], urls: dict, *, can_end: bool, is_head_of_service: bool):
    for plan in plans:
        hidden = f'<span class="govuk-visually-hidden"> for {escape(plan["child_name"])}</span>'
        if not plan["ended_on"] and can_end:
            action = _link(urls["end"](plan["pk"]), f"End this plan{hidden}")
        elif plan["oversight_by_id"] and is_head_of_service:
            action = _link(urls["oversight"](plan["pk"]), f"Record your follow-up{hidden}")
        else:
            action = ""
        yield (
            _ROW
            + _cell("Child", escape(plan["child_name"]), WHOLE_WORDS)
            + _cell("Plan", f"Child protection plan{_small(escape(plan['category_words']))}", WHOLE_WORDS)
            + _cell("Started", long_date(plan["started_on"]), WHOLE_WORDS)
            + _cell("Ended", _protection_ended(plan))
            + _action_cell(action)
            + _END
        )


def _in_need_ended(cin: dict) -> str:
    if cin["ended_on"]:
        ended = _whole_words(long_date(cin["ended_on"]))
        if cin["end_reason"]:
            ended += f'<br><span class="govuk-body-s">{escape(_truncated(cin["end_reason"], 20))}</span>'
    else:
        ended = '<strong class="govuk-tag govuk-tag--green">Active</strong>'
    last = cin["last_review"]
    if last:
        ended += f'<br><span class="govuk-body-s">Last reviewed {long_date(last["held_on"])}'
        if last["next_review_on"] and not cin["ended_on"]:
            ended += f"; next review {long_date_with_weekday(last['next_review_on'])}"
        ended += "</span>"
    return ended


def _in_need_rows(plans: list[dict], urls: dict, *, can_end: bool):
    for cin in plans:
        hidden = f" (child in need plan for {escape(cin['child_name'])})"
        hidden = f'<span class="govuk-visually-hidden">{hidden}</span>'
        open_to_end = not cin["ended_on"] and can_end
        action = (
            f'<a class="govuk-link app-nowrap" href="{urls["reviews"](cin["pk"])}">'
            f"{'Record a review' if open_to_end else 'Reviews'}{hidden}</a>"
        )
        if open_to_end:
            action += "<br>" + _link(urls["in_need_end"](cin["pk"]), f"End this plan{hidden}")
        step_down = (
            '<br><span class="govuk-body-s">After the child protection plan (step-down)</span>'
            if cin["stepped_down_from_id"]
            else ""
        )
        yield (
            _ROW
            + _cell("Child", escape(cin["child_name"]), WHOLE_WORDS)
            + _cell("Plan", f"Child in need plan{step_down}", WHOLE_WORDS)
            + _cell("Started", long_date(cin["started_on"]), WHOLE_WORDS)
            + _cell("Ended", _in_need_ended(cin))
            + _action_cell(action)
            + _END
        )


def plan_rows_html(
    plans, authority_slug: str, *, can_end_plans: bool, can_end_in_need_plans: bool, is_head_of_service: bool
) -> dict[str, SafeString]:
    """The plans table's rows (`FamilyPlans`): its child protection plans and child in need plans."""
    urls = {
        key: url_of(name, authority_slug)
        for key, name in (
            ("end", "cases:plan-end"),
            ("oversight", "cases:plan-oversight"),
            ("reviews", "cases:in-need-plan-reviews"),
            ("in_need_end", "cases:in-need-plan-end"),
        )
    }
    protection = _protection_rows(
        plans.protection, urls, can_end=can_end_plans, is_head_of_service=is_head_of_service
    )
    return {
        "protection": _html(protection),
        "in_need": _html(_in_need_rows(plans.in_need, urls, can_end=can_end_in_need_plans)),
    }


def _long_plan_flags(flags: list) -> str:
    """What `cases/_long_plan_flags.html` wrote under the child's name."""
    if not flags:
        return "\n"
    items = "".join(
        '<li class="govuk-!-margin-bottom-1"><strong class="govuk-tag govuk-tag--orange app-tag--wide">'
        f"{escape(flag.text)}</strong>"
        + (f' <span class="govuk-body-s">{escape(flag.detail)}</span>' if flag.detail else "")
        + "</li>"
        for flag in flags
    )
    return (
        f'\n<ul class="govuk-list govuk-!-margin-top-2 govuk-!-margin-bottom-0">\n  {items}\n</ul>\n'
        '<span class="govuk-body-s">Flagged to managers (LONG-PLAN)</span>\n\n'
    )


def _child_details(child: dict) -> str:
    details = f"Gender: {escape(child['gender_words'].lower())}"
    for key, words in (("ethnicity", ""), ("religion", ""), ("first_language", "first language ")):
        if child[key]:
            details += f"; {words}{escape(child[key])}"
    if child["interpreter_needed"]:
        details += "; <strong>interpreter needed</strong>"
    if child["disability"]:
        details += f"<br>Disability or special need: {escape(child['disability'])}"
    return details


def _child_carers(child: dict) -> str:
    if not child["relationships"]:
        return "None recorded"
    return "<br>".join(
        f"{escape(r['person_name'])} ({escape(r['kind_words'].lower())}"
        f"{', parental responsibility' if r['parental_responsibility'] else ''})"
        for r in child["relationships"]
    )


def child_rows_html(children: list[dict], authority_slug: str, *, can_write: bool) -> SafeString:
    edit_url = url_of("cases:child-edit", authority_slug)
    rows = []
    for child in children:
        name = escape(child["full_name"])
        also = (
            f'<br><span class="govuk-body-s">Also known as {escape(child["other_names"])}</span>'
            if child["other_names"]
            else ""
        )
        change = (
            f'<td class="govuk-table__cell"><a class="govuk-link app-nowrap" href="{edit_url(child["pk"])}">'
            f'Change<span class="govuk-visually-hidden"> {name}</span></a></td>'
            if can_write
            else ""
        )
        rows.append(
            _ROW
            + _cell("Name", f"{name}{also}{_long_plan_flags(child['long_plan_flags'])}", WHOLE_WORDS)
            + _cell("Date of birth", f"{'Unborn: expected ' if child['unborn'] else ''}{child['born']}")
            + _cell("Details", _child_details(child), " govuk-body-s")
            + _cell("Parents and carers", _child_carers(child), " govuk-body-s")
            + f"\n    {change}"
            + _END
        )
    return _html(rows)


def _linebreaks(text: str, empty: str) -> str:
    """As the template's `linebreaksbr|default:empty`."""
    return escape(normalize_newlines(text)).replace("\n", "<br>") if text else empty


def _person_relationships(person: dict) -> str:
    if not person["relationships"]:
        return "No relationship recorded"
    return "<br>".join(
        f"{escape(r['kind_words'])} of {escape(r['child__first_name'])}: parental responsibility "
        f"{'yes' if r['parental_responsibility'] else 'no'}"
        for r in person["relationships"]
    )


def people_rows_html(people: list[dict], authority_slug: str, *, can_write: bool) -> SafeString:
    edit_url = url_of("cases:person-edit", authority_slug)
    rows = []
    for person in people:
        name = escape(person["name"])
        also = _small(f"Also known as {escape(person['other_names'])}") if person["other_names"] else ""
        change = (
            f'<td class="govuk-table__cell"><a class="govuk-link app-nowrap" href="{edit_url(person["pk"])}">'
            f'Change<span class="govuk-visually-hidden"> {name}</span></a></td>'
            if can_write
            else ""
        )
        rows.append(
            _ROW
            + _cell("Name", f"{name}{also}", WHOLE_WORDS)
            + _cell("Date of birth", escape(person["born"]) or "Not known")
            + _cell(
                "Relationship and parental responsibility", _person_relationships(person), " govuk-body-s"
            )
            + _cell("Address", _linebreaks(person["address"], "Not recorded"), " govuk-body-s")
            + f"\n    {change}"
            + _END
        )
    return _html(rows)


def discussion_rows_html(discussions: list, authority_slug: str, *, can_write: bool) -> SafeString:
    """The strategy discussions' rows (`DiscussionRow`s)."""
    edit_url = url_of("cases:strategy-discussion-edit", authority_slug)
    rows = []
    for row in discussions:
        discussion, icpc = row.discussion, row.icpc
        held_on = short_date(discussion["held_on"])
        started = "started" if discussion["section47_started"] else "not started"
        due = (
            f'{short_date(icpc.due_on)}<br><strong class="govuk-tag {escape(icpc.tag_class)}">'
            f"{escape(icpc.label)}</strong>"
            if icpc
            else "—"
        )
        change = (
            '<td class="govuk-table__cell"><a class="govuk-link app-nowrap" '
            f'href="{edit_url(discussion["pk"])}">'
            f'Change<span class="govuk-visually-hidden"> the discussion of {held_on}</span></a></td>'
            if can_write
            else ""
        )
        rows.append(
            _ROW
            + _cell("Date", held_on)
            + _cell("Children", ", ".join(escape(name) for name in discussion["children"]), " govuk-body-s")
            + _cell(
                "Outcome",
                f"{escape(_truncated(discussion['outcome'], 30))}<br>Section 47 enquiries: {started}",
                " govuk-body-s",
            )
            + _cell("Initial conference due", due)
            + f"\n    {change}"
            + _END
        )
    return _html(rows)
