"""Relations between models follow the layers, as imports do.

import-linter sees imports only; a foreign key given as a string ("cases.Family") or a label passed
to `apps.get_model` reaches an app just the same, so these walk the models and the source for them.
The order of the layers is read from import-linter's contract in pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.models import ForeignObjectRel

ROOT = Path(__file__).resolve().parent.parent


def _layers() -> dict[str, int]:
    """Each app's height: the top layer highest; apps in one layer (`a | b`, `a : b`) level."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    layers = contract["layers"]
    return {
        app.strip(): len(layers) - height
        for height, layer in enumerate(layers)
        for app in re.split(r"[|:]", layer)
    }


LAYERS = _layers()


def _app(module: str) -> str:
    return module.split(".")[0]


def _upward(from_app: str, to_app: str) -> bool:
    return from_app in LAYERS and to_app in LAYERS and LAYERS[to_app] > LAYERS[from_app]


def test_the_layers_are_read_from_the_contract():
    assert LAYERS["cpc"] > LAYERS["dashboards"] > LAYERS["conferences"] > LAYERS["cases"]
    assert LAYERS["cases"] > LAYERS["scheduling"] > LAYERS["accounts"] > LAYERS["authorities"]
    assert LAYERS["reports"] == LAYERS["coregroups"]


def test_every_relation_between_models_points_to_its_own_layer_or_below():
    """Foreign keys, one-to-ones and many-to-manys, on every model and its history. The user model
    alone is reached from below: Django names it by a setting (AUTH_USER_MODEL) so that any app may
    point at whichever app provides it, and django-simple-history gives every history row its
    `history_user`."""
    upward = []
    for model in apps.get_models(include_auto_created=True):
        app = _app(model.__module__)
        for field in model._meta.get_fields(include_hidden=True):
            # Reverse relations are the other model's fields, walked from that model.
            if not field.is_relation or isinstance(field, ForeignObjectRel) or field.related_model is None:
                continue
            target = field.related_model
            if target._meta.label == settings.AUTH_USER_MODEL:
                continue
            if _upward(app, _app(target.__module__)):
                upward.append(f"{model._meta.label}.{field.name} -> {target._meta.label}")
    assert upward == []


GET_MODEL = re.compile(r"""get_model\(\s*["'](\w+)["']?\s*[.,]""")


def test_no_app_looks_up_a_model_of_an_app_above_it_by_label():
    """`apps.get_model("cases", "Family")` counts as an import of cases. Migrations are history and
    replay as written, so only the running code is read."""
    upward = []
    for app in LAYERS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for match in GET_MODEL.finditer(path.read_text()):
                if _upward(app, match.group(1)):
                    upward.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert upward == []
