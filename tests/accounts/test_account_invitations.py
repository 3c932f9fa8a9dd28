"""Someone new, invited to a conference by e-mail, gets a link to create an account; following it
makes their user and a practitioner membership, links every invitation of that authority sent to
their address, and makes them responsible for those reports. Links are single-use, expire, and
say nothing about any authority when unknown."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ACCOUNT_INVITATION_DAYS, AccountInvitation, AccountInvitationToken
from accounts.services import hash_token, link_pending_invitations
from authorities.models import Membership, Role
from conferences.models import Invitation
from scheduling.services import deadline_for
from tests.accounts.join_helpers import (
    NEW_PASSWORD,
    book,
    invite_by_email,
    new_user_form,
    token_in,
)
from tests.conferences.sw_helpers import make_case
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "robin@housing.example.test"


def join_url(token: str) -> str:
    return f"/accounts/join/{token}/"


def test_someone_new_invited_by_email_gets_a_join_link_and_only_its_hash_is_kept(invited, mailoutbox):
    case, _, agency, invitation = invited
    (message,) = mailoutbox
    assert message.to == [EMAIL]
    assert f"{settings.SITE_URL}/accounts/join/" in message.body
    assert "administrator will give you one" not in message.body
    token = token_in(message)
    account_invitation = AccountInvitation.objects.for_authority(case.authority).get(email=EMAIL)
    assert account_invitation.agency == agency and account_invitation.role == Role.PRACTITIONER
    assert account_invitation.invited_by == case.social_worker
    expected = timezone.now() + timedelta(days=ACCOUNT_INVITATION_DAYS)
    assert abs(account_invitation.expires_at - expected) < timedelta(minutes=1)
    (link,) = AccountInvitationToken.objects.for_authority(case.authority).filter(
        invitation=account_invitation
    )
    assert link.token_hash == hash_token(token) and token not in link.token_hash
    assert invitation.membership is None


def test_following_the_link_creates_the_account_and_links_every_invitation_to_that_address(
    client, invited, mailoutbox, django_capture_on_commit_callbacks
):
    case, _, agency, first = invited
    # A second conference of the same authority, to the same address (in another case): same account
    # invitation, refreshed, not a second one.
    other_case = make_case(case.authority, name="Jones family")
    other_case.discussion()
    second_conference = book(other_case, day=4)
    second = invite_by_email(
        django_capture_on_commit_callbacks, other_case, second_conference, email="Robin@Housing.example.test"
    )
    assert AccountInvitation.objects.for_authority(case.authority).filter(email=EMAIL).count() == 1
    first_link, second_link = token_in(mailoutbox[0]), token_in(mailoutbox[1])
    assert first_link != second_link

    page = client.get(join_url(first_link))
    assert page.status_code == 200
    body = page.content.decode()
    assert case.authority.name in body and agency.name in body and "Create your account" in body

    response = client.post(join_url(first_link), new_user_form())
    assert response.status_code == 302 and response["Location"] == reverse("my-conferences")

    user = get_user_model().objects.get(email=EMAIL)
    assert (
        user.full_name == "Robin New"
        and user.job_title == "Housing officer"
        and user.check_password(NEW_PASSWORD)
    )
    membership = Membership.objects.for_authority(case.authority).get(user=user)
    assert membership.role == Role.PRACTITIONER and membership.agency == agency
    for invitation in (first, second):
        invitation.refresh_from_db()
        assert invitation.membership == membership
        deadline = deadline_for(authority=case.authority, rule_id="REPORT-2WD", subject=invitation)
        assert deadline.responsible == membership
    account_invitation = AccountInvitation.objects.for_authority(case.authority).get(email=EMAIL)
    assert account_invitation.accepted_at and account_invitation.membership == membership
    assert account_invitation.history.first().history_change_reason == "accepted"

    # Signed in, and the conferences are there to write the reports for.
    mine = client.get(reverse("my-conferences"))
    assert mine.status_code == 200
    assert "Smith family" in mine.content.decode() and "Jones family" in mine.content.decode()
    # Accepting closed every link of the invitation, including the second e-mail's.
    assert client.get(join_url(second_link)).status_code == 410


def test_the_same_link_twice_is_refused_and_makes_one_user(invited, mailoutbox):
    token = token_in(mailoutbox[0])
    assert Client().post(join_url(token), new_user_form()).status_code == 302
    again = Client().post(join_url(token), new_user_form(full_name="Someone Else"))
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert get_user_model().objects.filter(email__iexact=EMAIL).count() == 1
    assert get_user_model().objects.get(email=EMAIL).full_name == "Robin New"


def test_an_expired_link_is_refused_with_a_friendly_page(client, invited, mailoutbox):
    case, *_ = invited
    token = token_in(mailoutbox[0])
    AccountInvitation.objects.for_authority(case.authority).filter(email=EMAIL).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    for response in (client.get(join_url(token)), client.post(join_url(token), new_user_form())):
        assert response.status_code == 410
        assert "This invitation has expired" in response.content.decode()
    assert not get_user_model().objects.filter(email__iexact=EMAIL).exists()


def test_an_unknown_link_is_refused_without_naming_any_authority(client, invited):
    case, *_ = invited
    for token in ("not-a-real-token", "x" * 43, "y" * 500):
        for response in (client.get(join_url(token)), client.post(join_url(token), new_user_form())):
            assert response.status_code == 404
            body = response.content.decode()
            assert "This link is not valid" in body
            assert case.authority.name not in body and "Alphashire" not in body
    assert not get_user_model().objects.filter(email__iexact=EMAIL).exists()


def test_the_form_names_the_field_that_is_wrong(client, invited, mailoutbox):
    token = token_in(mailoutbox[0])
    response = client.post(join_url(token), new_user_form(full_name="", password2="something else entirely"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter your full name" in body and "The passwords do not match" in body
    assert 'href="#id_full_name"' in body and "Error: Create your account" in body
    weak = client.post(join_url(token), new_user_form(password1="password", password2="password"))
    assert "This password is too short" in weak.content.decode()
    assert not get_user_model().objects.filter(email__iexact=EMAIL).exists()


def test_the_join_page_refuses_a_post_without_the_csrf_token(invited, mailoutbox):
    token = token_in(mailoutbox[0])
    response = Client(enforce_csrf_checks=True).post(join_url(token), new_user_form())
    assert response.status_code == 403
    assert not get_user_model().objects.filter(email__iexact=EMAIL).exists()


def test_someone_with_an_account_elsewhere_signs_in_then_accepts_and_gains_a_membership_here(
    client, two_authorities, mailoutbox, django_capture_on_commit_callbacks, password
):
    mine, theirs = two_authorities
    elsewhere = MembershipFactory(
        authority=theirs, role=Role.PRACTITIONER, user__email="dana@police.example.test"
    )
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    invitation = invite_by_email(
        django_capture_on_commit_callbacks, case, conference, email="DANA@police.example.test"
    )
    token = token_in(mailoutbox[0])

    response = client.get(join_url(token))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login")) and "next=" in response["Location"]

    # Signing in as a person would, through the form (django-axes' backend needs the request).
    signed_in = client.post(reverse("login"), {"username": "dana@police.example.test", "password": password})
    assert signed_in.status_code == 302
    page = client.get(join_url(token))
    assert page.status_code == 200 and "Accept and join Alphashire" in page.content.decode()
    accepted = client.post(join_url(token))
    assert accepted.status_code == 302 and accepted["Location"] == reverse("my-conferences")

    here = Membership.objects.for_authority(mine).get(user=elsewhere.user)
    assert here.role == Role.PRACTITIONER and here.agency == invitation.agency
    invitation.refresh_from_db()
    assert invitation.membership == here
    assert Membership.objects.for_authority(theirs).get(user=elsewhere.user) == elsewhere
    assert get_user_model().objects.filter(email__iexact="dana@police.example.test").count() == 1


def test_another_signed_in_user_cannot_accept_someone_elses_invitation(
    client, two_authorities, mailoutbox, django_capture_on_commit_callbacks
):
    mine, theirs = two_authorities
    dana = MembershipFactory(authority=theirs, user__email="dana@police.example.test").user
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    invite_by_email(django_capture_on_commit_callbacks, case, conference, email="dana@police.example.test")
    token = token_in(mailoutbox[0])
    intruder = MembershipFactory(authority=theirs).user
    client.force_login(intruder)
    assert client.get(join_url(token)).status_code == 403
    assert client.post(join_url(token)).status_code == 403
    assert not Membership.objects.for_authority(mine).filter(user__in=[intruder, dana]).exists()
    assert (
        AccountInvitation.objects.for_authority(mine).open().filter(email="dana@police.example.test").exists()
    )


def test_joining_one_authority_never_links_another_authoritys_invitations_to_the_same_address(
    client, two_authorities, mailoutbox, django_capture_on_commit_callbacks
):
    mine, theirs = two_authorities
    ours, others = make_case(mine), make_case(theirs, name="Betashire Secret family")
    for case in (ours, others):
        case.discussion()
    invite_by_email(django_capture_on_commit_callbacks, ours, book(ours))
    theirs_invitation = invite_by_email(django_capture_on_commit_callbacks, others, book(others))
    mine_token = next(token_in(m) for m in mailoutbox if "Alphashire" in m.body)

    assert client.post(join_url(mine_token), new_user_form()).status_code == 302
    user = get_user_model().objects.get(email=EMAIL)
    theirs_invitation.refresh_from_db()
    assert theirs_invitation.membership is None
    assert not Membership.objects.for_authority(theirs).filter(user=user).exists()
    assert AccountInvitation.objects.for_authority(theirs).open().filter(email=EMAIL).exists()
    assert "Betashire" not in client.get(reverse("my-conferences")).content.decode()


def test_a_membership_made_in_the_admin_links_the_pending_invitations(client, invited, mailoutbox, password):
    case, _, agency, invitation = invited
    token = token_in(mailoutbox[0])
    admin = MembershipFactory(authority=case.authority, role=Role.AUTHORITY_ADMIN, user__is_staff=True)
    robin = UserFactory(email=EMAIL, full_name="Robin New")
    client.force_login(admin.user)
    response = client.post(
        reverse("admin:authorities_membership_add"),
        {
            "authority": case.authority.pk,
            "user": robin.pk,
            "role": Role.PRACTITIONER,
            "agency": agency.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.for_authority(case.authority).get(user=robin)
    invitation.refresh_from_db()
    assert invitation.membership == membership
    assert (
        deadline_for(authority=case.authority, rule_id="REPORT-2WD", subject=invitation).responsible
        == membership
    )
    # The account invitation is closed: its link now says it has been used.
    assert not AccountInvitation.objects.for_authority(case.authority).open().filter(email=EMAIL).exists()
    client.logout()
    assert client.get(join_url(token)).status_code == 410


def test_linking_skips_family_invitations_and_is_idempotent(invited):
    case, conference, agency, invitation = invited
    parent = Invitation.objects.create(
        authority=case.authority,
        conference=conference,
        kind="parent",
        name="Jo Smith",
        email=EMAIL,
        person=case.mother,
        invited_by="letter",
    )
    robin = UserFactory(email=EMAIL)
    membership = MembershipFactory(
        authority=case.authority, user=robin, role=Role.PRACTITIONER, agency=agency
    )
    assert [i.pk for i in link_pending_invitations(membership=membership)] == [invitation.pk]
    assert link_pending_invitations(membership=membership) == []
    parent.refresh_from_db()
    assert parent.membership is None
