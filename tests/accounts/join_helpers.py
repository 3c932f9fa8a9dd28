"""Helpers for the account-invitation tests: a scheduled conference and an e-mail invitation to
someone new, sent the way the social worker's page sends it (service, then the task after commit)."""

from __future__ import annotations

import re

from authorities.models import Agency
from conferences.models import ConferenceKind
from conferences.preparation import services as scheduling
from tests.conferences.sw_helpers import at, working_day

JOIN_LINK = re.compile(r"https?://\S+/accounts/join/([A-Za-z0-9_-]+)/")
NEW_PASSWORD = "a long new password 2026"


def book(case, *, day: int = 3):
    return scheduling.schedule_conference(
        by=case.social_worker,
        family_id=case.family.pk,
        kind=ConferenceKind.INITIAL,
        starts_at=at(working_day(case.authority, day)),
        chair_id=case.chair.pk,
        venue_id=case.venue.pk,
    )


def housing(authority):
    return Agency.framework_objects.get_or_create(
        authority=authority, name=f"{authority.name} Housing", defaults={"type": "housing"}
    )[0]


def invite_by_email(capture, case, conference, *, email="robin@housing.example.test", agency=None, name=None):
    """Invite someone by e-mail and run the e-mail task; returns the invitation."""
    agency = agency or housing(case.authority)
    with capture(execute=True):
        return scheduling.invite_professional(
            by=case.social_worker,
            conference_id=conference.pk,
            name=name or "Robin New",
            email=email,
            agency_id=agency.pk,
        )


def token_in(message) -> str:
    match = JOIN_LINK.search(message.body)
    assert match, f"no join link in:\n{message.body}"
    return match.group(1)


def new_user_form(**overrides) -> dict:
    data = {
        "full_name": "Robin New",
        "job_title": "Housing officer",
        "phone": "01234 567890",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data
