"""What people read leads with words and names a rule after them, "Words (RULE-ID)", and shows
dates in words: checked over the texts the app carries in code (help texts, API descriptions,
templates), so a new "ICPC-15WD: …" or `|date:"Y-m-d"` is caught where it is written. The demo
journey's pages, notifications and e-mails are checked as rendered in `test_no_iso_dates_shown`."""

from __future__ import annotations

import re
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings
from drf_spectacular.generators import SchemaGenerator

from tests.words import RULE_ID_LEADS as LEADS

ISO_FORMAT = re.compile(r"""\|date:\s*["'](?:Y-m-d|c|U)[^"']*["']""")
TEMPLATE_CODE = re.compile(
    r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL
)
TAG = re.compile(r"<[^>]*>")


def test_the_pattern_tells_an_id_first_text_from_words_first():
    assert LEADS.match("ICPC-15WD: the initial conference due date.")
    assert LEADS.match("QUORUM is advised here")
    assert LEADS.match("CG-ATTENDANCE (advised): why someone answered")
    assert not LEADS.match("The initial conference due date (ICPC-15WD).")
    assert not LEADS.match("ICPC-15WD")
    assert not LEADS.match("CG-MINUTES-EXTRA: not a rule of the catalogue")


def _help_texts():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            yield f"{model._meta.label}.{field.name}", str(getattr(field, "help_text", "") or "")
    for form_class in _subclasses(forms.BaseForm):
        for name, field in getattr(form_class, "base_fields", {}).items():
            yield f"{form_class.__module__}.{form_class.__name__}.{name}", str(field.help_text or "")


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_no_model_or_form_help_text_leads_with_a_rule_id():
    import cpc.urls  # noqa: F401 - imports every app's forms, so their classes are counted

    leading = [f"{where}: {text!r}" for where, text in _help_texts() if LEADS.match(text)]
    assert not leading, "\n".join(leading)


def _descriptions(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"description", "summary"} and isinstance(value, str):
                yield f"{path}/{key}", value
            yield from _descriptions(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _descriptions(value, f"{path}[{index}]")


def test_no_api_description_leads_with_a_rule_id():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    leading = [f"{where}: {text[:80]!r}" for where, text in _descriptions(schema) if LEADS.match(text)]
    assert not leading, "\n".join(leading)


def _templates():
    roots = [Path(settings.BASE_DIR) / "templates"]
    roots += [Path(config.path) / "templates" for config in apps.get_app_configs()]
    base = str(Path(settings.BASE_DIR) / ".venv")
    for root in roots:
        if root.is_dir() and not str(root).startswith(base):
            yield from (path for path in root.rglob("*") if path.suffix in {".html", ".txt", ".ics"})


def test_no_template_shows_an_iso_date_or_a_text_led_by_a_rule_id():
    found = []
    for path in _templates():
        source = path.read_text()
        for line in source.splitlines():
            # A link's query string may carry an ISO date (a machine format); text may not.
            found += [
                f"{path}: {m[0]}"
                for m in ISO_FORMAT.finditer(line)
                if not re.search(r"href=[^>]*Y-m-d", line)
            ]
        # What a reader sees: the text between tags, with template code and comments taken out.
        for chunk in TAG.split(TEMPLATE_CODE.sub("\n", source)):
            found += [f"{path}: {line.strip()[:80]}" for line in chunk.splitlines() if LEADS.match(line)]
    assert not found, "\n".join(found)
