"""People read dates in words and messages in words first: no page of the demo journey, and no
notification, escalation or e-mail it writes, shows an ISO date (2026-12-29) where a person reads
it or a text led by a rule id ("QUORUM: …" rather than "… (QUORUM)"). Addresses, form values and
machine formats (API JSON, CSV, calendar files) keep ISO and are not scanned here."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from authorities.models import Authority
from cases.models import Family
from conferences.models import Conference
from cpc.seeding.demo import DEMO_PASSWORD, SHARED_PRACTITIONER_EMAIL
from scheduling.models import Escalation, Notification
from tests.words import lines_led_by_a_rule_id

ISO_DATE = re.compile(r"\b(19|20)\d\d-[01]\d-[0-3]\d\b")
HIDDEN = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.DOTALL)


def _text(html: str) -> str:
    return HIDDEN.sub("\n", html)


def _pages(slug: str) -> list[str]:
    authority = Authority.objects.get(slug=slug)
    family = Family.objects.for_authority(authority).order_by("pk").first()
    conference = Conference.objects.for_authority(authority).order_by("pk").first()
    escalation = Escalation.objects.for_authority(authority).order_by("pk").first()
    return [
        f"/{slug}/",
        f"/{slug}/cases/",
        f"/{slug}/cases/{family.pk}/",
        f"/{slug}/conferences/",
        f"/{slug}/conferences/{conference.pk}/",
        f"/{slug}/notifications/",
        f"/{slug}/escalations/",
        f"/{slug}/escalations/{escalation.pk}/",
        f"/{slug}/dashboard/",
        f"/{slug}/rules/",
    ]


@pytest.mark.django_db
def test_the_demo_journey_shows_no_iso_date_nor_a_rule_id_first_on_a_page_or_in_an_e_mail(client):
    call_command("seed_demo", stdout=StringIO())
    for message in mail.outbox:
        assert not ISO_DATE.search(message.subject), message.subject
        assert not ISO_DATE.search(message.body), message.body
        assert not lines_led_by_a_rule_id(f"{message.subject}\n{message.body}"), message.body
    everywhere = "test: every text the demo wrote"
    for note in Notification.objects.unscoped(reason=everywhere):
        assert not lines_led_by_a_rule_id(f"{note.subject}\n{note.body}"), note.body
    for escalation in Escalation.objects.unscoped(reason=everywhere):
        assert not lines_led_by_a_rule_id(escalation.reason), escalation.reason
    slug = "staffordshire"
    for login in ("social.worker", "team.manager", "chair"):
        client.post("/login/", {"username": f"{login}@{slug}.demo.test", "password": DEMO_PASSWORD})
        for url in _pages(slug):
            response = client.get(url)
            if response.status_code != 200:
                continue  # a page this role may not open
            text = _text(response.content.decode())
            found = ISO_DATE.search(text)
            assert found is None, f"{login} sees {found[0]} on {url}"
            assert not lines_led_by_a_rule_id(text), f"{login} sees {lines_led_by_a_rule_id(text)} on {url}"
        client.post("/logout/")
    client.post("/login/", {"username": SHARED_PRACTITIONER_EMAIL, "password": DEMO_PASSWORD})
    for url in ("/my-conferences/", f"/{slug}/", f"/{slug}/conferences/"):
        found = ISO_DATE.search(_text(client.get(url).content.decode()))
        assert found is None, f"the police officer sees {found[0]} on {url}"
