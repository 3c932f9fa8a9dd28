"""The bare view of the web benchmark: the same SQL statements the page ran (recorded by the
benchmark before the run, without the ones the middleware runs for any request), executed with a
plain cursor and returned as JSON. What it leaves out is the page's own cost: the ORM building
objects, the selectors' Python, the template."""

from __future__ import annotations

import json
import os
from functools import cache

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.http import Http404, HttpResponse


@cache
def _recorded() -> dict[str, list[str]]:
    with open(os.environ["BENCH_REPLAY_FILE"]) as replay:
        return json.load(replay)


def bare_view(request, name: str) -> HttpResponse:
    # "baseline": no statements, so what a request to it runs is the middleware's share alone.
    statements = [] if name == "baseline" else _recorded().get(name)
    if statements is None:
        raise Http404(name)
    results = []
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            results.append(cursor.fetchall() if cursor.description else cursor.rowcount)
    return HttpResponse(json.dumps(results, cls=DjangoJSONEncoder), content_type="application/json")
