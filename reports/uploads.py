"""Checking an uploaded report by its content, and keeping it outside the web root.

Nothing here trusts the file name or the browser's content type: the bytes decide. A PDF must
start with "%PDF-", parse with pypdf and not be encrypted; a Word document is a zip whose
[Content_Types].xml declares the WordprocessingML main part; an OpenDocument text is a zip whose
first entry is "mimetype" holding the ODT type. Everything else is refused before anything is
written, so a refusal stores nothing. The checks for active content, polyglots, a name that
disagrees with the content and zip bombs are in file_checks.

Stored files are named by a random token (never the sender's name); the sender's name, made safe,
is kept only as the label shown on pages and sent in Content-Disposition when the file is served.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import secrets
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import HttpResponseBase
from django.utils.http import content_disposition_header

from . import file_checks
from .file_checks import UploadRefused
from .models import UploadType

__all__ = ["CheckedUpload", "UploadRefused", "as_download", "check_upload", "discard", "path_of", "store"]

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_DIR_NAME = "reports"
_CHUNK = 64 * 1024
# A zip is only opened to read two tiny entries; refuse archives that claim to expand absurdly.
_MAX_ZIP_ENTRY_BYTES = 2 * 1024 * 1024
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_EXTENSIONS = {UploadType.PDF: ".pdf", UploadType.DOCX: ".docx", UploadType.ODT: ".odt"}


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes
    detected_type: UploadType
    original_name: str
    size: int
    sha256: str


def max_upload_bytes() -> int:
    return int(getattr(settings, "REPORT_UPLOAD_MAX_BYTES", MAX_UPLOAD_BYTES))


def safe_file_name(name: str, detected_type: UploadType | None = None) -> str:
    """The sender's file name without any path, control characters or odd punctuation; a path in
    the name is refused, not quietly accepted."""
    name = unicodedata.normalize("NFC", name or "")
    if "/" in name or "\\" in name or "\x00" in name or name.strip() in {".", ".."}:
        raise UploadRefused(
            "The file name contains a folder path. Rename the file (letters, numbers, spaces, "
            "hyphens and dots only) and upload it again."
        )
    stem, _, ext = name.rpartition(".") if "." in name else (name, "", "")
    stem = re.sub(r"[^\w\- ()]+", "_", stem, flags=re.UNICODE).strip(" ._") or "report"
    extension = _EXTENSIONS[detected_type] if detected_type else (f".{ext.lower()}" if ext else "")
    return f"{stem[:150]}{extension}"


def _read_all(upload) -> bytes:
    limit = max_upload_bytes()
    buffer = io.BytesIO()
    if hasattr(upload, "seek"):
        upload.seek(0)
    chunks = upload.chunks(_CHUNK) if hasattr(upload, "chunks") else iter(lambda: upload.read(_CHUNK), b"")
    for chunk in chunks:
        buffer.write(chunk)
        if buffer.tell() > limit:
            raise UploadRefused(f"The file is larger than {limit // (1024 * 1024)} MB. Send a smaller file.")
    return buffer.getvalue()


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadRefused(
                "The PDF is password-protected (encrypted). Save it without a password and upload it again."
            )
        if len(reader.pages) < 1:
            raise UploadRefused("The PDF has no pages.")
        reader.pages[0].get("/Contents")
        file_checks.refuse_active_pdf(reader)
    except UploadRefused:
        raise
    except Exception:  # pypdf raises many types on hostile input; any of them means "cannot read"
        raise UploadRefused(
            "The PDF is damaged and cannot be read. Save it again and upload the new copy."
        ) from None


def _read_entry(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_ZIP_ENTRY_BYTES:
        raise UploadRefused("The document is damaged or not a real Word or OpenDocument file.")
    with archive.open(info) as entry:
        return entry.read(_MAX_ZIP_ENTRY_BYTES + 1)


def _check_zip(data: bytes) -> UploadType:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            file_checks.check_archive(archive, len(data))  # sizes and macros before reading parts
            return _office_type(archive)
    except UploadRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        raise UploadRefused("The document is damaged and cannot be opened.") from None
    except Exception:  # zlib and zipfile raise other types on hostile input; all mean "cannot open"
        raise UploadRefused("The document is damaged and cannot be opened.") from None


def _office_type(archive: zipfile.ZipFile) -> UploadType:
    names = archive.namelist()
    is_odt = bool(names) and names[0] == "mimetype" and "content.xml" in names
    if is_odt and (_read_entry(archive, "mimetype") or b"").strip() == _ODT_MIMETYPE:
        return UploadType.ODT
    content_types = _read_entry(archive, "[Content_Types].xml") or b""
    if _DOCX_MAIN.encode() in content_types and any(n.startswith("word/") for n in names):
        return UploadType.DOCX
    raise UploadRefused(
        "The file is a compressed archive, not a Word (.docx) or OpenDocument text (.odt) document."
    )


def check_upload(upload) -> CheckedUpload:
    """Read and judge an uploaded file by its content; raise UploadRefused with the reason."""
    if upload is None:
        raise UploadRefused("Choose a file to upload.")
    raw_name = getattr(upload, "name", "") or ""
    safe_file_name(raw_name)  # refuses a path before the content is even read
    declared = getattr(upload, "size", None)
    if declared is not None and declared > max_upload_bytes():
        raise UploadRefused(
            f"The file is larger than {max_upload_bytes() // (1024 * 1024)} MB. Send a smaller file."
        )
    data = _read_all(upload)
    if not data:
        raise UploadRefused("The file is empty.")
    file_checks.check_pdf_header(data)
    if not data.startswith((b"%PDF-", b"PK\x03\x04")):
        raise UploadRefused(
            "The file is not a PDF, Word (.docx) or OpenDocument text (.odt) document, whatever its "
            "name says. Only those types can be uploaded."
        )
    # Cheap checks on the raw bytes first; parsing (pypdf, zip) only for files that pass them.
    file_checks.check_not_polyglot(data)
    detected = UploadType.PDF if data.startswith(b"%PDF-") else _check_zip(data)
    file_checks.check_claims(
        name=raw_name, content_type=getattr(upload, "content_type", None), detected=detected
    )
    if detected is UploadType.PDF:
        _check_pdf(data)
    return CheckedUpload(
        data=data,
        detected_type=detected,
        original_name=safe_file_name(raw_name, detected),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOAD_DIR_NAME


def store(checked: CheckedUpload) -> str:
    """Write the bytes under a fresh random name (never the sender's); returns that name."""
    directory = upload_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    stored_name = f"{secrets.token_hex(20)}{_EXTENSIONS[checked.detected_type]}"
    handle, temp_path = tempfile.mkstemp(dir=directory, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(checked.data)
        os.chmod(temp_path, 0o600)
        os.replace(temp_path, directory / stored_name)
    except BaseException:
        Path(temp_path).unlink(missing_ok=True)
        raise
    return stored_name


def path_of(stored_name: str) -> Path:
    """Where a stored upload lives; refuses any name that could leave the upload folder."""
    if not re.fullmatch(r"[0-9a-f]{40}\.(pdf|docx|odt)", stored_name):
        raise FileNotFoundError(stored_name)
    return upload_dir() / stored_name


def discard(stored_name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        path_of(stored_name).unlink(missing_ok=True)


def as_download(response: HttpResponseBase, label: str) -> HttpResponseBase:
    """Headers for a document leaving the system: always a download (never shown in the browser)
    named by its label (RFC 6266, so a non-ASCII label survives), never sniffed into another type,
    never cached, and sandboxed should a browser render it anyway."""
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=label)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
