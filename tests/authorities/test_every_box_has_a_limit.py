"""Every box a person types into has a maximum length, so a new box cannot be added without one:
every form class in the project's apps (and every text field a form makes as it is built, found in
the source), and every text property of every request body the API's own schema describes. Hidden
inputs (keys the page sets) and passwords (hashed, never stored as typed) are not boxes."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from drf_spectacular.generators import SchemaGenerator

PROJECT_APPS = ("accounts", "authorities", "cases", "conferences", "coregroups", "dashboards", "reports")
PROJECT_APPS += ("returns", "scheduling")
NOT_BOXES = (forms.HiddenInput, forms.PasswordInput)
# The admin's rule-set settings in JSON are checked as the structure they are, not as text.
NOT_TEXT = (forms.JSONField,)
# A string the API reads as a date, a time or a file is checked by its format, not its length.
FORMATTED = ("date", "date-time", "time", "binary", "uuid", "decimal")


def _project_modules() -> list[str]:
    names = []
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        names.append(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                names.append(module.name)
    return names


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def _is_box(field: forms.Field) -> bool:
    return (
        isinstance(field, forms.CharField)
        and not isinstance(field, NOT_TEXT)
        and not isinstance(field.widget, NOT_BOXES)
    )


def test_every_text_box_of_every_form_class_has_a_maximum_length():
    for name in _project_modules():
        importlib.import_module(name)  # a form class is only a subclass once its module is loaded
    form_classes = [
        cls for cls in _subclasses(forms.BaseForm) if cls.__module__.split(".")[0] in PROJECT_APPS
    ]
    boxes = {
        f"{cls.__module__}.{cls.__name__}.{name}": field
        for cls in form_classes
        for name, field in getattr(cls, "base_fields", {}).items()
        if _is_box(field)
    }
    # The walk reached the forms that matter: a social worker's, a chair's, an agency's, a manager's.
    for known in (
        "conferences.preparation.before_day_forms.SwReportForm.sw_report",
        "cases.forms.ChildForm.address",
        "coregroups.review_forms.RecommendationForm.rationale",
        "reports.forms.AddendumForm.text",
        "scheduling.forms.RaiseEscalationForm.reason",
    ):
        assert known in boxes
    assert len(boxes) > 150
    unlimited = sorted(name for name, field in boxes.items() if not field.max_length)
    assert unlimited == [], f"text boxes without a maximum length: {unlimited}"


class _FieldsMadeAtRunTime(ast.NodeVisitor):
    """Text fields a form adds as it is built (one per rule, per section, per action row): they are
    in no class's base_fields, so the source is read for each `forms.CharField(...)` made there."""

    def __init__(self, path: Path):
        self.path, self.unlimited = path, []

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "CharField"
            and getattr(func.value, "id", "") == "forms"
        ):
            keywords = {k.arg: k.value for k in node.keywords}
            widget = ast.unparse(keywords["widget"]) if "widget" in keywords else ""
            if "max_length" not in keywords and not any(kind in widget for kind in ("Hidden", "Password")):
                self.unlimited.append(f"{self.path}:{node.lineno}")
        self.generic_visit(node)


def test_no_text_box_is_made_anywhere_without_a_maximum_length():
    base = Path(settings.BASE_DIR)
    sources = [
        path for app in PROJECT_APPS for path in (base / app).rglob("*.py") if "migrations" not in path.parts
    ]
    assert len(sources) > 100
    unlimited = []
    for path in sources:
        visitor = _FieldsMadeAtRunTime(path.relative_to(base))
        visitor.visit(ast.parse(path.read_text(), filename=str(path)))
        unlimited += visitor.unlimited
    assert unlimited == [], f"forms.CharField without max_length: {unlimited}"


@pytest.fixture(scope="module")
def api_schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _unlimited_strings(schema: dict, components: dict, path: str) -> list[str]:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if schema.get("readOnly"):
        return []
    found = []
    for part in schema.get("allOf", []) + schema.get("oneOf", []) + schema.get("anyOf", []):
        found += _unlimited_strings(part, components, path)
    kind = schema.get("type")
    if kind == "object":
        for name, prop in schema.get("properties", {}).items():
            found += _unlimited_strings(prop, components, f"{path}.{name}")
        if isinstance(schema.get("additionalProperties"), dict):
            found += _unlimited_strings(schema["additionalProperties"], components, f"{path}.*")
    elif kind == "array":
        found += _unlimited_strings(schema.get("items", {}), components, f"{path}[]")
    elif kind == "string" and "enum" not in schema and schema.get("format") not in FORMATTED:
        found += [] if "maxLength" in schema else [path]
    return found


def test_every_text_the_api_accepts_has_a_maximum_length(api_schema):
    components = api_schema["components"]["schemas"]
    checked, unlimited = 0, []
    for url, operations in api_schema["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                checked += 1
                unlimited += _unlimited_strings(body["schema"], components, f"{method.upper()} {url} ")
    assert checked > 60  # every write the API has, not a handful
    assert unlimited == [], f"request bodies with text of any length: {unlimited}"


def test_every_long_text_box_in_the_admin_has_the_notes_limit(rf):
    from django.contrib import admin
    from django.db import models

    request = rf.get("/admin/")
    admins = list(admin.site._registry.values())
    admins += [inline(ma.model, admin.site) for ma in admins for inline in ma.inlines]
    boxes = {
        f"{ma.__class__.__name__}.{db_field.name}": ma.formfield_for_dbfield(db_field, request)
        for ma in admins
        if ma.__class__.__module__.split(".")[0] in PROJECT_APPS
        for db_field in ma.model._meta.get_fields()
        if isinstance(db_field, models.TextField)
        and db_field.editable
        and not db_field.choices
        and db_field.name not in ma.readonly_fields  # shown, never typed into
    }
    assert "VenueAdmin.address" in boxes
    unlimited = sorted(name for name, field in boxes.items() if field is not None and not field.max_length)
    assert unlimited == [], f"admin text boxes without a maximum length: {unlimited}"
