"""The case list's search boxes written in Python read as `includes/field.html` wrote them."""

import pytest
from django.template.loader import get_template

from authorities.field_html import field_html
from cases.case_search_html import search_fields_html
from cases.forms import CaseSearchForm

FIELD = get_template("includes/field.html")


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"q": 'O\'Brien & <Sons> "family"', "status": "overdue", "whose": "mine"},
        {"q": "  27/03/2019  ", "whose": "team"},
        {"q": "x" * 300, "status": "<bogus&>", "whose": "nobody"},
    ],
    ids=["unbound", "empty", "escaped", "date", "errors"],
)
def test_each_search_box_is_what_the_field_template_wrote(data):
    form = CaseSearchForm(data)
    if data is not None:
        form.is_valid()
    written = search_fields_html(form)
    assert set(written) == {"q", "status", "whose"}
    for name, html in written.items():
        assert html == FIELD.render({"field": form[name]}), name


def test_values_and_errors_are_escaped():
    form = CaseSearchForm({"q": "<b>&", "status": "<bogus&>"})
    form.is_valid()
    box, status = field_html(form["q"]), field_html(form["status"])
    assert 'value="&lt;b&gt;&amp;"' in box and "<b>&" not in box
    assert "govuk-form-group--error" in status and "&lt;bogus&amp;&gt; is not one" in status
    assert 'aria-describedby="id_status-error"' in status
