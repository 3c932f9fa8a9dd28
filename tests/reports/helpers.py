"""Files built in memory for the report tests, and a local-time helper."""

from __future__ import annotations

import datetime
import io
import zipfile
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def pdf_bytes(*, encrypt: bool = False) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if encrypt:
        writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def odt_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


def complete_content(invitation, *, marker: str = "fact") -> dict:
    """Every section of this invitation's report answered (statements marked where FOAO applies)."""
    from reports import sections as spec
    from reports import services

    sections, foao, _ = services.report_sections(invitation)
    content = services.prefill_content(invitation, invitation.membership)
    content.update(
        {
            "designation": "Health visitor",
            "business_address": "1 Clinic Road",
            "contact_details": "01234 567890",
            "parents_carers__not_known": True,
        }
    )
    for section in sections:
        if section.kind == spec.TEXT:
            content[section.key] = {"text": f"About {section.label}", "not_known": False}
        elif section.kind == spec.STATEMENTS:
            if foao:
                content[section.key] = {"statements": [{"text": f"{section.label} 1", "marker": marker}]}
            else:
                content[section.key] = {"text": f"About {section.label}"}
        elif section.kind == spec.RECOMMENDATION:
            content[section.key] = {"plan_needed": "yes", "agency_contribution": "Weekly visits"}
    return content
