"""Uploaded reports are judged by their content and kept outside the web root; a refused file
leaves nothing behind (no row, no file)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reports import services, uploads
from reports.models import AgencyReport, ReportUpload
from tests.reports.helpers import docx_bytes, odt_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

ZIP_WITHOUT_OFFICE_PARTS = b"PK\x03\x04" + b"\x00" * 26  # a damaged zip header


def _stored_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "reports"
    return sorted(folder.iterdir()) if folder.exists() else []


def _upload(invitation, name: str, data: bytes, content_type: str = "application/pdf"):
    return services.upload_report(
        invitation_id=invitation.pk,
        by=invitation.membership,
        file=SimpleUploadedFile(name, data, content_type=content_type),
        signed=True,
    )


def _refused(invitation, name: str, data: bytes, content_type: str = "application/pdf") -> str:
    with pytest.raises(ValidationError) as refused:
        _upload(invitation, name, data, content_type)
    assert not ReportUpload.objects.for_authority(invitation.authority).exists()
    assert not AgencyReport.objects.for_authority(invitation.authority).exists()
    assert _stored_files() == []
    return " ".join(refused.value.message_dict["file"])


@pytest.fixture
def invitation(invite):
    return invite("staffordshire")


def test_a_real_pdf_is_kept_under_a_random_name_with_its_hash(invitation):
    data = pdf_bytes()
    report = _upload(invitation, "Police report.pdf", data)
    upload = report.upload
    assert upload.detected_type == "pdf"
    assert upload.size == len(data)
    assert upload.sha256 == hashlib.sha256(data).hexdigest()
    assert upload.original_name == "Police report.pdf"
    (stored,) = _stored_files()
    assert stored.name == upload.stored_name and "Police" not in stored.name
    assert stored.read_bytes() == data
    # Outside anything the web server serves: not under the static files or the project's templates.
    assert not stored.resolve().is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert report.version == 1 and report.status == "submitted" and report.kind == "upload"


@pytest.mark.parametrize(
    ("maker", "name", "kind"),
    [(docx_bytes, "report.docx", "docx"), (odt_bytes, "report.odt", "odt")],
)
def test_word_and_opendocument_files_are_recognised_by_content(invitation, maker, name, kind):
    report = _upload(invitation, name, maker(), "application/octet-stream")
    assert report.upload.detected_type == kind


def test_a_file_whose_name_says_another_type_than_its_content_is_refused(invitation):
    message = _refused(invitation, "actually-word.pdf", docx_bytes())
    assert "name ends .pdf but its content is a Word document (.docx)" in message


def test_a_name_without_an_extension_is_labelled_by_what_the_file_is(invitation):
    report = _upload(invitation, "Police report", docx_bytes(), "application/octet-stream")
    assert report.upload.detected_type == "docx"
    assert report.upload.original_name == "Police report.docx"


def test_an_html_page_disguised_as_a_pdf_is_refused(invitation):
    message = _refused(invitation, "report.pdf", b"<html><script>alert(1)</script></html>")
    assert "not a PDF, Word (.docx) or OpenDocument" in message


def test_a_program_disguised_as_a_word_document_is_refused(invitation):
    message = _refused(
        invitation,
        "report.docx",
        b"MZ\x90\x00" + b"\x00" * 200,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    assert "whatever its name says" in message


def test_a_zip_that_is_not_an_office_document_is_refused(invitation):
    import io
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("payload.exe", b"MZ")
    assert "not a Word (.docx)" in _refused(invitation, "report.docx", archive.getvalue())


def test_a_damaged_zip_is_refused(invitation):
    assert "damaged" in _refused(invitation, "report.odt", ZIP_WITHOUT_OFFICE_PARTS)


def test_an_empty_file_is_refused(invitation):
    assert "empty" in _refused(invitation, "report.pdf", b"")


def test_a_file_over_20_mb_is_refused(invitation):
    data = b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024)
    assert "larger than 20 MB" in _refused(invitation, "big.pdf", data)


def test_an_encrypted_pdf_is_refused(invitation):
    assert "password-protected" in _refused(invitation, "locked.pdf", pdf_bytes(encrypt=True))


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\nthis is not really a pdf", pdf_bytes()[:300], b"%PDF-1.4\n%%EOF"],
    ids=["garbage", "truncated", "no-body"],
)
def test_a_malformed_pdf_is_refused(invitation, data):
    assert "damaged" in _refused(invitation, "report.pdf", data)


@pytest.mark.parametrize("name", ["..\\..\\windows\\report.pdf", "reports\\2026\\report.pdf"])
def test_a_path_in_the_file_name_is_refused(invitation, name):
    assert "folder path" in _refused(invitation, name, pdf_bytes())


def test_a_path_sent_in_a_multipart_upload_never_reaches_the_disk(client, invitation):
    """Django's multipart parser drops the folders before we see the name; what is left is made
    safe, and the file is stored under a random name regardless."""
    client.force_login(invitation.membership.user)
    upload = SimpleUploadedFile("x.pdf", pdf_bytes(), content_type="application/pdf")
    upload.name = "../../../etc/passwd.pdf"
    url = f"/staffordshire/invitations/{invitation.pk}/report/upload/"
    response = client.post(url, {"file": upload, "signed": "on"})
    assert response.status_code == 302
    stored = ReportUpload.objects.for_authority(invitation.authority).get()
    assert stored.original_name == "passwd.pdf"
    assert [p.name for p in _stored_files()] == [stored.stored_name]


def test_unsafe_characters_in_a_name_are_replaced():
    assert uploads.safe_file_name('re<po>rt:"1".pdf', uploads.UploadType.PDF) == "re_po_rt_1.pdf"


def test_the_page_shows_the_reason_and_stores_nothing(client, invitation):
    client.force_login(invitation.membership.user)
    upload = SimpleUploadedFile("report.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    response = client.post(
        f"/staffordshire/invitations/{invitation.pk}/report/upload/", {"file": upload, "signed": "on"}
    )
    assert response.status_code == 400
    assert "whatever its name says" in response.content.decode()
    assert _stored_files() == []


def test_the_api_upload_applies_the_same_checks(client, invitation):
    client.force_login(invitation.membership.user)
    url = f"/api/v1/staffordshire/report-invitations/{invitation.pk}/upload/"
    bad = client.post(url, {"file": SimpleUploadedFile("r.pdf", pdf_bytes(encrypt=True)), "signed": "true"})
    assert bad.status_code == 400 and "password-protected" in bad.json()["file"][0]
    assert _stored_files() == []
    good = client.post(url, {"file": SimpleUploadedFile("r.pdf", pdf_bytes()), "signed": "true"})
    assert good.status_code == 201, good.content
    body = good.json()
    assert body["version"] == 1 and body["upload"]["detected_type"] == "pdf"
    download = client.get(body["file_url"])
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")


def test_an_upload_must_be_signed(invitation):
    with pytest.raises(ValidationError) as refused:
        services.upload_report(
            invitation_id=invitation.pk,
            by=invitation.membership,
            file=SimpleUploadedFile("r.pdf", pdf_bytes()),
            signed=False,
        )
    assert "signed" in refused.value.message_dict
    assert _stored_files() == []


def test_uploads_are_refused_where_the_rule_set_switches_own_forms_off(invitation):
    from authorities.models import RuleSetting
    from authorities.rules.checks import RuleViolation

    RuleSetting.objects.for_authority(invitation.authority).filter(rule_id="REPORT-OWN-FORM").update(
        mode="off"
    )
    with pytest.raises(RuleViolation) as refused:
        _upload(invitation, "r.pdf", pdf_bytes())
    assert refused.value.rule_id == "REPORT-OWN-FORM"
    assert _stored_files() == []


def test_the_file_is_served_only_through_the_checked_view(client, invitation, member_of):
    data = pdf_bytes()
    report = _upload(invitation, "r.pdf", data)
    url = f"/staffordshire/reports/{report.pk}/file/"
    client.force_login(invitation.membership.user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="r.pdf"'
    assert b"".join(response.streaming_content) == data
    outsider = member_of(invitation.authority, "practitioner")
    client.force_login(outsider.user)
    assert client.get(url).status_code == 404
