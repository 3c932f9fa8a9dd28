"""Hostile files built in memory for the upload tests: no binary fixtures, every byte visible here."""

from __future__ import annotations

import io
import zipfile

from tests.reports.helpers import docx_bytes, pdf_bytes

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def raw_pdf(*objects: bytes, root: int = 1, head: bytes = b"%PDF-1.7\n") -> bytes:
    """A PDF written by hand: `objects[i]` becomes object i+1, with a correct cross-reference
    table, so a test can put any key (escaped, orphaned...) where pypdf will find it."""
    out = bytearray(head)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


PAGE_TREE = (
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
)


def plain_raw_pdf() -> bytes:
    return raw_pdf(*PAGE_TREE)


def _written(build) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _page_action(key: str, action: dict):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    def build(writer):
        value = DictionaryObject(
            {
                NameObject(k): (NameObject(v) if v.startswith("/") else TextStringObject(v))
                for k, v in action.items()
            }
        )
        writer.pages[0][NameObject(key)] = DictionaryObject({NameObject("/O"): value})

    return build


def pdf_with_javascript() -> bytes:
    """A document-level script (the /Names /JavaScript tree): it runs when the file is opened."""
    return raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R /Names << /JavaScript << /Names [(x) 4 0 R] >> >> >>",
        *PAGE_TREE[1:],
        b"<< /S /JavaScript /JS (app.alert('hello');) >>",
    )


def pdf_with_open_action() -> bytes:
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    def build(writer):
        page = writer.pages[0].indirect_reference
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): ArrayObject([page, NameObject("/Fit")])}
        )

    return _written(build)


def pdf_with_page_auto_action() -> bytes:
    return _written(_page_action("/AA", {"/S": "/GoTo", "/D": "(top)"}))


def pdf_with_launch_action() -> bytes:
    """A link that launches a program (the action's /S is /Launch)."""
    return raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /Launch /F (cmd.exe) >> >>",
    )


def pdf_with_embedded_file() -> bytes:
    return _written(lambda writer: writer.add_attachment("invoice.exe", b"MZ\x90\x00"))


def pdf_with_rich_media() -> bytes:
    return raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 100 100] >>",
    )


def pdf_with_xfa_form() -> bytes:
    return raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] /XFA 4 0 R >> >>",
        *PAGE_TREE[1:],
        b"<< /Length 9 >>\nstream\n<xdp:xdp>\nendstream",
    )


def pdf_with_escaped_javascript_name() -> bytes:
    """`/J#61vaScript` is `/JavaScript` spelled with an escape, in an object no page refers to."""
    return raw_pdf(*PAGE_TREE, b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>")


def pdf_html_polyglot() -> bytes:
    """A real PDF whose second line, a PDF comment, is a web page with a script."""
    return raw_pdf(*PAGE_TREE, head=b"%PDF-1.7\n%<html><body><script>alert(document.cookie)</script>\n")


def html_then_pdf() -> bytes:
    """A web page first, a PDF after it: PDF readers still find the header within 1024 bytes."""
    return b"<!-- -->\n" + pdf_bytes()


def pdf_zip_polyglot() -> bytes:
    return pdf_bytes() + docx_bytes()


def docx_pdf_polyglot() -> bytes:
    """A Word document whose first part, stored uncompressed, is a PDF."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("customXml/item.bin", pdf_bytes())
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as real, zipfile.ZipFile(out, "a") as archive:
        for info in real.infolist():
            archive.writestr(info, real.read(info))
    return out.getvalue()


def _docx_with(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as real, zipfile.ZipFile(out, "w", compression) as archive:
        for info in real.infolist():
            archive.writestr(info.filename, real.read(info))
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_bomb(megabytes: int = 5) -> bytes:
    """A Word document whose body is megabytes of zeros: a few kB on the wire."""
    return _docx_with({"word/media/filler.bin": b"\0" * (megabytes * 1024 * 1024)})


def docx_of_many_parts(count: int) -> bytes:
    return _docx_with({f"word/part{n}.xml": b"<p/>" for n in range(count)})


def docx_with_macros() -> bytes:
    return _docx_with({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"})


def docx_with_lying_size() -> bytes:
    """The central directory says the body is 100 bytes; it decompresses to 3 MB."""
    data = bytearray(_docx_with({"word/media/filler.bin": b"\0" * (3 * 1024 * 1024)}))
    entry = data.rindex(b"PK\x01\x02")  # the last central directory entry: the filler
    data[entry + 24 : entry + 28] = (100).to_bytes(4, "little")
    return bytes(data)
