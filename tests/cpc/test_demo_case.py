"""The demo data gives every authority a case at the point this issue ends: a strategy
discussion, an initial conference inside ICPC-15WD, professionals and a parent invited."""

import pytest

from authorities.models import Authority
from cases.models import Family
from conferences.models import Conference
from cpc.seeding.demo import SHARED_PRACTITIONER_EMAIL, seed_demo
from scheduling.models import Deadline

pytestmark = pytest.mark.django_db


def test_every_authority_gets_a_demo_case_with_a_scheduled_conference_and_deadlines(mailoutbox):
    seed_demo()
    seed_demo()  # safe to run twice
    for authority in Authority.objects.filter(is_active=True):
        family = Family.objects.for_authority(authority).get(reference="DEMO-0001")
        assert family.children.count() == 2 and family.people.count() == 2
        conference = Conference.objects.for_authority(authority).get(family=family)
        assert conference.chair.user.email == f"chair@{authority.slug}.demo.test"
        invited = sorted(i.kind for i in conference.invitations.all())
        # The police officer who works for two authorities is invited in each of them too.
        shared = conference.invitations.filter(membership__user__email=SHARED_PRACTITIONER_EMAIL).exists()
        assert invited == ["parent", "professional", "professional"] + ["professional"] * shared
        rules = set(
            Deadline.objects.for_authority(authority)
            .filter(family_id=family.pk)
            .values_list("rule_id", flat=True)
        )
        assert {"ICPC-15WD", "SW-REPORT", "REPORT-2WD"} <= rules
