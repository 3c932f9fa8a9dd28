"""Escaping for HTML written in Python (table rows, form fields): what the template engine's
autoescape does, cheaper."""

from __future__ import annotations

from html import escape as escape_text


def escape(value) -> str:
    """As the template's autoescape: text escaped, what is already HTML left as it is. Without
    django.utils.html.escape's lazy-string wrapper, which cost more than the escaping."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape_text(str(value))
