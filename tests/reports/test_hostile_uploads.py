"""Hostile uploads: PDFs that act by themselves, polyglots, a name or declared type that lies about
the content, and zip bombs shaped as Word documents. Each is built in the test, refused on the
`file` field through the service, the page and the API, and leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from authorities.models import Authority
from reports import services
from reports.file_checks import UploadRefused
from reports.models import AgencyReport, ReportUpload
from tests.factories import ConferenceFactory, InvitationFactory
from tests.reports import malicious
from tests.reports.helpers import docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

ACTIVE = "refused, not cleaned"
HOSTILE_PDFS = [
    (malicious.pdf_with_javascript, "JavaScript"),
    (malicious.pdf_with_escaped_javascript_name, "JavaScript"),
    (malicious.pdf_with_open_action, "OpenAction"),
    (malicious.pdf_with_page_auto_action, "(AA)"),
    (malicious.pdf_with_launch_action, "(Launch)"),
    (malicious.pdf_with_embedded_file, "(EmbeddedFile)"),
    (malicious.pdf_with_rich_media, "(RichMedia)"),
    (malicious.pdf_with_xfa_form, "(XFA)"),
]


@pytest.fixture
def invitation(invite):
    return invite("staffordshire")


def _nothing_kept(invitation) -> None:
    assert not ReportUpload.objects.for_authority(invitation.authority).exists()
    assert not AgencyReport.objects.for_authority(invitation.authority).exists()
    folder = Path(settings.MEDIA_ROOT) / "reports"
    assert not folder.exists() or not any(folder.iterdir())


def _refused(invitation, name: str, data: bytes, content_type: str = "application/octet-stream") -> str:
    with pytest.raises(ValidationError) as refused:
        services.upload_report(
            invitation_id=invitation.pk,
            by=invitation.membership,
            file=SimpleUploadedFile(name, data, content_type=content_type),
            signed=True,
        )
    _nothing_kept(invitation)
    return " ".join(refused.value.message_dict["file"])


@pytest.mark.parametrize(("maker", "named"), HOSTILE_PDFS, ids=[m.__name__ for m, _ in HOSTILE_PDFS])
def test_a_pdf_that_acts_by_itself_is_refused_naming_what_it_carries(invitation, maker, named):
    message = _refused(invitation, "report.pdf", maker(), "application/pdf")
    assert "The PDF contains active content" in message and named in message and ACTIVE in message


def test_the_same_hand_written_pdf_without_active_content_is_accepted(invitation):
    report = services.upload_report(
        invitation_id=invitation.pk,
        by=invitation.membership,
        file=SimpleUploadedFile("report.pdf", malicious.plain_raw_pdf(), content_type="application/pdf"),
        signed=True,
    )
    assert report.upload.detected_type == "pdf"


@pytest.mark.parametrize(
    ("maker", "name", "expected"),
    [
        (malicious.pdf_html_polyglot, "report.pdf", "web page markup (HTML or script) near its start"),
        (malicious.html_then_pdf, "report.pdf", "other content before its PDF header"),
        (malicious.pdf_zip_polyglot, "report.pdf", "both a PDF and a compressed archive"),
        (malicious.docx_pdf_polyglot, "report.docx", "other content before its PDF header"),
    ],
    ids=["pdf-html", "html-then-pdf", "pdf-zip", "docx-with-a-pdf-first"],
)
def test_a_polyglot_is_refused(invitation, maker, name, expected):
    assert expected in _refused(invitation, name, maker())


@pytest.mark.parametrize(
    ("name", "content_type", "data", "expected"),
    [
        ("report.docx", "application/pdf", pdf_bytes, "name ends .docx but its content is a PDF"),
        ("report.odt", "application/octet-stream", docx_bytes, "name ends .odt but its content is a Word"),
        ("report.html", "application/octet-stream", pdf_bytes, "name ends .html"),
        ("report.pdf", "text/html", pdf_bytes, "sent as text/html but its content is a PDF"),
        ("report.pdf", malicious.DOCX_MIME, pdf_bytes, f"sent as {malicious.DOCX_MIME}"),
    ],
    ids=["pdf-named-docx", "docx-named-odt", "pdf-named-html", "pdf-sent-as-html", "pdf-sent-as-word"],
)
def test_a_file_that_claims_another_type_than_its_content_is_refused(
    invitation, name, content_type, data, expected
):
    assert expected in _refused(invitation, name, data(), content_type)


def test_a_zip_bomb_shaped_as_a_word_document_is_refused_on_its_compression_ratio(invitation):
    bomb = malicious.docx_bomb(megabytes=5)
    assert len(bomb) < 20 * 1024  # 5 MB of zeros, a few kB on the wire
    message = _refused(invitation, "report.docx", bomb, malicious.DOCX_MIME)
    assert "expands to 5.0 MB or more" in message and "and 100 times its size are accepted" in message


def test_an_office_file_over_the_decompressed_size_limit_is_refused(invitation, settings):
    settings.REPORT_UPLOAD_MAX_DECOMPRESSED_BYTES = 1024 * 1024
    settings.REPORT_UPLOAD_MAX_COMPRESSION_RATIO = 1_000_000  # only the size limit is in play
    message = _refused(invitation, "report.docx", malicious.docx_bomb(megabytes=2))
    assert "expands to 2.0 MB or more" in message and "at most 1.0 MB" in message


def test_an_office_file_with_too_many_parts_is_refused(invitation):
    message = _refused(invitation, "report.docx", malicious.docx_of_many_parts(1001))
    assert "holds 1003 parts inside; at most 1000 are accepted" in message


def test_the_member_limit_is_a_setting(invitation, settings):
    settings.REPORT_UPLOAD_MAX_ARCHIVE_MEMBERS = 10
    assert "at most 10 are accepted" in _refused(invitation, "report.docx", malicious.docx_of_many_parts(9))


def test_an_office_file_whose_header_understates_its_size_is_refused(invitation):
    assert "damaged" in _refused(invitation, "report.docx", malicious.docx_with_lying_size())


def test_a_word_document_with_macros_is_refused(invitation):
    assert "contains macros" in _refused(invitation, "report.docx", malicious.docx_with_macros())


def test_the_limits_leave_an_ordinary_word_document_alone(invitation):
    report = services.upload_report(
        invitation_id=invitation.pk,
        by=invitation.membership,
        file=SimpleUploadedFile(
            "report.docx", malicious.docx_of_many_parts(50), content_type=malicious.DOCX_MIME
        ),
        signed=True,
    )
    assert report.upload.detected_type == "docx"


HOSTILE_FILES = [
    ("report.pdf", malicious.pdf_with_javascript, "active content"),
    ("report.pdf", malicious.pdf_html_polyglot, "web page markup"),
    ("report.docx", malicious.docx_bomb, "compressed bomb"),
]


@pytest.mark.parametrize(("name", "maker", "expected"), HOSTILE_FILES, ids=["js", "polyglot", "bomb"])
def test_the_upload_page_shows_the_refusal_on_the_file_field(client, invitation, name, maker, expected):
    client.force_login(invitation.membership.user)
    response = client.post(
        f"/staffordshire/invitations/{invitation.pk}/report/upload/",
        {"file": SimpleUploadedFile(name, maker()), "signed": "on"},
    )
    assert response.status_code == 400
    assert expected in response.context["form"].errors["file"][0]
    assert expected in response.content.decode()
    _nothing_kept(invitation)


@pytest.mark.parametrize(("name", "maker", "expected"), HOSTILE_FILES, ids=["js", "polyglot", "bomb"])
def test_the_api_answers_400_naming_the_file_field(client, invitation, name, maker, expected):
    client.force_login(invitation.membership.user)
    response = client.post(
        f"/api/v1/staffordshire/report-invitations/{invitation.pk}/upload/",
        {"file": SimpleUploadedFile(name, maker()), "signed": "true"},
    )
    assert response.status_code == 400
    assert expected in response.json()["file"][0]
    _nothing_kept(invitation)


def test_a_parents_views_document_gets_the_same_checks_on_the_page(client):
    conference = ConferenceFactory(family__authority=Authority.objects.get(slug="hartlepool"))
    parent = InvitationFactory(conference=conference, kind="parent", membership=None, name="Alex Parent")
    client.force_login(conference.social_worker.user)
    response = client.post(
        f"/hartlepool/invitations/{parent.pk}/parent-views/",
        {"file": SimpleUploadedFile("views.pdf", malicious.pdf_with_launch_action())},
    )
    assert response.status_code == 400
    assert "(Launch)" in response.context["form"].errors["file"][0]
    _nothing_kept(parent)


def test_a_download_is_an_attachment_named_by_its_label_never_by_the_stored_name(client, invitation):
    report = services.upload_report(
        invitation_id=invitation.pk,
        by=invitation.membership,
        file=SimpleUploadedFile('Rapport "médical" <b>.pdf', pdf_bytes(), content_type="application/pdf"),
        signed=True,
    )
    upload = report.upload
    assert upload.original_name == "Rapport _médical_ _b.pdf"
    client.force_login(invitation.membership.user)
    for url in (
        f"/staffordshire/reports/{report.pk}/file/",
        f"/api/v1/staffordshire/agency-reports/{report.pk}/file/",
    ):
        response = client.get(url)
        assert response.status_code == 200
        disposition = response["Content-Disposition"]
        assert disposition == "attachment; filename*=utf-8''Rapport%20_m%C3%A9dical_%20_b.pdf"
        assert upload.stored_name not in disposition
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["Police report", "Conference 12.03", "report.PDF", "report."])
def test_a_name_that_claims_no_other_type_is_not_held_against_a_pdf(name):
    from reports.file_checks import check_claims
    from reports.models import UploadType

    check_claims(name=name, content_type="application/pdf", detected=UploadType.PDF)  # no refusal
    with pytest.raises(UploadRefused):
        check_claims(name=f"{name}.doc", content_type="", detected=UploadType.PDF)
