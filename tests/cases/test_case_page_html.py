"""The case page's rows written in Python read as the template's row loops wrote them: each loop
below is as `cases/case_detail.html` and `cases/plans/_case_plans.html` had it (reading the same row
dicts) before the rows were written in Python."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils.timezone import override as timezone_of

from cases.case_page_html import child_rows_html, conference_rows_html, deadline_rows_html, plan_rows_html
from cases.plans.selectors import FamilyPlans
from cases.selectors import DeadlineView, LongPlanFlag
from scheduling.engine import DeadlineStatus
from scheduling.models import Deadline

CHILD_LOOP = Template(
    """{% for child in page.children %}
  <tr class="govuk-table__row">
    <td data-label="Name" class="govuk-table__cell app-whole-words">{{ child.full_name }}{% if child.other_names %}<br><span class="govuk-body-s">Also known as {{ child.other_names }}</span>{% endif %}{% if child.long_plan_flags %}
<ul class="govuk-list govuk-!-margin-top-2 govuk-!-margin-bottom-0">
  {% for flag in child.long_plan_flags %}<li class="govuk-!-margin-bottom-1"><strong class="govuk-tag govuk-tag--orange app-tag--wide">{{ flag.text }}</strong>{% if flag.detail %} <span class="govuk-body-s">{{ flag.detail }}</span>{% endif %}</li>{% endfor %}
</ul>
<span class="govuk-body-s">Flagged to managers (LONG-PLAN)</span>
{% endif %}
</td>
    <td data-label="Date of birth" class="govuk-table__cell">{% if child.unborn %}Unborn: expected {% endif %}{{ child.born }}</td>
    <td data-label="Details" class="govuk-table__cell govuk-body-s">Gender: {{ child.gender_words|lower }}{% if child.ethnicity %}; {{ child.ethnicity }}{% endif %}{% if child.religion %}; {{ child.religion }}{% endif %}{% if child.first_language %}; first language {{ child.first_language }}{% endif %}{% if child.interpreter_needed %}; <strong>interpreter needed</strong>{% endif %}{% if child.disability %}<br>Disability or special need: {{ child.disability }}{% endif %}</td>
    <td data-label="Parents and carers" class="govuk-table__cell govuk-body-s">{% for r in child.relationships %}{{ r.person_name }} ({{ r.kind_words|lower }}{% if r.parental_responsibility %}, parental responsibility{% endif %}){% if not forloop.last %}<br>{% endif %}{% empty %}None recorded{% endfor %}</td>
    {% if can_write %}<td class="govuk-table__cell"><a class="govuk-link app-nowrap" href="{% url 'cases:child-edit' authority_slug=current_authority.slug pk=child.pk %}">Change<span class="govuk-visually-hidden"> {{ child.full_name }}</span></a></td>{% endif %}
  </tr>
  {% endfor %}"""  # noqa: E501
)
CONFERENCE_LOOP = Template(
    """{% for conference in page.conferences %}
  <tr class="govuk-table__row">
    <td data-label="Conference" class="govuk-table__cell"><a class="govuk-link" href="{{ conference_url_prefix }}{{ conference.pk }}/">{{ conference.kind_words }}</a><br><span class="govuk-body-s">{{ conference.children|join:", " }}</span></td>
    <td data-label="When" class="govuk-table__cell">{{ conference.starts_at|date:"D j M Y, H:i" }}</td>
    <td data-label="Where" class="govuk-table__cell govuk-body-s">{% if conference.venue_id %}{{ conference.venue__name }}{% endif %}{% if conference.virtual_link %}{% if conference.venue_id %} and online{% else %}Online{% endif %}{% endif %}</td>
    <td data-label="Chair" class="govuk-table__cell app-whole-words">{{ conference.chair_name }}</td>
    <td data-label="Invited" class="govuk-table__cell">{{ conference.invitation_count }}</td>
    <td data-label="Status" class="govuk-table__cell">{{ conference.status_words }}</td>
  </tr>
  {% endfor %}"""  # noqa: E501
)
DEADLINE_LOOP = Template(
    """{% for dv in page.deadlines %}
  <tr class="govuk-table__row">
    <td data-label="Rule" class="govuk-table__cell app-whole-words">{{ dv.deadline.rule_id }}</td>
    <td data-label="What is due" class="govuk-table__cell">{{ dv.deadline.label }}</td>
    <td data-label="Due by" class="govuk-table__cell">{{ dv.due_on|date:"D j M Y" }}<br><span class="govuk-body-s">{{ dv.days_left_text }}</span></td>
    <td data-label="Status" class="govuk-table__cell"><strong class="govuk-tag {{ dv.tag_class }}">{{ dv.label }}</strong></td>
  </tr>
  {% endfor %}"""  # noqa: E501
)
PLAN_LOOPS = Template(
    """{% for plan in plans.protection %}
  <tr class="govuk-table__row">
    <td data-label="Child" class="govuk-table__cell app-whole-words">{{ plan.child_name }}</td>
    <td data-label="Plan" class="govuk-table__cell app-whole-words">Child protection plan<br><span class="govuk-body-s">{{ plan.category_words }}</span></td>
    <td data-label="Started" class="govuk-table__cell app-whole-words">{{ plan.started_on|date:"j F Y" }}</td>
    <td data-label="Ended" class="govuk-table__cell">{% if plan.ended_on %}<span class="app-whole-words">{{ plan.ended_on|date:"j F Y" }}</span><br><span class="govuk-body-s">{{ plan.end_kind_words|default:"Ended" }}{% if plan.end_reason and plan.end_reason != plan.end_kind_words %}: {{ plan.end_reason|truncatewords:20 }}{% endif %}</span>{% if plan.oversight_by_id %}<br><span class="govuk-body-s">Oversight: {{ plan.oversight_name }}{% if plan.oversight_recorded_on %}, followed up {{ plan.oversight_recorded_on|date:"j F Y" }}{% else %}, follow-up not yet recorded{% endif %}</span>{% endif %}{% else %}<strong class="govuk-tag govuk-tag--green">Active</strong>{% endif %}</td>
    <td class="govuk-table__cell">{% if not plan.ended_on and can_end_plans %}<a class="govuk-link" href="{% url 'cases:plan-end' authority_slug=current_authority.slug pk=plan.pk %}">End this plan<span class="govuk-visually-hidden"> for {{ plan.child_name }}</span></a>{% elif plan.oversight_by_id and is_head_of_service %}<a class="govuk-link" href="{% url 'cases:plan-oversight' authority_slug=current_authority.slug pk=plan.pk %}">Record your follow-up<span class="govuk-visually-hidden"> for {{ plan.child_name }}</span></a>{% endif %}</td>
  </tr>
  {% endfor %}
{% for cin in plans.in_need %}
  <tr class="govuk-table__row">
    <td data-label="Child" class="govuk-table__cell app-whole-words">{{ cin.child_name }}</td>
    <td data-label="Plan" class="govuk-table__cell app-whole-words">Child in need plan{% if cin.stepped_down_from_id %}<br><span class="govuk-body-s">After the child protection plan (step-down)</span>{% endif %}</td>
    <td data-label="Started" class="govuk-table__cell app-whole-words">{{ cin.started_on|date:"j F Y" }}</td>
    <td data-label="Ended" class="govuk-table__cell">{% if cin.ended_on %}<span class="app-whole-words">{{ cin.ended_on|date:"j F Y" }}</span>{% if cin.end_reason %}<br><span class="govuk-body-s">{{ cin.end_reason|truncatewords:20 }}</span>{% endif %}{% else %}<strong class="govuk-tag govuk-tag--green">Active</strong>{% endif %}{% with last=cin.last_review %}{% if last %}<br><span class="govuk-body-s">Last reviewed {{ last.held_on|date:"j F Y" }}{% if last.next_review_on and not cin.ended_on %}; next review {{ last.next_review_on|date:"l j F Y" }}{% endif %}</span>{% endif %}{% endwith %}</td>
    <td class="govuk-table__cell"><a class="govuk-link app-nowrap" href="{% url 'cases:in-need-plan-reviews' authority_slug=current_authority.slug pk=cin.pk %}">{% if not cin.ended_on and can_end_in_need_plans %}Record a review{% else %}Reviews{% endif %}<span class="govuk-visually-hidden"> (child in need plan for {{ cin.child_name }})</span></a>{% if not cin.ended_on and can_end_in_need_plans %}<br><a class="govuk-link" href="{% url 'cases:in-need-plan-end' authority_slug=current_authority.slug pk=cin.pk %}">End this plan<span class="govuk-visually-hidden"> (child in need plan for {{ cin.child_name }})</span></a>{% endif %}</td>
  </tr>
  {% endfor %}"""  # noqa: E501
)

SLUG = "north-shire"
AUTHORITY = {"slug": SLUG}

CHILDREN = [
    {
        "pk": 11,
        "full_name": "Ann O'Brien & <Co>",
        "other_names": '"Annie" <b>',
        "unborn": False,
        "born": "3 Mar 2019",
        "gender_words": "Another gender",
        "ethnicity": "White & Black",
        "religion": "",
        "first_language": "Polish",
        "interpreter_needed": True,
        "disability": "Deaf <BSL>",
        "relationships": [
            {"person_name": "Jo <Smith>", "kind_words": "Mother", "parental_responsibility": True},
            {"person_name": "Sam Smith", "kind_words": "Parent's partner", "parental_responsibility": False},
        ],
        "long_plan_flags": [
            LongPlanFlag("Plan open 2 years or more", "since 1 January 2024"),
            LongPlanFlag("Second child protection plan"),
        ],
    },
    {
        "pk": 12,
        "full_name": "Unborn Smith",
        "other_names": "",
        "unborn": True,
        "born": "1 Feb 2027",
        "gender_words": "Not known",
        "ethnicity": "",
        "religion": "Quaker",
        "first_language": "",
        "interpreter_needed": False,
        "disability": "",
        "relationships": [],
        "long_plan_flags": [],
    },
]

LONDON = ZoneInfo("Europe/London")
CONFERENCES = [
    {
        "pk": 5,
        "kind_words": "Initial",
        "children": ["Ann", "<Bo>"],
        "starts_at": datetime(2026, 7, 1, 9, 30, tzinfo=ZoneInfo("UTC")),
        "venue_id": 3,
        "venue__name": "Room <1> & 2",
        "virtual_link": "https://meet.example/x",
        "chair_name": "Chris O'Neil",
        "invitation_count": 12,
        "status_words": "Scheduled",
    },
    {
        "pk": 6,
        "kind_words": "Review",
        "children": [],
        "starts_at": datetime(2026, 12, 1, 14, 0, tzinfo=ZoneInfo("UTC")),
        "venue_id": None,
        "venue__name": None,
        "virtual_link": "https://meet.example/y",
        "chair_name": "",
        "invitation_count": 0,
        "status_words": "Held",
    },
    {
        "pk": 7,
        "kind_words": "Midway",
        "children": ["Ann"],
        "starts_at": datetime(2026, 3, 1, 10, 0, tzinfo=ZoneInfo("UTC")),
        "venue_id": 4,
        "venue__name": "Hall",
        "virtual_link": "",
        "chair_name": "Pat",
        "invitation_count": 3,
        "status_words": "Cancelled",
    },
]

LONG_REASON = "Moved <away> & " + " ".join(f"word{n}" for n in range(30))
PLANS = FamilyPlans(
    protection=[
        {
            "pk": 21,
            "child_name": "Ann <O'Brien>",
            "category_words": "Neglect & abuse",
            "started_on": date(2025, 1, 2),
            "ended_on": None,
            "end_kind_words": "",
            "end_reason": "",
            "oversight_by_id": None,
            "oversight_name": "",
            "oversight_recorded_on": None,
        },
        {
            "pk": 22,
            "child_name": "Ann <O'Brien>",
            "category_words": "Physical abuse",
            "started_on": date(2023, 1, 2),
            "ended_on": date(2024, 5, 6),
            "end_kind_words": "Moved to another authority",
            "end_reason": LONG_REASON,
            "oversight_by_id": 9,
            "oversight_name": "Head <of> Service",
            "oversight_recorded_on": None,
        },
        {
            "pk": 23,
            "child_name": "Bo",
            "category_words": "Emotional abuse",
            "started_on": date(2022, 1, 2),
            "ended_on": date(2022, 8, 6),
            "end_kind_words": "Ended at a review",
            "end_reason": "Ended at a review",
            "oversight_by_id": 9,
            "oversight_name": "Head",
            "oversight_recorded_on": date(2022, 9, 1),
        },
        {
            "pk": 24,
            "child_name": "Bo",
            "category_words": "Sexual abuse",
            "started_on": date(2021, 1, 2),
            "ended_on": date(2021, 8, 6),
            "end_kind_words": "",
            "end_reason": "",
            "oversight_by_id": None,
            "oversight_name": "",
            "oversight_recorded_on": None,
        },
    ],
    in_need=[
        {
            "pk": 31,
            "child_name": "Ann & co",
            "stepped_down_from_id": 22,
            "started_on": date(2024, 5, 6),
            "ended_on": None,
            "end_reason": "",
            "last_review": {"held_on": date(2024, 8, 1), "next_review_on": date(2024, 11, 1)},
        },
        {
            "pk": 32,
            "child_name": "Bo",
            "stepped_down_from_id": None,
            "started_on": date(2020, 5, 6),
            "ended_on": date(2020, 9, 6),
            "end_reason": LONG_REASON,
            "last_review": {"held_on": date(2020, 8, 1), "next_review_on": date(2020, 11, 1)},
        },
        {
            "pk": 33,
            "child_name": "Cy",
            "stepped_down_from_id": None,
            "started_on": date(2019, 5, 6),
            "ended_on": date(2019, 9, 6),
            "end_reason": "",
            "last_review": None,
        },
    ],
)


def _deadline(**fields) -> Deadline:
    return Deadline(rule_id="ICPC-15WD", label="Initial conference <within> 15 days", **fields)


DEADLINES = [
    DeadlineView(_deadline(due_on=date(2026, 7, 1), event_on=date(2026, 6, 1)), DeadlineStatus.DUE_SOON, 1),
    DeadlineView(_deadline(due_on=date(2026, 6, 1), event_on=date(2026, 5, 1)), DeadlineStatus.OVERDUE, -3),
    DeadlineView(
        _deadline(due_on=date(2026, 6, 1), event_on=date(2026, 5, 1), met_on=date(2026, 5, 20)),
        DeadlineStatus.MET_ON_TIME,
        None,
    ),
]


@pytest.mark.parametrize("can_write", [True, False])
def test_child_rows_read_as_the_template_wrote_them(can_write):
    context = {"page": {"children": CHILDREN}, "can_write": can_write, "current_authority": AUTHORITY}
    assert child_rows_html(CHILDREN, SLUG, can_write=can_write) == CHILD_LOOP.render(Context(context))


def test_conference_rows_read_as_the_template_wrote_them():
    prefix = f"/{SLUG}/conferences/"
    context = Context({"page": {"conferences": CONFERENCES}, "conference_url_prefix": prefix})
    # Both in the page's time zone: the template's `date` filter and the Python rows alike.
    with timezone_of(LONDON):
        assert conference_rows_html(CONFERENCES, prefix) == CONFERENCE_LOOP.render(context)


def test_deadline_rows_read_as_the_template_wrote_them():
    assert deadline_rows_html(DEADLINES) == DEADLINE_LOOP.render(Context({"page": {"deadlines": DEADLINES}}))


@pytest.mark.parametrize(
    "can_end_plans, can_end_in_need_plans, is_head_of_service",
    [(True, True, False), (False, False, True), (False, True, False)],
)
def test_plan_rows_read_as_the_template_wrote_them(can_end_plans, can_end_in_need_plans, is_head_of_service):
    roles = {
        "can_end_plans": can_end_plans,
        "can_end_in_need_plans": can_end_in_need_plans,
        "is_head_of_service": is_head_of_service,
    }
    rows = plan_rows_html(PLANS, SLUG, **roles)
    expected = PLAN_LOOPS.render(Context({"plans": PLANS, "current_authority": AUTHORITY, **roles}))
    assert f"{rows['protection']}\n{rows['in_need']}" == expected
