"""The API schema tells the whole truth about errors.

drf-spectacular documents each operation's success only. Every API operation can also answer
401/403 (not signed in, or a role that may not do this), 404 (an authority or object the caller
cannot see: one answer for both) and 429 (throttled); those with a body or query parameters can
answer 400, and those with a body 415 for a media type they do not read. This post-processing
hook declares them once, for every operation, so that a route added later is covered too.
"""

from __future__ import annotations

from typing import Any

API_PREFIX = "/api/v1/"

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Why the request was refused.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}

VALIDATION_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        "What was wrong with the request: each field that was refused maps to its messages "
        "(`non_field_errors` for the request as a whole). A refusal by the authority's rules "
        "instead carries `detail`, the `rule_id`, whether a reason would let it through "
        "(`needs_reason`) and, where one field is at fault, its name (`field`)."
    ),
    # Not typed further: a request's own fields may share those names (a body with a `rule_id`).
    "additionalProperties": {},
}

# Status, component, description: in the order a reader meets them.
COMMON_ERRORS = (
    ("401", "Error", "Not signed in: no valid session or token."),
    ("403", "Error", "This role may not do this here (or a session call came without its CSRF token)."),
    ("404", "Error", "No such authority, object or page for this caller: one answer for all three."),
    ("429", "Error", "Too many calls; the Retry-After header says when to try again."),
)


def _ref(component: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }


def declare_error_responses(result: dict, generator, request, public) -> dict:
    """drf-spectacular POSTPROCESSING_HOOKS entry: adds the error answers every operation has."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    schemas["ValidationError"] = VALIDATION_ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        if not path.startswith(API_PREFIX):
            continue
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            has_body = "requestBody" in operation
            has_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
            if has_body or has_query:
                responses.setdefault("400", _ref("ValidationError", "Refused: see the messages."))
            if has_body:
                responses.setdefault("415", _ref("Error", "A body of a media type this does not read."))
            for status, component, description in COMMON_ERRORS:
                responses.setdefault(status, _ref(component, description))
    return result
