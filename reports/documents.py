"""PDFs made here: an agency report as submitted, and the non-attendance letter. WeasyPrint
renders ordinary Django templates with print CSS; every page carries "Official – Sensitive"."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported late: it is heavy, and only PDFs need it

    html = render_to_string(template, context)
    # The templates embed their CSS and link to nothing, so rendering fetches no resources.
    return HTML(string=html, base_url=str(settings.BASE_DIR / "templates")).write_pdf()


def report_pdf(context: dict) -> bytes:
    return render_pdf("reports/pdf/report.html", context)


def non_attendance_letter_pdf(context: dict) -> bytes:
    return render_pdf("reports/pdf/non_attendance_letter.html", context)
