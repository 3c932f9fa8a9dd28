import pytest

from authorities.models import Role
from conferences.models import Conference, Invitation
from tests.factories import ConferenceFactory, InvitationFactory, MembershipFactory, StrategyDiscussionFactory


@pytest.mark.django_db
def test_factories_build_a_coherent_case_in_one_authority():
    invitation = InvitationFactory()
    conference = invitation.conference
    authority = conference.authority
    assert {conference.family.authority, conference.chair.authority, invitation.membership.authority} == {
        authority
    }
    assert conference.chair.role == Role.CHAIR and invitation.membership.role == Role.PRACTITIONER
    assert conference.children.count() == 1
    assert Invitation.objects.for_authority(authority).visible_to(invitation.membership).get() == invitation
    assert Conference.objects.for_authority(authority).visible_to(invitation.membership).get() == conference
    discussion = StrategyDiscussionFactory(family=conference.family)
    assert discussion.recorded_by == conference.social_worker


@pytest.mark.django_db
def test_a_practitioner_not_invited_sees_no_conference():
    conference = ConferenceFactory()
    InvitationFactory(conference=conference)  # someone else is invited
    outsider = MembershipFactory(authority=conference.authority, role=Role.PRACTITIONER)
    assert (
        not Conference.objects.for_authority(conference.authority)
        .visible_to(outsider)
        .filter(pk=conference.pk)
        .exists()
    )
