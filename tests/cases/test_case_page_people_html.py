"""The case page's parents and carers and strategy discussion rows, written in Python, read as the
template's row loops wrote them: each loop below is as `cases/case_detail.html` had it (reading the
same rows) before the rows were written in Python."""

from datetime import date

import pytest
from django.template import Context, Template

from cases.case_page_html import discussion_rows_html, people_rows_html
from cases.selectors import DeadlineView
from cases.selectors.case_page import DiscussionRow
from scheduling.engine import DeadlineStatus
from scheduling.models import Deadline

PEOPLE_LOOP = Template(
    """{% for person in page.people %}
  <tr class="govuk-table__row">
    <td data-label="Name" class="govuk-table__cell app-whole-words">{{ person.name }}{% if person.other_names %}<br><span class="govuk-body-s">Also known as {{ person.other_names }}</span>{% endif %}</td>
    <td data-label="Date of birth" class="govuk-table__cell">{{ person.born|default:"Not known" }}</td>
    <td data-label="Relationship and parental responsibility" class="govuk-table__cell govuk-body-s">{% for r in person.relationships %}{{ r.kind_words }} of {{ r.child__first_name }}: parental responsibility {{ r.parental_responsibility|yesno:"yes,no" }}{% if not forloop.last %}<br>{% endif %}{% empty %}No relationship recorded{% endfor %}</td>
    <td data-label="Address" class="govuk-table__cell govuk-body-s">{{ person.address|linebreaksbr|default:"Not recorded" }}</td>
    {% if can_write %}<td class="govuk-table__cell"><a class="govuk-link app-nowrap" href="{% url 'cases:person-edit' authority_slug=current_authority.slug pk=person.pk %}">Change<span class="govuk-visually-hidden"> {{ person.name }}</span></a></td>{% endif %}
  </tr>
  {% endfor %}"""  # noqa: E501
)
DISCUSSION_LOOP = Template(
    """{% for row in page.discussions %}
  <tr class="govuk-table__row">
    <td data-label="Date" class="govuk-table__cell">{{ row.discussion.held_on|date:"j M Y" }}</td>
    <td data-label="Children" class="govuk-table__cell govuk-body-s">{{ row.discussion.children|join:", " }}</td>
    <td data-label="Outcome" class="govuk-table__cell govuk-body-s">{{ row.discussion.outcome|truncatewords:30 }}<br>Section 47 enquiries: {{ row.discussion.section47_started|yesno:"started,not started" }}</td>
    <td data-label="Initial conference due" class="govuk-table__cell">{% if row.icpc %}{{ row.icpc.due_on|date:"j M Y" }}<br><strong class="govuk-tag {{ row.icpc.tag_class }}">{{ row.icpc.label }}</strong>{% else %}—{% endif %}</td>
    {% if can_write %}<td class="govuk-table__cell"><a class="govuk-link app-nowrap" href="{% url 'cases:strategy-discussion-edit' authority_slug=current_authority.slug pk=row.discussion.pk %}">Change<span class="govuk-visually-hidden"> the discussion of {{ row.discussion.held_on|date:"j M Y" }}</span></a></td>{% endif %}
  </tr>
  {% endfor %}"""  # noqa: E501
)

SLUG = "north-shire"
AUTHORITY = {"slug": SLUG}

PEOPLE = [
    {
        "pk": 41,
        "name": "Jo <Smith> & Co",
        "other_names": '"Jojo" O\'Neil',
        "born": "3 Mar 1990",
        "address": "1 High <Street>\r\nTown & Country\nAB1 2CD",
        "relationships": [
            {"kind_words": "Mother", "child__first_name": "Ann <b>", "parental_responsibility": True},
            {"kind_words": "Parent's partner", "child__first_name": "Bo", "parental_responsibility": False},
        ],
    },
    {
        "pk": 42,
        "name": "Sam Smith",
        "other_names": "",
        "born": "",
        "address": "",
        "relationships": [],
    },
]


def _icpc(status: str, left: int | None, **fields) -> DeadlineView:
    deadline = Deadline(rule_id="ICPC-15WD", label="Initial conference", event_on=date(2026, 5, 1), **fields)
    return DeadlineView(deadline, status, left)


LONG_OUTCOME = "Section 47 <enquiries> & more: " + " ".join(f"word{n}" for n in range(40))
DISCUSSIONS = [
    DiscussionRow(
        {
            "pk": 51,
            "held_on": date(2026, 5, 1),
            "outcome": LONG_OUTCOME,
            "section47_started": True,
            "children": ["Ann <b>", "Bo & Cy"],
        },
        _icpc(DeadlineStatus.OVERDUE, -2, due_on=date(2026, 5, 22)),
    ),
    DiscussionRow(
        {
            "pk": 52,
            "held_on": date(2026, 9, 3),
            "outcome": "Short",
            "section47_started": True,
            "children": [],
        },
        _icpc(DeadlineStatus.MET_ON_TIME, None, due_on=date(2026, 9, 24), met_on=date(2026, 9, 20)),
    ),
    DiscussionRow(
        {
            "pk": 53,
            "held_on": date(2025, 1, 9),
            "outcome": "",
            "section47_started": False,
            "children": ["Ann"],
        },
        None,
    ),
]


@pytest.mark.parametrize("can_write", [True, False])
def test_people_rows_read_as_the_template_wrote_them(can_write):
    context = {"page": {"people": PEOPLE}, "can_write": can_write, "current_authority": AUTHORITY}
    expected = PEOPLE_LOOP.render(Context(context))
    assert people_rows_html(PEOPLE, SLUG, can_write=can_write) == expected
    assert "Jo &lt;Smith&gt; &amp; Co" in expected and "1 High &lt;Street&gt;<br>Town" in expected


@pytest.mark.parametrize("can_write", [True, False])
def test_discussion_rows_read_as_the_template_wrote_them(can_write):
    context = {"page": {"discussions": DISCUSSIONS}, "can_write": can_write, "current_authority": AUTHORITY}
    expected = DISCUSSION_LOOP.render(Context(context))
    assert discussion_rows_html(DISCUSSIONS, SLUG, can_write=can_write) == expected
    assert "Ann &lt;b&gt;, Bo &amp; Cy" in expected and "word24 …" in expected
