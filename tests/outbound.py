"""What leaves the system (e-mails, their attachments, calendar invitations, notifications) may
carry the case reference, the date, the place and a link, and nothing naming the family or a
child. Tests give the case distinctive names with `name_the_case` and check every message with
`assert_names_absent` (imported as tests.outbound)."""

from __future__ import annotations

import io

import icalendar
from pypdf import PdfReader

from cases.models import Child, Family, Person

FAMILY_NAME = "Quillfeather family"
SURNAME = "Quillfeather"
CHILD_FIRST_NAMES = ("Zephyrine", "Obadiah", "Marigold")
PARENT_FIRST_NAME = "Thessaly"
REFERENCE = "QF-2026-7"
# A reason someone typed about the child: the free text of a move, a cancellation or an escalation.
CHILD_DETAIL = "Zephyrine is in hospital"


def name_the_case(family: Family, *, reference: str = REFERENCE) -> Family:
    """Give the family, its children and its people names no message may carry."""
    Family.framework_objects.filter(pk=family.pk).update(name=FAMILY_NAME, reference=reference)
    for child, first_name in zip(
        Child.framework_objects.filter(family_id=family.pk).order_by("pk"), CHILD_FIRST_NAMES, strict=False
    ):
        Child.framework_objects.filter(pk=child.pk).update(first_name=first_name, last_name=SURNAME)
    Person.framework_objects.filter(family_id=family.pk).update(
        first_name=PARENT_FIRST_NAME, last_name=SURNAME
    )
    return Family.framework_objects.get(pk=family.pk)


def forbidden_words() -> tuple[str, ...]:
    return (SURNAME, *CHILD_FIRST_NAMES, PARENT_FIRST_NAME, "hospital")


def attachment_texts(message) -> list[str]:
    """Each attachment as text: calendar invitations field by field (unfolded), PDFs' text."""
    texts = []
    for _name, content, mimetype in message.attachments:
        if mimetype.startswith("text/calendar"):
            calendar = icalendar.Calendar.from_ical(content)
            texts.append(content.decode() if isinstance(content, bytes) else content)
            for event in calendar.walk("VEVENT"):
                texts.extend(str(value) for value in event.values())
        elif mimetype == "application/pdf":
            reader = PdfReader(io.BytesIO(content))
            texts.append(" ".join(page.extract_text() for page in reader.pages))
        else:
            texts.append(content.decode() if isinstance(content, bytes) else str(content))
    return texts


def assert_names_absent(*texts: str, what: str) -> None:
    for text in texts:
        # Folded calendar lines may split a word: compare with the folds taken out too.
        unfolded = text.replace("\r\n ", "").replace("\n ", "")
        for word in forbidden_words():
            assert word.lower() not in unfolded.lower(), f"{what} names {word!r}: {text[:400]!r}"


def assert_email_names_nobody(message, *, what: str) -> None:
    assert_names_absent(message.subject, message.body, *attachment_texts(message), what=what)


def assert_notification_names_nobody(notification, *, what: str) -> None:
    assert_names_absent(notification.subject, notification.body, notification.url, what=what)
