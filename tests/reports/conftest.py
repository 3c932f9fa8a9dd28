"""Fixtures for the report tests: files built in memory, a private MEDIA_ROOT, and an invited
practitioner in a chosen authority."""

from __future__ import annotations

import pytest

from authorities.models import Authority, Role
from tests.factories import AgencyFactory, ConferenceFactory, InvitationFactory, MembershipFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture
def invite(db):
    """invite(slug or authority, starts_at=..., kind=..., agency_type=..., membership=...) → Invitation."""

    def make(authority, *, starts_at=None, agency_type="health_visiting", membership=None, **kwargs):
        if isinstance(authority, str):
            authority = Authority.objects.get(slug=authority)
        if membership is None:
            agency = AgencyFactory(authority=authority, type=agency_type)
            membership = MembershipFactory(authority=authority, role=Role.PRACTITIONER, agency=agency)
        conference_kwargs = {"family__authority": authority}
        if starts_at is not None:
            conference_kwargs["starts_at"] = starts_at
        conference = kwargs.pop("conference", None) or ConferenceFactory(**conference_kwargs)
        return InvitationFactory(conference=conference, membership=membership, **kwargs)

    return make
