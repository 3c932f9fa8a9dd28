"""Logging filters: application logs name people by id and never carry a child's or a family's
name, which a query string can (a case search for "Rivers")."""

from __future__ import annotations

import logging
import re

_QUERY = re.compile(r"\?[^\s\"]*")


def without_query(text: str) -> str:
    return _QUERY.sub("", text)


class DropQueryStrings(logging.Filter):
    """For the development server's request log (`django.server`: '"GET /path?q=… HTTP/1.1" 200
    123'): keeps the method, path and status, drops the query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(without_query(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = without_query(record.msg)
        return True
