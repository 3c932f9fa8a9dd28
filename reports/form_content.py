"""The structured report form's boxes and the report's content, each way: what the posted boxes
hold as the JSON the service keeps, and which box holds a place the service names in a refusal."""

from __future__ import annotations

from . import sections as spec
from .content import ADULT_KEYS, CHILD_KEYS


def content_from(data: dict, sections: list[tuple[spec.Section, int]], *, foao: bool) -> dict:
    """The form's cleaned data as the report's content; `sections` pairs each section with the
    number of rows the form had for it (children, adults, statements)."""
    content: dict = {}
    for section, count in sections:
        key = section.key
        if section.kind == spec.LINE:
            content[key] = data.get(key, "")
            if data.get(f"{key}__not_known"):
                content[f"{key}__not_known"] = True
        elif section.kind in (spec.CHILDREN, spec.ADULTS):
            content[key] = _rows_content(data, section, count)
            if section.kind == spec.ADULTS and data.get("parents_carers__not_known"):
                content["parents_carers__not_known"] = True
        elif section.kind == spec.RECOMMENDATION:
            content[key] = _recommendation_content(data)
        elif section.kind == spec.STATEMENTS and foao:
            content[key] = {
                "statements": [
                    {"text": data.get(f"{key}-{i}-text", ""), "marker": data.get(f"{key}-{i}-marker", "")}
                    for i in range(count)
                ],
                "not_known": bool(data.get(f"{key}__not_known")),
            }
        else:
            entry = {"text": data.get(key, ""), "not_known": bool(data.get(f"{key}__not_known"))}
            if key == "involvement":
                entry["no_direct_contact"] = bool(data.get("involvement__no_direct_contact"))
            content[key] = entry
    return content


ROW_PREFIXES = {"children": "child", "parents_carers": "adult"}


def field_for(path: tuple) -> str:
    """The form's box for a place in the content: ("children", 2, "first_name") is child-2-first_name."""
    key = path[0]
    if len(path) == 1:
        return key
    if len(path) == 2:
        return key if path[1] in ("text", "statements") else f"{key}-{path[1]}"
    if len(path) == 3:
        return f"{ROW_PREFIXES.get(key, key)}-{path[1]}-{path[2]}"
    return f"{key}-{path[2]}-{path[3]}"


def _rows_content(data: dict, section: spec.Section, count: int) -> list[dict]:
    """The children's or adults' rows as posted, each with the id of the record it came from."""
    prefix, keys, id_key = (
        ("child", CHILD_KEYS, "child_id")
        if section.kind == spec.CHILDREN
        else ("adult", ADULT_KEYS, "person_id")
    )
    rows = []
    for index in range(count):
        row = {k: data.get(f"{prefix}-{index}-{k}", "") for k, _ in keys}
        if prefix == "adult":
            row["parental_responsibility"] = data.get(f"adult-{index}-parental_responsibility", "")
        if data.get(f"{prefix}-{index}-{id_key}") is not None:
            row[id_key] = data[f"{prefix}-{index}-{id_key}"]
        rows.append(row)
    return rows


def _recommendation_content(data: dict) -> dict:
    return {
        "plan_needed": data.get("recommendation-plan_needed", ""),
        "reasons": data.get("recommendation-reasons", ""),
        "scaling": data.get("recommendation-scaling"),
        "category": data.get("recommendation-category", ""),
        "agency_contribution": data.get("recommendation-agency_contribution", ""),
        "not_known": bool(data.get("recommendation-not_known")),
    }
