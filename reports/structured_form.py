"""The structured report's form. Its fields are built from the report's sections (REPORT-FIELDS,
REPORT-REVIEW, the framework's headings), so every authority's form follows its own rule set;
`to_content()` reads them back into the JSON the service keeps."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms

from authorities.text_limits import LimitedTextField, reason_field
from cases.models import Category

from . import form_content
from . import sections as spec
from .content import (
    ADULT_KEYS,
    ADULT_NOUN,
    AGENCY_CONTRIBUTION,
    AGENCY_CONTRIBUTION_MAX_LENGTH,
    CHILD_KEYS,
    CHILD_NOUN,
    RECOMMENDATION_REASONS,
    RECOMMENDATION_REASONS_MAX_LENGTH,
    SECTION_MAX_LENGTH,
    STATEMENT_MAX_LENGTH,
    ContentRefused,
    line_limit,
    row_name,
    statement_name,
)
from .forms import _textarea

NOT_KNOWN_LABEL = "Not known"


def _box(label: str, *, max_length: int, rows: int | None = None, name: str = "") -> LimitedTextField:
    """A box whose too-long message names it as the service's does (`name`, where its label is
    one of many alike on the page)."""
    widget = _textarea(rows) if rows else forms.TextInput
    box = LimitedTextField(required=False, label=label, max_length=max_length, widget=widget)
    if name:
        box.relabel(label, name=name)
    return box


def _needed(form_field: forms.Field) -> forms.Field:
    """Shown without "(optional)": the answer is needed to submit. A draft may still be saved
    half-done, so the form does not insist; the service checks completeness on submission and
    names what is missing (REPORT-FIELDS / REPORT-REVIEW), or not, as the rule set says."""
    form_field.required = True
    form_field.validate = lambda value: None
    return form_field


@dataclass
class RowGroup:
    legend: str
    fields: list = field(default_factory=list)


@dataclass
class SectionLayout:
    section: spec.Section
    fields: list = field(default_factory=list)
    rows: list[RowGroup] = field(default_factory=list)
    optional: bool = False


class StructuredReportForm(forms.Form):
    """Every section of the report as plain fields; `to_content()` gives the JSON the service keeps."""

    signed = forms.BooleanField(
        required=False,
        label="This is my report: I confirm it is mine and accurate (signed)",
    )
    late_reason = reason_field(
        required=False,
        widget=_textarea(3),
        label="If the report is late, why",
        help_text="Reports reach the chair 2 working days before the conference (REPORT-2WD).",
    )
    incomplete_reason = reason_field(
        required=False,
        widget=_textarea(3),
        label="If you leave a section out, why",
        help_text="Only where this authority advises (rather than requires) the section.",
    )

    def __init__(
        self,
        data=None,
        *,
        sections: list[spec.Section],
        foao: bool,
        content: dict,
        conference_kind: str,
        scaling: bool = False,
    ) -> None:
        super().__init__(data)
        self.use_required_attribute = False  # GOV.UK: errors come from the server, not the browser
        self.sections = sections
        self.foao = foao
        self.conference_kind = conference_kind
        self.scaling = scaling
        self.layout: list[SectionLayout] = []
        review = spec.is_review(conference_kind)
        for section in sections:
            item = SectionLayout(section, optional=review and section.optional_on_review)
            self._add_section(item, content.get(section.key), content)
            self.layout.append(item)

    def _add_section(self, item: SectionLayout, value, content: dict) -> None:
        """One section's fields, by its kind; `value` is what the draft holds for it."""
        section = item.section
        if section.kind == spec.LINE:
            self._line(item, value, content)
        elif section.kind == spec.CHILDREN:
            self._rows(item, "child", CHILD_KEYS, value or [], "child_id", CHILD_NOUN)
        elif section.kind == spec.ADULTS:
            self._rows(item, "adult", ADULT_KEYS, value or [], "person_id", ADULT_NOUN)
            self._add(
                item,
                "parents_carers__not_known",
                forms.BooleanField(required=False, label="No parents or carers known"),
                bool(content.get("parents_carers__not_known")),
            )
        elif section.kind == spec.RECOMMENDATION:
            self._recommendation(item, value or {})
        elif section.kind == spec.STATEMENTS and self.foao:
            self._statements(item, value or {})
        else:
            self._text(item, value)

    def _line(self, item: SectionLayout, value, content: dict) -> None:
        section = item.section
        self._add(
            item,
            section.key,
            _needed(_box(section.label, max_length=line_limit(section.key))),
            value or "",
        )
        if section.not_known_allowed:
            self._add(
                item,
                f"{section.key}__not_known",
                forms.BooleanField(required=False, label=NOT_KNOWN_LABEL),
                bool(content.get(f"{section.key}__not_known")),
            )

    def _text(self, item: SectionLayout, value) -> None:
        """A free-text section. A draft may hold plain text, or statements written where the
        authority used FOAO markers: they are joined into the text."""
        section = item.section
        value = value if isinstance(value, dict) else {"text": value or ""}
        text = value.get("text", "")
        if not text and value.get("statements"):
            text = "\n".join(s.get("text", "") for s in value["statements"])
        self._add(
            item,
            section.key,
            self._maybe_needed(item, _box(section.label, max_length=SECTION_MAX_LENGTH, rows=5)),
            text,
        )
        if section.key == "involvement":
            self._add(
                item,
                "involvement__no_direct_contact",
                forms.BooleanField(required=False, label="No direct contact with the children or family"),
                bool(value.get("no_direct_contact")),
            )
        self._add(
            item,
            f"{section.key}__not_known",
            forms.BooleanField(required=False, label=NOT_KNOWN_LABEL),
            bool(value.get("not_known")),
        )

    @staticmethod
    def _maybe_needed(item: SectionLayout, form_field: forms.Field) -> forms.Field:
        return form_field if item.optional else _needed(form_field)

    def _add(self, item: SectionLayout | RowGroup, name: str, form_field: forms.Field, initial) -> None:
        form_field.initial = initial
        self.fields[name] = form_field
        item.fields.append(name)

    def _posted_rows(self, prefix: str) -> int:
        """How many rows the posted page had (autosave may have changed the draft since it was shown)."""
        if not self.is_bound:
            return 0
        indexes = [
            int(parts[1])
            for name in self.data
            if (parts := name.split("-")) and len(parts) == 3 and parts[0] == prefix and parts[1].isdigit()
        ]
        return min(max(indexes) + 1, 100) if indexes else 0

    def _rows(self, item, prefix, keys, rows, id_key, noun) -> None:
        for index in range(max(len(rows) + 1, self._posted_rows(prefix))):
            row = rows[index] if index < len(rows) else {}
            legend = f"{noun} {index + 1}" if index < len(rows) else f"Another {noun.lower()} (optional)"
            group = RowGroup(legend)
            for key, label in keys:
                self._add(
                    group,
                    f"{prefix}-{index}-{key}",
                    _box(label, max_length=line_limit(key), name=row_name(noun, index, label)),
                    row.get(key, ""),
                )
            if prefix == "adult":
                self._add(
                    group,
                    f"adult-{index}-parental_responsibility",
                    forms.ChoiceField(
                        required=False,
                        label="Parental responsibility",
                        choices=[("", "Choose"), *spec.YES_NO_NOT_KNOWN],
                    ),
                    row.get("parental_responsibility", ""),
                )
            self._add(
                group,
                f"{prefix}-{index}-{id_key}",
                forms.IntegerField(required=False, widget=forms.HiddenInput),
                row.get(id_key),
            )
            item.rows.append(group)

    def _statements(self, item, value: dict) -> None:
        statements = value.get("statements") or (
            [{"text": value["text"], "marker": ""}] if value.get("text") else []
        )
        for index in range(max(3, len(statements) + 2, self._posted_rows(item.section.key))):
            statement = statements[index] if index < len(statements) else {}
            group = RowGroup(f"Statement {index + 1}")
            self._add(
                group,
                f"{item.section.key}-{index}-text",
                _box(
                    f"Statement {index + 1}",
                    max_length=STATEMENT_MAX_LENGTH,
                    rows=2,
                    name=statement_name(item.section, index),
                ),
                statement.get("text", ""),
            )
            self._add(
                group,
                f"{item.section.key}-{index}-marker",
                forms.ChoiceField(
                    required=False,
                    label=f"Statement {index + 1} is a",
                    choices=[("", "Choose"), *spec.MARKERS],
                ),
                statement.get("marker", ""),
            )
            item.rows.append(group)
        self._add(
            item,
            f"{item.section.key}__not_known",
            forms.BooleanField(required=False, label=NOT_KNOWN_LABEL),
            bool(value.get("not_known")),
        )

    def _recommendation(self, item, value: dict) -> None:
        self._add(
            item,
            "recommendation-plan_needed",
            _needed(
                forms.ChoiceField(
                    required=False,
                    label="Is a child protection plan needed?",
                    widget=forms.RadioSelect,
                    choices=spec.YES_NO_NOT_KNOWN,
                )
            ),
            value.get("plan_needed", ""),
        )
        self._add(
            item,
            "recommendation-reasons",
            _box("Why", max_length=RECOMMENDATION_REASONS_MAX_LENGTH, rows=3, name=RECOMMENDATION_REASONS),
            value.get("reasons", ""),
        )
        if self.scaling:
            self._add(
                item,
                "recommendation-scaling",
                forms.IntegerField(
                    required=False,
                    min_value=0,
                    max_value=10,
                    label="Scaling score (0 to 10)",
                    help_text="0: the child is not safe; 10: there is enough safety to close.",
                ),
                value.get("scaling"),
            )
        self._add(
            item,
            "recommendation-category",
            forms.ChoiceField(
                required=False,
                label="Category of harm, if a plan is needed",
                choices=[("", "None or not known"), *Category.choices],
            ),
            value.get("category", ""),
        )
        self._add(
            item,
            "recommendation-agency_contribution",
            _needed(_box(AGENCY_CONTRIBUTION, max_length=AGENCY_CONTRIBUTION_MAX_LENGTH, rows=4)),
            value.get("agency_contribution", ""),
        )
        self._add(
            item,
            "recommendation-not_known",
            forms.BooleanField(required=False, label=NOT_KNOWN_LABEL),
            bool(value.get("not_known")),
        )

    def bound_layout(self) -> list[dict]:
        """Sections grouped for the template, each with its bound fields and rows."""
        groups: list[dict] = []
        for item in self.layout:
            if not groups or groups[-1]["name"] != item.section.group:
                groups.append({"name": item.section.group, "sections": []})
            groups[-1]["sections"].append(
                {
                    "section": item.section,
                    "optional": item.optional,
                    "fields": [self[name] for name in item.fields if not name.endswith("__not_known")],
                    "not_known": [self[name] for name in item.fields if name.endswith("__not_known")],
                    "rows": [
                        {"legend": row.legend, "fields": [self[name] for name in row.fields]}
                        for row in item.rows
                    ],
                }
            )
        return groups

    def show_refusal(self, refused: ContentRefused) -> None:
        """The service's refusal on the boxes it names; a list with too many rows is named above
        the form, as no one box holds it."""
        for problem in refused.problems:
            name = form_content.field_for(problem.path)
            self.add_error(name if name in self.fields else None, problem.message)

    def to_content(self) -> dict:
        """The posted boxes as the JSON the service keeps."""
        counts = [(item.section, len(item.rows)) for item in self.layout]
        return form_content.content_from(self.cleaned_data, counts, foao=self.foao)
