"""The case list's rows written in Python read as the template's row loop wrote them."""

from django.template import Context, Template
from django.utils.safestring import mark_safe

from cases.case_rows_html import case_rows_html

# The row loop as `cases/_case_rows.html` had it before the rows were written in Python.
ROW_LOOP = Template(
    """{% for row in rows %}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell"><a class="govuk-link" href="{{ case_url_prefix }}{{ row.pk }}/">{{ row.name }}</a>{% if row.reference %}<br><span class="govuk-body-s">{{ row.reference }}</span>{% endif %}</td>
      <td class="govuk-table__cell">
        <ul class="govuk-list govuk-body-s govuk-!-margin-0">
        {% for child in row.children %}<li>{{ child }}</li>{% empty %}<li>None recorded</li>{% endfor %}
        </ul>
      </td>
      <td class="govuk-table__cell">{{ row.social_worker|default:"Not allocated" }}</td>
      {% with icpc=row.icpc %}<td class="govuk-table__cell">{% if icpc %}{{ icpc.due }}<br><span class="govuk-body-s">{{ icpc.days_left }}</span>{% else %}—{% endif %}</td>
      <td class="govuk-table__cell">{% if icpc %}<strong class="govuk-tag {{ icpc.tag_class }}">{{ icpc.label }}</strong>{% else %}<span class="govuk-hint govuk-!-margin-0">No timescale running</span>{% endif %}</td>{% endwith %}
    </tr>
    {% endfor %}"""  # noqa: E501
)

ROWS = [
    {
        "pk": 7,
        "name": "O'Brien & <Sons> family",
        "reference": 'REF-"1"',
        "children": ["Ann O'Brien (born 3 Mar 2019)", "<b>Unborn</b> (unborn, expected 1 Feb 2027)"],
        "social_worker": "Robin Taylor",
        "icpc": {
            "due": "Fri 23 Aug 2024",
            "days_left": "3 working days left",
            "label": "Due soon",
            "tag_class": "govuk-tag--yellow",
        },
    },
    {"pk": 8, "name": "Smith family", "reference": "", "children": [], "social_worker": "", "icpc": None},
    {
        "pk": 9,
        "name": mark_safe("Already <i>safe</i>"),
        "reference": "",
        "children": [],
        "social_worker": "",
        "icpc": None,
    },
]


def test_rows_match_the_template_loop_escaping_and_empty_cells_included():
    prefix = "/west-sussex/cases/"
    expected = ROW_LOOP.render(Context({"rows": ROWS, "case_url_prefix": prefix}))
    assert case_rows_html(ROWS, prefix) == expected
    assert "O&#x27;Brien &amp; &lt;Sons&gt;" in expected
    assert "None recorded" in expected and "Not allocated" in expected and "No timescale running" in expected


def test_no_rows_no_html():
    assert case_rows_html([], "/x/cases/") == ""
