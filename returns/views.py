"""The returns page and its downloads: for authority administrators and managers only."""

from __future__ import annotations

import io
import os
import tempfile

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from authorities.access import MANAGERS, require_roles
from authorities.models import Role

from .annex_a import LISTS, rows_for, write_csv, write_xlsx
from .checks import GAP, census_problems
from .cin_census import CensusRefused, write_cin_census
from .forms import AnnexAForm, CensusForm

RETURN_ROLES = MANAGERS | {Role.AUTHORITY_ADMIN}
SHOWN_PROBLEMS = 50


def _page(request: HttpRequest, census: CensusForm, annex: AnnexAForm, status: int = 200) -> HttpResponse:
    problems = list(census_problems(request.authority))
    breaches = [p for p in problems if p.rule_id != GAP]
    return render(
        request,
        "returns/index.html",
        {
            "census_form": census,
            "annex_form": annex,
            "breaches": breaches[:SHOWN_PROBLEMS],
            "breach_count": len(breaches),
        },
        status=status,
    )


@require_GET
@require_roles(RETURN_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    census = CensusForm(initial={"year": CensusForm.last_year()})
    return _page(request, census, AnnexAForm())


@require_GET
@require_roles(RETURN_ROLES)
def cin_census(request: HttpRequest) -> HttpResponse:
    form = CensusForm(request.GET)
    if not form.is_valid():
        return _page(request, form, AnnexAForm(), status=400)
    year = form.cleaned_data["year"]
    if not request.authority.dfe_la_code:
        form.add_error(
            "year", "The authority has no DfE LA code (the census LEA): an administrator adds it first."
        )
        return _page(request, form, AnnexAForm(), status=400)
    # Written to a temporary file as it is built, then sent from disk: never one string in memory.
    stream = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    try:
        write_cin_census(stream, authority=request.authority, year=year)
    except CensusRefused as refused:
        stream.close()
        form.add_error("year", str(refused))
        return _page(request, form, AnnexAForm(), status=400)
    stream.seek(0)
    name = f"cin-census-{request.authority.dfe_la_code or request.authority.slug}-{year.label}.xml"
    return FileResponse(stream, as_attachment=True, filename=name, content_type="application/xml")


@require_GET
@require_roles(RETURN_ROLES)
def annex_a(request: HttpRequest) -> HttpResponse:
    form = AnnexAForm(request.GET)
    if not form.is_valid():
        return _page(request, CensusForm(initial={"year": CensusForm.last_year()}), form, status=400)
    number, period, fmt = form.cleaned_data["list"], form.cleaned_data["period"], form.cleaned_data["format"]
    sheet, header = LISTS[number]
    rows = rows_for(number, request.authority, period)
    name = f"annex-a-list-{number}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{fmt}"
    if fmt == "csv":
        stream = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
        write_csv(text, header, rows)
        text.flush()
        text.detach()
        stream.seek(0)
        return FileResponse(stream, as_attachment=True, filename=name, content_type="text/csv")
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        write_xlsx(path, sheet, header, rows)
        stream = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        os.unlink(path)  # the open file stays readable until the response closes it
    return FileResponse(
        stream,
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
