"""The checks an uploaded report must pass beyond "is it a PDF, Word or OpenDocument file".

A report is opened by people in other organisations, on their own machines, from a link in a
child's record; a file that runs something when opened, that a browser would render as a web page,
or that expands to fill a disk is refused, never repaired:

- PDF active content (JavaScript, actions that run on opening or on events, launching programs,
  embedded files, rich media, XFA forms) is refused rather than stripped. The sender signs the
  report as theirs; stripping would change what they signed without telling them, and saving or
  printing it again to a plain PDF takes them a minute.
- A polyglot (a file that is a PDF and also a web page or an archive, or one with something
  before its PDF header) and a file whose name or declared type says something else than its
  content are refused: whatever the name says, the bytes decide, and they must agree.
- Office files are zip archives: before anything reads them, the number of members, their total
  decompressed size and the archive's compression ratio are checked against settings, then every
  member is decompressed (bounded by those sizes) so a header that lies about its size is caught.

Each check raises UploadRefused with a message in the sender's terms; the caller names the field.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings

from .models import UPLOAD_MIME, UploadType

if TYPE_CHECKING:
    from pypdf import PdfReader


class UploadRefused(ValueError):
    """The file was refused; the message says why in the sender's terms."""

    field = "file"


# PDF readers accept the "%PDF-" header anywhere in the first 1024 bytes, and browsers that sniff
# look at about as much: markup in that window is what makes a PDF/HTML polyglot work.
SNIFF_WINDOW = 1024
_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|frame|object|embed|svg|img|style|link|meta|form|a\s)"
    rb"|javascript:",
    re.IGNORECASE,
)

# Dictionary keys (and, below, name values) that make a PDF do something by itself.
_JS = "JavaScript"
_OPEN = "an action that runs when the file is opened (OpenAction)"
_AUTO = "actions that run by themselves on events (AA)"
_LAUNCH = "an action that starts a program (Launch)"
_EMBEDDED = "an embedded file (EmbeddedFile)"
_MEDIA = "rich media (RichMedia)"
_ACTIVE_KEYS = {
    "/JS": _JS,
    "/JavaScript": _JS,
    "/OpenAction": _OPEN,
    "/AA": _AUTO,
    "/Launch": _LAUNCH,
    "/EmbeddedFile": _EMBEDDED,
    "/EmbeddedFiles": _EMBEDDED,
    "/RichMedia": _MEDIA,
    "/XFA": "an XFA form (XFA)",
}
_ACTIVE_NAMES = {
    "/JavaScript": _JS,
    "/Launch": _LAUNCH,
    "/EmbeddedFile": _EMBEDDED,
    "/FileAttachment": _EMBEDDED,
    "/RichMedia": _MEDIA,
}
# Enough for any real report (a 300-page PDF has a few tens of thousands of objects); a file
# built to make the walk run for minutes is refused instead.
_MAX_PDF_OBJECTS = 500_000

# Macros: a .docx that holds a VBA project, an .odt that holds Basic or scripts.
_MACRO_MEMBER = re.compile(r"(^|/)vbaProject\.bin$|^(Basic|Scripts)/", re.IGNORECASE)

_TYPE_BY_EXTENSION = {".pdf": UploadType.PDF, ".docx": UploadType.DOCX, ".odt": UploadType.ODT}
_TYPE_BY_MIME = {mime: kind for kind, mime in UPLOAD_MIME.items()}
# Declared types a browser could be told to render or run. Generic ones (octet-stream, text/plain)
# are what browsers send when they do not know, so they claim nothing.
_ACTIVE_MIME = {
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "text/javascript",
    "application/javascript",
    "application/x-javascript",
    "text/xml",
    "application/xml",
}


# --- what the file claims to be ----------------------------------------------------------------


def check_claims(*, name: str, content_type: str | None, detected: UploadType) -> None:
    """The name's extension and the declared type must not say something else than the content."""
    label = detected.label
    extension = ("." + name.rsplit(".", 1)[1].lower()) if "." in name else ""
    # "Conference 12.03" names no type: only an extension with a letter in it claims one.
    claims_a_type = any(character.isalpha() for character in extension)
    if claims_a_type and _TYPE_BY_EXTENSION.get(extension) != detected:
        raise UploadRefused(
            f"The file's name ends {extension} but its content is a {label}. Upload a PDF, Word "
            "(.docx) or OpenDocument text (.odt) file whose name matches what it is."
        )
    declared = (content_type or "").split(";", 1)[0].strip().lower()
    if declared in _ACTIVE_MIME or (declared in _TYPE_BY_MIME and _TYPE_BY_MIME[declared] != detected):
        raise UploadRefused(
            f"The file was sent as {declared} but its content is a {label}. Upload the report as a "
            "PDF, Word (.docx) or OpenDocument text (.odt) file."
        )


def check_not_polyglot(data: bytes) -> None:
    """Refuse a file that is also something else: markup near the start, a PDF header after other
    bytes, or a PDF that is also a zip archive (and the other way round)."""
    head = data[:SNIFF_WINDOW]
    if _MARKUP.search(head):
        raise UploadRefused(
            "The file contains web page markup (HTML or script) near its start, so a browser could "
            "run it as a web page. Save the report again as a plain document and upload that."
        )
    if data.startswith(b"%PDF-"):
        if zipfile.is_zipfile(io.BytesIO(data)):
            raise UploadRefused(
                "The file is both a PDF and a compressed archive. Save the report again as a plain "
                "PDF and upload that."
            )
    elif b"%PDF-" in head:
        raise UploadRefused(
            "The file is both an office document and a PDF. Save the report again as one or the "
            "other and upload that."
        )


def check_pdf_header(data: bytes) -> None:
    """A PDF header after other bytes is how a PDF is hidden inside a file of another kind."""
    if not data.startswith(b"%PDF-") and b"%PDF-" in data[:SNIFF_WINDOW]:
        raise UploadRefused(
            "The file has other content before its PDF header (it is a PDF hidden in another kind "
            "of file). Save the report again as a plain PDF and upload that."
        )


# --- PDF active content --------------------------------------------------------------------------


def pdf_active_content(reader: PdfReader) -> list[str]:
    """What in this PDF would act by itself, in plain words; empty when nothing would.

    Walks every object the cross-reference table lists (those in object streams too) and
    everything reachable from the trailer, so an action hidden in an object no page refers to, or
    behind an escaped name (pypdf decodes `/J#61vaScript`), is still found."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer, *_listed_objects(reader)]
    visited = 0
    while stack:
        item = stack.pop()
        visited += 1
        if visited > _MAX_PDF_OBJECTS:
            raise UploadRefused("The PDF is too complex to check. Save it again as a simpler PDF.")
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            try:
                item = item.get_object()
            except Exception:  # an unreadable object cannot act; the page check judged the file
                continue
        if isinstance(item, DictionaryObject):  # streams too: their dictionary is where actions live
            for key, value in dict.items(item):
                if key in _ACTIVE_KEYS:
                    found.add(_ACTIVE_KEYS[key])
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
        elif isinstance(item, NameObject) and item in _ACTIVE_NAMES:
            found.add(_ACTIVE_NAMES[item])
    return sorted(found)


def _listed_objects(reader: PdfReader) -> Iterable:
    from pypdf.generic import IndirectObject

    for generation, objects in reader.xref.items():
        for number in objects:
            yield IndirectObject(number, generation, reader)
    for number in reader.xref_objStm:
        yield IndirectObject(number, 0, reader)


def refuse_active_pdf(reader: PdfReader) -> None:
    if found := pdf_active_content(reader):
        raise UploadRefused(
            f"The PDF contains active content: {'; '.join(found)}. Reports with active content are "
            "refused, not cleaned, so nothing you signed is changed without you knowing: print or "
            "save the report again as a plain PDF and upload that."
        )


# --- office files (zip archives) -----------------------------------------------------------------


def office_limits() -> tuple[int, int, int]:
    """(most members, most decompressed bytes in all, highest compression ratio) from settings."""
    return (
        int(settings.REPORT_UPLOAD_MAX_ARCHIVE_MEMBERS),
        int(settings.REPORT_UPLOAD_MAX_DECOMPRESSED_BYTES),
        int(settings.REPORT_UPLOAD_MAX_COMPRESSION_RATIO),
    )


def check_archive(archive: zipfile.ZipFile, archive_bytes: int) -> None:
    """Refuse a zip bomb or a macro-carrying document before anything reads it for real."""
    max_members, max_bytes, max_ratio = office_limits()
    members = archive.infolist()
    if len(members) > max_members:
        raise UploadRefused(
            f"The document holds {len(members)} parts inside; at most {max_members} are accepted "
            "(a real document has far fewer). Save it again and upload the new copy."
        )
    declared = sum(info.file_size for info in members)
    if declared > max_bytes or declared > max(archive_bytes, 1) * max_ratio:
        raise _too_big(declared, archive_bytes, max_bytes, max_ratio)
    if any(_MACRO_MEMBER.search(info.filename) for info in members):
        raise UploadRefused(
            "The document contains macros. Save it again as a document without macros (.docx or "
            ".odt) and upload that."
        )
    # A member's header can understate its size: decompress everything, and stop at the budget.
    # zipfile never returns more than the declared size and checks the CRC at the end, so a lying
    # header ends as a damaged-file refusal rather than as a full disk downstream.
    budget = min(max_bytes, max(archive_bytes, 1) * max_ratio)
    total = 0
    for info in members:
        with archive.open(info) as member:
            while chunk := member.read(64 * 1024):
                total += len(chunk)
                if total > budget:
                    raise _too_big(total, archive_bytes, max_bytes, max_ratio)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _too_big(size: int, archive_bytes: int, max_bytes: int, max_ratio: int) -> UploadRefused:
    return UploadRefused(
        f"The document expands to {_megabytes(size)} or more when opened "
        f"({size // max(archive_bytes, 1)} times its size); at most {_megabytes(max_bytes)} and "
        f"{max_ratio} times its size are accepted. It looks like a compressed bomb rather than a "
        "report: save it again and upload the new copy."
    )
