"""Fixtures shared by the scheduling tests."""

from __future__ import annotations

import pytest

from authorities.models import Role
from tests.factories import MembershipFactory


@pytest.fixture
def people(two_authorities):
    mine, _ = two_authorities  # Barnsley's ladder: team manager and chair, service manager, ...
    manager = MembershipFactory(authority=mine, role=Role.TEAM_MANAGER)
    return {
        "social_worker": MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER, team_manager=manager),
        "team_manager": manager,
        "chair": MembershipFactory(authority=mine, role=Role.CHAIR),
        "service_manager": MembershipFactory(authority=mine, role=Role.SERVICE_MANAGER),
        "head_of_service": MembershipFactory(authority=mine, role=Role.HEAD_OF_SERVICE),
        "practitioner": MembershipFactory(authority=mine, role=Role.PRACTITIONER),
        "business_support": MembershipFactory(authority=mine, role=Role.BUSINESS_SUPPORT),
    }
